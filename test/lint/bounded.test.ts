/**
 * Linear and bounded on any input (issue 11, class 6): syntax errors are capped per file (the first
 * 100, then "N more"); garbage, deep nesting and huge files end with a report bounded by what was
 * found; valid Terraform nested thousands deep parses with no false error; nothing exits 3.
 * (How fast is measured by bench/lint/pathological.ts, not asserted here.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFile } from '../../server/src/parse/index';
import { lint, lintJson } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';
import { garbage, deepJson, SSH_RULE } from '../helpers/pathological';

describe('bounded on any input', () => {
  it('80,000 lines of garbage: 100 syntax errors and one "N more", a small report', () => {
    const dir = workspace({ 'garbage.tf': garbage(80_000, 1) });
    const r = lint(['.', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { parseErrors: { message: string }[] };
    // At most the first 100 (two at one place with one message are one), then the count of the rest.
    assert.ok(
      report.parseErrors.length <= 101 && report.parseErrors.length > 90,
      `${report.parseErrors.length}`,
    );
    assert.match(
      report.parseErrors[report.parseErrors.length - 1]!.message,
      /^\d+ more syntax errors in this file \(only the first 100 are listed\)$/,
    );
    assert.ok(r.stdout.length < 40_000, `${r.stdout.length} characters`);
    const text = lint(['.'], dir);
    assert.ok(text.stdout.length < 60_000, `text report: ${text.stdout.length} characters`);
  });

  it('a 2 MB valid .tf.json nested 5,000 deep parses with no error, and its rule is checked', () => {
    const json = deepJson(5_000, 2_000_000);
    assert.ok(json.length >= 2_000_000);
    const f = parseFile('deep.tf.json', json);
    assert.deepEqual(f.errors, []);
    const report = lintJson(['.'], workspace({ 'deep.tf.json': json }));
    assert.deepEqual(report.parseErrors, []);
    assert.deepEqual(
      report.findings.map((x) => `${x.ruleId} ${x.resource}`),
      ['sg-risky-ports-check alicloud_security_group_rule.ssh'],
    );
  });

  it('native expressions nested 5,000 deep parse with no error; the value is unknown, the rule still checked', () => {
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const dir = workspace({ 'main.tf': `locals {\n  deep = ${deep}\n}\n${SSH_RULE}` });
    const report = lintJson(['.'], dir);
    assert.deepEqual(report.parseErrors, []);
    assert.equal(report.findings.length, 1);
  });

  it('a file of one 1 MB line with errors all over it: a bounded text report, exit 1 not 3', () => {
    const line = `x = ${'[1, '.repeat(200_000)}`;
    const r = lint(['.'], workspace({ 'one-line.tf': line }));
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stdout.length < 60_000, `${r.stdout.length} characters`);
  });
});
