/**
 * `.sg-guard.yaml`: found upward from each linted folder (not above the git work tree) or named with
 * --config; every key honoured; flags win; a bad file is one line naming the key, exit 2; the
 * published JSON schema is the key table's and agrees with the checker.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse as yaml } from 'yaml';
import { configJsonSchema, parseConfig } from '../../server/src/config/index';
import { REPO } from '../helpers/paths';
import { lint, lintJson } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

const rule = (name: string, port: string, cidr = '"0.0.0.0/0"'): string =>
  `resource "alicloud_security_group_rule" "${name}" {\n  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "${port}"\n  security_group_id = "sg-1"\n  cidr_ip = ${cidr}\n}\n`;
const MYSQL = rule('mysql', '3306/3306');
const SSH = rule('ssh', '22/22');
const ids = (r: { findings: { ruleId: string; resource: string }[] }): string[] =>
  r.findings.map((f) => `${f.ruleId} ${f.resource}`);

describe('.sg-guard.yaml keys', () => {
  it('ports, severity (and off), unverified, exclude, varFiles, trustedCidrs, maxFileBytes', () => {
    const ws = workspace({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.sg-guard.yaml': [
        'ports: [22, "3306-3307"]',
        'severity:',
        '  sg-risky-ports-check: warning',
        '  sg-port-range-valid: off',
        'unverified: false',
        'exclude: ["legacy/**"]',
        'varFiles: [prod.tfvars]',
        'trustedCidrs: [203.0.113.0/24]',
        'maxFileBytes: 10 bytes',
      ].join('\n'),
      'infra/main.tf': `variable "c" {\n  default = "10.0.0.0/8"\n}\nvariable "u" {}\n${MYSQL}${rule('bad', '-1/-1', '"10.0.0.0/8"')}${rule('viavar', '22/22', 'var.c')}${rule('unknown', '22/22', 'var.u')}`,
      'infra/prod.tfvars': 'c = "0.0.0.0/0"\n',
      'legacy/main.tf': SSH,
      'data/main.tf': `${rule('fromfile', '22/22', 'trimspace(file("cidr.txt"))')}`,
      'data/cidr.txt': '0.0.0.0/0      \n', // 16 bytes
    });
    const r = lintJson(['.'], ws);
    assert.deepEqual(ids(r).sort(), [
      'sg-risky-ports-check alicloud_security_group_rule.mysql',
      'sg-risky-ports-check alicloud_security_group_rule.viavar',
    ]);
    assert.ok(r.findings.every((f) => f.severity === 'warning'));
    assert.deepEqual(r.unverified, [], 'unverified: false (the too-large data file and var.u say nothing)');
    // trustedCidrs feed --fix.
    const fixed = lint(['.', '--fix-dry-run'], ws);
    assert.match(fixed.stdout, /\+c = "203\.0\.113\.0\/24"/);
    assert.ok(fixed.stdout.includes('+  cidr_ip = "203.0.113.0/24"'), fixed.stdout);
  });

  it('the nearest file wins, found from each module folder; none above the git work tree', () => {
    const ws = workspace({
      '.sg-guard.yaml': 'ports: [3306]\n',
      'repo/.git/HEAD': 'x\n',
      'repo/a/main.tf': SSH + MYSQL,
      'repo/b/.sg-guard.yaml': 'ports: [3306]\n',
      'repo/b/main.tf': SSH + MYSQL,
    });
    const r = lintJson(['repo'], ws);
    assert.deepEqual(
      r.findings.map((f) => `${f.file} ${f.resource}`),
      [
        'repo/a/main.tf alicloud_security_group_rule.ssh',
        'repo/b/main.tf alicloud_security_group_rule.mysql',
      ],
    );
  });

  it('--config names the file for every folder; command-line flags win over it', () => {
    const ws = workspace({
      'conf/team.yaml': 'ports: [3306]\nseverity: { sg-risky-ports-check: info }\n',
      'main.tf': SSH + MYSQL,
    });
    const r = lintJson(['.', '--config', 'conf/team.yaml'], ws);
    assert.deepEqual(ids(r), ['sg-risky-ports-check alicloud_security_group_rule.mysql']);
    assert.equal(r.findings[0]!.severity, 'info');
    const over = lintJson(['.', '--config', 'conf/team.yaml', '--ports', '22'], ws);
    assert.deepEqual(ids(over), ['sg-risky-ports-check alicloud_security_group_rule.ssh']);
    const off = lintJson(['.', '--config', 'conf/team.yaml', '--disable', 'sg-risky-ports-check'], ws);
    assert.deepEqual(off.findings, []);
  });
});

describe('varFiles from the file', () => {
  it('apply before the command line: --var-file and --var keep their order after them', () => {
    const ws = workspace({
      '.sg-guard.yaml': 'varFiles: [base.tfvars]\n',
      'main.tf': `variable "c" {\n  default = "10.0.0.0/8"\n}\n${rule('ssh', '22/22', 'var.c')}`,
      'base.tfvars': 'c = "0.0.0.0/0"\n',
      'safe.tfvars': 'c = "10.1.0.0/16"\n',
    });
    assert.equal(lintJson(['.'], ws).findings.length, 1, "the file's var file applies");
    assert.equal(lintJson(['.', '--var-file', 'safe.tfvars'], ws).findings.length, 0, 'a --var-file wins');
    const order = lintJson(['.', '--var', 'c=10.2.0.0/16', '--var-file', 'base.tfvars'], ws);
    assert.equal(order.findings.length, 1, 'a --var-file after a --var wins over it');
    const last = lintJson(['.', '--var-file', 'base.tfvars', '--var', 'c=10.2.0.0/16'], ws);
    assert.equal(last.findings.length, 0, 'a --var after a --var-file wins over it');
  });
});

describe('a bad config file', () => {
  const cases: [string, RegExp][] = [
    ['portz: [22]\n', /\.sg-guard\.yaml:1: portz: unknown key \(keys: ports, trustedCidrs,/],
    ['ports: [22, ssh]\n', /\.sg-guard\.yaml:1: ports\[1\]: "ssh" is not a port or a port range/],
    [
      'severity:\n  sg-risky-ports-check: fatal\n',
      /:2: severity\.sg-risky-ports-check: must be error, warning, info or off, not "fatal"/,
    ],
    ['severity:\n  no-such-rule: off\n', /:2: severity\.no-such-rule: unknown rule "no-such-rule"/],
    [
      'trustedCidrs: [0.0.0.0/0]\n',
      /trustedCidrs\[0\]: "0\.0\.0\.0\/0" is the whole Internet, not a trusted range/,
    ],
    ['trustedCidrs: [office]\n', /trustedCidrs\[0\]: "office" is not a CIDR range/],
    ['maxFileBytes: lots\n', /maxFileBytes: must be a size such as 1048576 or "2 MiB", not "lots"/],
    ['ports: [22\n', /\.sg-guard\.yaml:\d+: not valid YAML: /],
    ['- 22\n', /\.sg-guard\.yaml: must be a mapping of keys/],
  ];
  for (const [text, message] of cases) {
    it(`${JSON.stringify(text)}: one line naming the key, exit 2`, () => {
      const ws = workspace({ '.sg-guard.yaml': text, 'main.tf': SSH });
      const r = lint(['.'], ws);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.split('\n').length, 2, r.stderr);
      assert.match(r.stderr, /^sg-guard lint: /);
      assert.match(r.stderr, message);
    });
  }

  it('a missing --config is one line, exit 2', () => {
    const ws = workspace({ 'main.tf': SSH });
    const r = lint(['.', '--config', 'nope.yaml'], ws);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^sg-guard lint: cannot read .*nope\.yaml: no such file\n$/);
  });
});

describe('the published JSON schema', () => {
  const published = JSON.parse(readFileSync(join(REPO, 'docs', 'sg-guard.schema.json'), 'utf8')) as object;

  it("is the key table's (regenerate: node --import tsx scripts/write-config-schema.ts)", () => {
    assert.deepEqual(published, configJsonSchema());
  });

  it('accepts what the checker accepts and refuses what it refuses', () => {
    const validate = new Ajv({ strict: false }).compile(published);
    const good = [
      'ports: [22, 3389, "8000-8080"]\ntrustedCidrs: [203.0.113.0/24, "2001:db8::/32"]\n',
      'severity: { sg-public-access-check: off }\nexclude: ["a/**"]\nvarFiles: [prod.tfvars]\nunverified: true\nmaxFileBytes: 2 MiB\n',
      'maxFileBytes: 4096\n',
    ];
    const bad = [
      'portz: [22]\n',
      'ports: [70000]\n',
      'severity: { sg-risky-ports-check: fatal }\n',
      'unverified: "no"\n',
      'exclude: a\n',
    ];
    for (const t of good) {
      assert.doesNotThrow(() => parseConfig(t, 'x'), t);
      assert.ok(validate(yaml(t)), `${t}: ${JSON.stringify(validate.errors)}`);
    }
    for (const t of bad) {
      assert.throws(() => parseConfig(t, 'x'), t);
      assert.ok(!validate(yaml(t)), t);
    }
  });
});
