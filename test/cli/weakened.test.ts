/**
 * A `.sg-guard.yaml` is written by whoever writes the repository. One that turns both rules off made
 * `sg-guard lint` print "0 errors" and every report say nothing of it. Every format now names each
 * setting that checks less (rule off or lowered, risky ports narrowed, unverified hidden, paths
 * excluded) with where it is set, and --strict-config makes such a file fail the run.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import type { Log } from 'sarif';
import { REPO } from '../helpers/paths';
import { lint } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

const SSH = `resource "alicloud_security_group_rule" "ssh" {\n  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  security_group_id = "sg-1"\n  cidr_ip = "0.0.0.0/0"\n}\n`;
const BOTH_OFF = 'severity:\n  sg-risky-ports-check: off\n  sg-public-access-check: off\n';

function repo(config: string): string {
  return workspace({ '.git/HEAD': 'ref: refs/heads/main\n', '.sg-guard.yaml': config, 'infra/main.tf': SSH });
}

interface Weakening {
  source: string;
  setting: string;
  effect: string;
  rule?: { id: string; level: string };
}
const weakenedOf = (ws: string, ...args: string[]): Weakening[] =>
  (JSON.parse(lint(['.', '--format', 'json', ...args], ws).stdout) as { weakened: Weakening[] }).weakened;

describe('settings that check less are named in every report', () => {
  it('text: a config turning both rules off is listed with its file, and counted in the summary', () => {
    const r = lint(['.'], repo(BOTH_OFF));
    assert.equal(r.code, 0, 'the run is as configured');
    assert.match(r.stdout, /Checked less \(2\)/);
    assert.match(
      r.stdout,
      /\.sg-guard\.yaml: severity\.sg-risky-ports-check: off \(sg-risky-ports-check is not checked\)/,
    );
    assert.match(r.stdout, /\.sg-guard\.yaml: severity\.sg-public-access-check: off/);
    assert.match(r.stdout, /^0 errors, .*2 settings checking less in 1 file/m);
    assert.equal(r.stderr, '', 'the text report on standard output already says it');
  });

  it('json: the weakened list, and a line on standard error for CI logs', () => {
    const ws = repo(BOTH_OFF);
    const r = lint(['.', '--format', 'json'], ws);
    const doc = JSON.parse(r.stdout) as { findings: unknown[]; weakened: Weakening[] };
    assert.deepEqual(doc.findings, []);
    assert.deepEqual(doc.weakened, [
      {
        source: '.sg-guard.yaml',
        setting: 'severity.sg-risky-ports-check: off',
        effect: 'sg-risky-ports-check is not checked',
        rule: { id: 'sg-risky-ports-check', level: 'off' },
        keys: ['severity', 'sg-risky-ports-check'],
      },
      {
        source: '.sg-guard.yaml',
        setting: 'severity.sg-public-access-check: off',
        effect: 'sg-public-access-check is not checked',
        rule: { id: 'sg-public-access-check', level: 'off' },
        keys: ['severity', 'sg-public-access-check'],
      },
    ]);
    assert.match(
      r.stderr,
      /^sg-guard lint: checking less: \.sg-guard\.yaml: severity\.sg-risky-ports-check: off/m,
    );
  });

  it('sarif: rule configuration overrides and configuration notifications, valid SARIF 2.1.0', () => {
    const r = lint(['.', '--format', 'sarif'], repo(`${BOTH_OFF}ports: [8080]\n`));
    const log = JSON.parse(r.stdout) as Log;
    const schema = join(REPO, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    assert.ok(ajv.validate(JSON.parse(readFileSync(schema, 'utf8')) as object, log), ajv.errorsText());
    const inv = log.runs[0]!.invocations![0]!;
    const rules = log.runs[0]!.tool.driver.rules!;
    assert.deepEqual(
      inv.ruleConfigurationOverrides!.map((o) => [
        rules[o.descriptor.index!]!.id,
        o.descriptor.id,
        o.configuration,
      ]),
      [
        ['sg-risky-ports-check', 'sg-risky-ports-check', { enabled: false }],
        ['sg-public-access-check', 'sg-public-access-check', { enabled: false }],
      ],
    );
    const notes = inv.toolConfigurationNotifications!;
    assert.equal(notes.length, 3);
    assert.match(notes[2]!.message.text!, /ports: \[8080\] \(ports 22, 3389 not checked\)/);
    assert.equal(notes[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri, '.sg-guard.yaml');
  });

  it('github: a warning annotation on the config file', () => {
    const r = lint(['.', '--format', 'github'], repo(BOTH_OFF));
    const notes = r.stdout.split('\n').filter((l) => l.startsWith('::warning file=.sg-guard.yaml,'));
    assert.deepEqual(notes, [
      '::warning file=.sg-guard.yaml,title=sg-guard checks less::.sg-guard.yaml: severity.sg-risky-ports-check: off (sg-risky-ports-check is not checked)',
      '::warning file=.sg-guard.yaml,title=sg-guard checks less::.sg-guard.yaml: severity.sg-public-access-check: off (sg-public-access-check is not checked)',
    ]);
  });

  it('gitlab, junit and checkstyle (no place for it in the format): standard error', () => {
    for (const format of ['gitlab', 'junit', 'checkstyle']) {
      const r = lint(['.', '--format', format], repo(BOTH_OFF));
      assert.equal(r.stderr.match(/checking less/g)?.length, 2, format);
    }
  });

  it('what counts: lowered, narrowed, hidden, excluded; raised or a superset of the ports does not', () => {
    assert.deepEqual(
      weakenedOf(
        repo(
          'severity:\n  sg-risky-ports-check: info\n  sg-port-range-valid: error\nports: [22, 3389, 8080]\n' +
            'unverified: false\nexclude: ["legacy/**"]\n',
        ),
      ).map((w) => `${w.setting} → ${w.effect}`),
      [
        'severity.sg-risky-ports-check: info → sg-risky-ports-check reports info instead of error',
        'unverified: false → values that cannot be verified are not listed',
        'exclude: legacy/** → matching paths are not linted',
      ],
    );
    assert.deepEqual(
      weakenedOf(repo('ports: [22, 8080]\n')).map((w) => w.effect),
      ['port 3389 not checked'],
    );
  });

  it('the command line names its own, and where it overrides a config key the file is not blamed', () => {
    const ws = repo('ports: [8080]\nunverified: false\n');
    assert.deepEqual(
      weakenedOf(ws, '--ports', '22,3389', '--disable', 'sg-port-range-valid').map(
        (w) => `${w.source}: ${w.setting}`,
      ),
      ['command line: --disable sg-port-range-valid', '.sg-guard.yaml: unverified: false'],
    );
  });

  it('a config found below the linted folder is named by its path; control characters escaped', () => {
    const ws = workspace({
      '.git/HEAD': 'x\n',
      'infra/.sg-guard.yaml': 'exclude: ["a\\u001b[31m/**"]\nseverity:\n  sg-risky-ports-check: off\n',
      'infra/main.tf': SSH,
    });
    const r = lint(['.'], ws);
    assert.match(r.stdout, /infra\/\.sg-guard\.yaml: severity\.sg-risky-ports-check: off/);
    assert.ok(!r.stdout.includes('\u001b'), 'no raw escape character');
    assert.ok(r.stdout.includes('exclude: a\\x1b[31m/**'), r.stdout);
  });

  it('--strict-config: a weakening config file fails the run (exit 2) naming what it sets', () => {
    const ws = repo(BOTH_OFF);
    const r = lint(['.', '--strict-config'], ws);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /--strict-config: a config file weakens the check: \.sg-guard\.yaml: severity\.sg-risky-ports-check: off/,
    );
    // The command line's own choices are the CI owner's: allowed.
    const own = lint(
      ['.', '--strict-config', '--disable', 'sg-port-range-valid'],
      repo('trustedCidrs: [203.0.113.0/24]\n'),
    );
    assert.equal(own.code, 1, own.stderr);
    assert.match(own.stdout, /command line: --disable sg-port-range-valid/);
  });
});
