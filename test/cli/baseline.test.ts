/**
 * Adopting SG Guard on an existing repository: record today's findings, then fail only on new ones.
 * Accepted findings stay visible (suppressed, by the baseline), and line moves do not matter.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../helpers/paths';
import { lint, lintJson } from '../helpers/run-cli';

const NEW_RULE = `
resource "alicloud_security_group_rule" "new_rdp" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "3389/3389"
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0"
}
`;

describe('--baseline / --write-baseline', () => {
  const root = mkdtempSync(join(tmpdir(), 'sg-guard-baseline-'));
  cpSync(join(REPO, 'examples'), join(root, 'examples'), { recursive: true });
  const before = lintJson(['examples'], root);

  it('records every finding, then accepts exactly those: exit 0, all reported as suppressed', () => {
    const w = lint(['examples', '--write-baseline', 'baseline.json'], root);
    assert.equal(w.code, before.code, 'writing a baseline does not change the verdict');
    const recorded = before.findings.length + before.unverified.length;
    assert.equal(w.stderr, `sg-guard lint: wrote ${recorded} findings to the baseline baseline.json\n`);
    const doc = JSON.parse(readFileSync(join(root, 'baseline.json'), 'utf8')) as { findings: unknown[] };
    assert.equal(doc.findings.length, recorded);
    const after = lintJson(['examples', '--baseline', 'baseline.json'], root);
    assert.equal(after.code, 0);
    assert.deepEqual(after.findings, []);
    assert.deepEqual(after.unverified, []);
    assert.equal(after.suppressed, before.suppressed + recorded);
    assert.match(
      lint(['examples', '--baseline', 'baseline.json'], root).stdout,
      new RegExp(`${before.suppressed + recorded} suppressed \\(${recorded} by the baseline\\)`),
    );
  });

  it('fails on a new exposure only, even after the old ones moved down the file', () => {
    const main = join(root, 'examples/basic/main.tf');
    writeFileSync(main, `# moved down by a new comment\n\n${readFileSync(main, 'utf8')}${NEW_RULE}`);
    const r = lintJson(['examples', '--baseline', 'baseline.json'], root);
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.findings.map((f) => `${f.resource} ${f.ruleId}`),
      ['alicloud_security_group_rule.new_rdp sg-risky-ports-check'],
    );
  });

  it('SARIF marks accepted results as unchanged, suppressed externally', () => {
    const sarif = JSON.parse(
      lint(['examples', '--baseline', 'baseline.json', '--format', 'sarif'], root).stdout,
    ) as {
      runs: { results: { baselineState?: string; suppressions?: { kind: string }[] }[] }[];
    };
    const accepted = sarif.runs[0]!.results.filter((r) => r.baselineState === 'unchanged');
    assert.ok(accepted.length > 0);
    assert.ok(accepted.every((r) => r.suppressions?.[0]?.kind === 'external'));
  });

  it('a missing or foreign baseline exits 2 with one line saying so', () => {
    const missing = lint(['examples', '--baseline', 'nope.json'], root);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^sg-guard lint: cannot read --baseline .*nope\.json/);
    writeFileSync(join(root, 'other.json'), '{"version": 2}');
    const foreign = lint(['examples', '--baseline', 'other.json'], root);
    assert.equal(foreign.code, 2);
    assert.match(foreign.stderr, /is not an sg-guard baseline/);
  });
});
