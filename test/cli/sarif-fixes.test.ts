/**
 * SARIF `fixes`: the whole log validates against the SARIF 2.1.0 JSON schema (the OASIS schema,
 * rtm.5, as shipped in the npm package @microsoft/jest-sarif), and applying a result's fix by its
 * line/column regions gives files where that finding is gone.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import type { Fix, Log } from 'sarif';
import { REPO } from '../helpers/paths';
import { lint, lintJson } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

const SCHEMA = join(REPO, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

const rule = (name: string, body: string): string =>
  `resource "alicloud_security_group_rule" "${name}" {\n  type              = "ingress"\n  security_group_id = "sg-1"\n${body}\n}\n`;

function validator(): (log: unknown) => string[] {
  // The schema's own language-tag pattern is not a valid unicode regular expression: no u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
  return (log) =>
    validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Applies a SARIF fix's replacements (1-based lines, UTF-16 columns) to the files under `root`. */
function applySarifFix(root: string, fix: Fix): void {
  for (const change of fix.artifactChanges) {
    const path = join(root, decodeURIComponent(change.artifactLocation.uri!));
    const lines = readFileSync(path, 'utf8').split('\n');
    const offset = (line: number, column: number): number =>
      lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
    let text = lines.join('\n');
    const reps = [...change.replacements].sort(
      (a, b) =>
        offset(b.deletedRegion.startLine!, b.deletedRegion.startColumn!) -
        offset(a.deletedRegion.startLine!, a.deletedRegion.startColumn!),
    );
    for (const r of reps) {
      const d = r.deletedRegion;
      const start = offset(d.startLine!, d.startColumn!);
      const end = offset(d.endLine ?? d.startLine!, d.endColumn!);
      text = text.slice(0, start) + (r.insertedContent?.text ?? '') + text.slice(end);
    }
    writeFileSync(path, text);
  }
}

describe('SARIF fixes', () => {
  const files = {
    'my mod/main.tf': rule(
      'ssh',
      '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = var.admin_cidr',
    ),
    'my mod/variables.tf': 'variable "admin_cidr" {\n  default = "0.0.0.0/0"\n}\n',
    'wide/main.tf': rule('all', '  ip_protocol       = "all"\n  cidr_ip           = "0.0.0.0/0"'),
  };

  it('validate against the SARIF 2.1.0 schema, with and without fixes', () => {
    const validate = validator();
    const ws = workspace(files);
    for (const args of [[], ['--trusted-cidr', '203.0.113.0/24']]) {
      const log = JSON.parse(lint(['.', '-f', 'sarif', ...args], ws).stdout) as Log;
      assert.deepEqual(validate(log), []);
    }
    // The schema really checks: a fix without its artifact changes is refused.
    const log = JSON.parse(lint(['.', '-f', 'sarif'], ws).stdout) as Log;
    log.runs[0]!.results![0]!.fixes = [{ description: { text: 'x' } } as Fix];
    assert.ok(validate(log).some((e) => e.includes('artifactChanges')));
  });

  it("carry the editor's edits: the trusted range where the value is written, and narrowing", () => {
    const ws = workspace(files);
    const log = JSON.parse(lint(['.', '-f', 'sarif', '--trusted-cidr', '203.0.113.0/24'], ws).stdout) as Log;
    const results = log.runs[0]!.results!;
    const ssh = results.find(
      (r) => r.ruleId === 'sg-risky-ports-check' && (r.message.text ?? '').includes('.ssh'),
    )!;
    assert.deepEqual(
      ssh.fixes!.map((f) => f.description!.text),
      ['Replace 0.0.0.0/0 with trusted 203.0.113.0/24 in variables.tf'],
    );
    assert.deepEqual(ssh.fixes![0]!.artifactChanges, [
      {
        artifactLocation: { uri: 'my%20mod/variables.tf', uriBaseId: '%SRCROOT%' },
        replacements: [
          {
            deletedRegion: { startLine: 2, startColumn: 14, endLine: 2, endColumn: 23 },
            insertedContent: { text: '203.0.113.0/24' },
          },
        ],
      },
    ]);
    const all = results.find((r) => r.ruleId === 'sg-public-access-check')!;
    assert.ok(
      all.fixes!.some((f) => (f.description?.text ?? '').startsWith('Change to tcp 3390/65535 only')),
    );

    // Applied by the regions alone, each fix makes its finding go.
    applySarifFix(ws, ssh.fixes![0]!);
    applySarifFix(
      ws,
      all.fixes!.find((f) => (f.description?.text ?? '').startsWith('Replace'))!,
    );
    assert.deepEqual(lintJson(['.'], ws).findings, []);
  });

  it('are left out of suppressed results', () => {
    const ws = workspace({ 'main.tf': `# sg-guard:ignore -- test\n${files['wide/main.tf']}` });
    const log = JSON.parse(lint(['.', '-f', 'sarif', '--trusted-cidr', '203.0.113.0/24'], ws).stdout) as Log;
    const results = log.runs[0]!.results!;
    assert.ok(results.length > 0 && results.every((r) => r.suppressions && !r.fixes));
  });
});
