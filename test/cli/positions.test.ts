/** CLI positions: 1-based lines and UTF-16 columns; CRLF line ends and a BOM shift nothing. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintJson } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

/** A world-open SSH rule whose sixth line is `cidrLine`. */
const tf = (cidrLine: string): string =>
  [
    'resource "alicloud_security_group_rule" "ssh" {',
    '  type              = "ingress"',
    '  ip_protocol       = "tcp"',
    '  port_range        = "22/22"',
    '  security_group_id = "sg-1"',
    cidrLine,
    '}',
    '',
  ].join('\n');

const moduleWith = (text: string): string => workspace({ 'main.tf': text });

describe('CLI positions', () => {
  it('counts columns in UTF-16 code units', () => {
    // An emoji (2 UTF-16 code units) and CJK (1 each) before the value on its line.
    const text = tf('  cidr_ip = /* 🔥运维 */ "0.0.0.0/0"');
    const r = lintJson(['.'], moduleWith(text));
    const f = r.findings[0]!;
    const line = text.split('\n')[5]!;
    assert.equal(f.line, 6);
    assert.equal(f.column, line.indexOf('"0.0.0.0/0"') + 1);
    assert.equal(f.endColumn - f.column, '"0.0.0.0/0"'.length);
    assert.equal(line.indexOf('"0.0.0.0/0"'), 23, 'the emoji counts as two code units');
  });

  it('gives CRLF + BOM files the same positions as LF files', () => {
    const text = tf('  cidr_ip = "0.0.0.0/0"');
    const lf = lintJson(['.'], moduleWith(text));
    const crlf = lintJson(['.'], moduleWith('\uFEFF' + text.replace(/\n/g, '\r\n')));
    const pick = (r: typeof lf) =>
      r.findings.map((f) => [f.ruleId, f.line, f.column, f.endLine, f.endColumn, f.resourceLines]);
    assert.equal(lf.findings.length, 1);
    assert.deepEqual(pick(crlf), pick(lf));
    assert.deepEqual([lf.findings[0]!.line, lf.findings[0]!.column], [6, 13]);
  });
});
