/**
 * The examples folder through the CLI: every rule shows, each finding points at the text that makes
 * it, and the exit code and summary follow the contract.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspace } from '../helpers/workspace';
import { REPO } from '../helpers/paths';
import { lint, lintJson } from '../helpers/run-cli';
import type { JsonFindingLike } from '../helpers/run-cli';

/** The source text a 1-based line/column span covers. */
function textAt(
  f: { file: string; line: number; column: number; endLine: number; endColumn: number },
  cwd: string,
): string {
  const lines = readFileSync(join(cwd, f.file), 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  if (f.line !== f.endLine) return lines[f.line - 1]!.slice(f.column - 1);
  return lines[f.line - 1]!.slice(f.column - 1, f.endColumn - 1);
}

const summary = (fs: JsonFindingLike[], cwd: string): string[] =>
  fs.map((f) => `${f.file} ${f.resource} ${f.ruleId}:${f.severity} @ ${textAt(f, cwd)}`).sort();

describe('examples/', () => {
  const report = lintJson(['examples'], REPO);

  it('has no syntax errors and exits 1', () => {
    assert.deepEqual(report.parseErrors, []);
    assert.equal(report.code, 1);
  });

  it('basic/: every kind of exposure, at the value that makes it', () => {
    const got = summary(
      report.findings.filter((f) => f.file.startsWith('examples/basic/')),
      REPO,
    );
    assert.deepEqual(got, [
      'examples/basic/main.tf alicloud_security_group_rule.bad_range sg-port-range-valid:warning @ "-1/-1"',
      'examples/basic/main.tf alicloud_security_group_rule.everything sg-public-access-check:error @ "0.0.0.0/0"',
      'examples/basic/main.tf alicloud_security_group_rule.everything sg-risky-ports-check:error @ "0.0.0.0/0"',
      'examples/basic/main.tf alicloud_security_group_rule.rdp_udp_v6 sg-risky-ports-check:error @ "::/0"',
      'examples/basic/main.tf alicloud_security_group_rule.ssh_world sg-risky-ports-check:error @ "0.0.0.0/0"',
      'examples/basic/shadowed.tf alicloud_security_group_rule.jump_ssh sg-risky-ports-check:info @ "0.0.0.0/0"',
    ]);
  });

  it('variables/: tfvars, locals, for_each and count worked out; unknown only unverified', () => {
    const got = summary(
      report.findings.filter((f) => f.file.startsWith('examples/variables/')),
      REPO,
    );
    assert.deepEqual(got, [
      'examples/variables/main.tf alicloud_security_group_rule.admin_ssh sg-risky-ports-check:error @ var.admin_cidr',
      'examples/variables/main.tf alicloud_security_group_rule.public["ssh"] sg-risky-ports-check:error @ local.world',
      'examples/variables/main.tf alicloud_security_group_rule.rdp[0] sg-risky-ports-check:error @ local.world',
    ]);
    const admin = report.findings.find((f) => f.resource === 'alicloud_security_group_rule.admin_ssh')!;
    assert.ok(
      admin.related.some((r) => r.file === 'examples/variables/terraform.tfvars' && r.line === 2),
      `related: ${JSON.stringify(admin.related)}`,
    );
    assert.deepEqual(
      summary(
        report.unverified.filter((f) => f.file.startsWith('examples/variables/')),
        REPO,
      ),
      [
        'examples/variables/main.tf alicloud_security_group_rule.bastion sg-risky-ports-check:info @ var.bastion_cidr',
      ],
    );
    assert.match(
      report.unverified.find((f) => f.resource.endsWith('.bastion'))!.message,
      /var\.bastion_cidr/,
    );
  });

  it('local-module/: reported at the call-site argument, related into the module; outputs read', () => {
    const found = report.findings.filter((f) => f.file.startsWith('examples/local-module/'));
    assert.deepEqual(summary(found, REPO), [
      'examples/local-module/main.tf alicloud_security_group_rule.vendor_rdp sg-risky-ports-check:error @ module.network.vendor_cidr',
      'examples/local-module/main.tf module.bastion.alicloud_security_group_rule.ssh sg-risky-ports-check:error @ "0.0.0.0/0"',
    ]);
    const bastion = found.find((f) => f.resource.startsWith('module.bastion'))!;
    assert.ok(bastion.related.some((r) => r.file === 'examples/local-module/modules/bastion/main.tf'));
    // The output's value, then the variable default it reads, where "0.0.0.0/0" is written.
    const vendor = found.find((f) => f.resource.endsWith('.vendor_rdp'))!;
    assert.deepEqual(
      vendor.related.map((r) => `${r.file}:${r.line} ${r.message}`),
      [
        'examples/local-module/modules/network/main.tf:13 module.network output vendor_cidr',
        'examples/local-module/modules/network/main.tf:5 module.network.var.vendor_cidr (default)',
      ],
    );
  });

  it('data-files/: rules from a YAML file, pointing at the line of the YAML that opens the port', () => {
    const found = report.findings.filter((f) => f.file.startsWith('examples/data-files/'));
    assert.deepEqual(summary(found, REPO), [
      'examples/data-files/main.tf alicloud_security_group_rule.admin["ssh-vendor"] sg-risky-ports-check:error @ each.value.cidr',
    ]);
    const written = found[0]!.related.find((r) => r.message === 'the value is written here')!;
    assert.equal(written.file, 'examples/data-files/admin-access.yaml');
    assert.equal(
      textAt({ ...written, endLine: written.line, endColumn: written.column + 9 }, REPO),
      '0.0.0.0/0',
    );
  });

  it('registry-module/: named rules, maps and the ssh submodule', () => {
    const got = summary(
      report.findings.filter((f) => f.file.startsWith('examples/registry-module/')),
      REPO,
    ).map((s) => s.replace(/ @ .*/, ''));
    assert.deepEqual(
      [...new Set(got)],
      [
        'examples/registry-module/main.tf module.ssh_sg sg-risky-ports-check:error',
        'examples/registry-module/main.tf module.web_sg sg-risky-ports-check:error',
      ],
    );
    const web = report.findings.filter((f) => f.resource === 'module.web_sg');
    assert.deepEqual(
      [...new Set(web.flatMap((f) => f.ports))].sort((a, b) => a - b),
      [22, 3389],
    );
  });

  it('json/: .tf.json with exact positions', () => {
    assert.deepEqual(
      summary(
        report.findings.filter((f) => f.file.startsWith('examples/json/')),
        REPO,
      ),
      [
        'examples/json/main.tf.json alicloud_security_group_rule.rdp_world sg-risky-ports-check:error @ "0.0.0.0/0"',
      ],
    );
  });

  it('suppressions/: two suppressed, the expired one reported and says so', () => {
    const found = report.findings.filter((f) => f.file.startsWith('examples/suppressions/'));
    assert.deepEqual(
      found.map((f) => f.resource),
      ['alicloud_security_group_rule.vendor_ssh'],
    );
    assert.match(found[0]!.message, /suppression expired on 2024-01-31/);
    assert.equal(lintJson(['examples/suppressions'], REPO).suppressed, 2);
  });
});

describe('CLI contract', () => {
  it('exit 0 and an empty report on clean Terraform', () => {
    const r = lintJson(
      [
        'examples/basic/main.tf',
        '--disable',
        'sg-risky-ports-check',
        '--disable',
        'sg-public-access-check',
        '--disable',
        'sg-port-range-valid',
      ],
      REPO,
    );
    assert.equal(r.code, 0);
    assert.deepEqual(r.findings, []);
  });
  it('a single file reports only that file', () => {
    const r = lintJson(['examples/basic/shadowed.tf'], REPO);
    assert.ok(r.findings.every((f) => f.file === 'examples/basic/shadowed.tf'));
    assert.equal(r.code, 0, 'an info alone does not fail');
  });
  it('exit 2 and one line naming a bad path', () => {
    const r = lint(['no/such/dir'], REPO);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^sg-guard lint: cannot read no\/such\/dir/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
  it('exit 2 on a bad flag or value', () => {
    assert.equal(lint(['--format', 'xml'], REPO).code, 2);
    assert.equal(lint(['--bogus'], REPO).code, 2);
    assert.match(lint(['--ports', '22,ssh'], REPO).stderr, /"ssh"/);
    assert.match(lint(['--var-file', 'nope.tfvars'], REPO).stderr, /cannot read --var-file/);
  });
  it('--ports replaces the risky list', () => {
    const r = lintJson(['examples/basic', '--ports', '443'], REPO);
    const risky = r.findings.filter((f) => f.ruleId === 'sg-risky-ports-check' && f.severity === 'error');
    assert.deepEqual(risky.map((f) => f.resource).sort(), [
      'alicloud_security_group_rule.everything',
      'alicloud_security_group_rule.https',
    ]);
  });
  it('--var and --var-file override tfvars, later wins', () => {
    const safe = lintJson(['examples/variables', '--var', 'admin_cidr=10.0.0.0/8'], REPO);
    assert.ok(!safe.findings.some((f) => f.resource.endsWith('.admin_ssh')));
    const env = lintJson(['examples/variables'], REPO, { TF_VAR_bastion_cidr: '0.0.0.0/0' });
    assert.ok(env.findings.some((f) => f.resource.endsWith('.bastion') && f.severity === 'error'));
  });
  it('TF_WORKSPACE selects terraform.workspace, as in Terraform', () => {
    const dir = workspace({
      'main.tf':
        'locals {\n  admin = { default = "10.0.0.0/8", prod = "0.0.0.0/0" }\n}\n' +
        'resource "alicloud_security_group_rule" "ssh" {\n  type = "ingress"\n  ip_protocol = "tcp"\n' +
        '  port_range = "22/22"\n  security_group_id = "sg-1"\n  cidr_ip = local.admin[terraform.workspace]\n}\n',
    });
    assert.equal(lintJson([dir], dir).findings.length, 0);
    assert.equal(lintJson([dir], dir, { TF_WORKSPACE: 'prod' }).findings.length, 1);
  });
  it('text output groups by file and shows the source line with a marker', () => {
    const r = lint(['examples/basic'], REPO);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^examples\/basic\/main\.tf$/m);
    assert.match(r.stdout, /\| {3}cidr_ip {11}= "0\.0\.0\.0\/0"\n {6}\| {23}\^{11}/);
    // The every-port rule is shown once, naming the risky ports (JSON keeps both rule ids).
    assert.match(r.stdout, /3 errors, 1 warning, 1 info, 0 unverified, 0 suppressed in 2 files \(1 module\)/);
    assert.match(
      r.stdout,
      /everything opens every port of every protocol to the whole Internet \(0\.0\.0\.0\/0\), SSH \(22\/tcp, 22\/udp\) and RDP \(3389\/tcp, 3389\/udp\) among them {2}sg-public-access-check\n/,
    );
    assert.ok(!/everything opens .* sg-risky-ports-check/.test(r.stdout));
    const json = lintJson(['examples/basic'], REPO);
    assert.deepEqual(
      json.findings.filter((f) => f.resource.endsWith('.everything')).map((f) => f.ruleId),
      ['sg-public-access-check', 'sg-risky-ports-check'],
    );
    // A value written elsewhere says where, so the fix is one jump away.
    const vars = lint(['examples/variables'], REPO).stdout;
    assert.match(
      vars,
      /cidr_ip {11}= var\.admin_cidr\n.*\n {6}= the value is written at examples\/variables\/terraform\.tfvars:2:14\n/,
    );
  });
  it('sarif output is SARIF 2.1.0 with rules, utf16 columns and fingerprints', () => {
    const r = lint(['examples/basic', '--format', 'sarif'], REPO);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        columnKind: string;
        tool: { driver: { rules: { id: string; helpUri: string }[] } };
        results: {
          ruleId: string;
          partialFingerprints: Record<string, string>;
          locations: { physicalLocation: { region: { startLine: number } } }[];
        }[];
      }[];
    };
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0]!;
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(
      run.tool.driver.rules.map((x) => x.id),
      ['sg-risky-ports-check', 'sg-public-access-check', 'sg-port-range-valid'],
    );
    assert.ok(run.tool.driver.rules.every((x) => x.helpUri.endsWith(`${x.id}.md`)));
    assert.equal(run.results.length, 6);
    assert.ok(run.results.every((x) => /^[0-9a-f]{32}$/.test(x.partialFingerprints['sgGuardFinding/v1']!)));
  });
});
