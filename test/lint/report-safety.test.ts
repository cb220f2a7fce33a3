/**
 * Reports are safe to print and upload (issue 11, class 5): control characters (ESC, BEL, other
 * C0/C1, bidi overrides) from labels, values or source lines never reach a report raw; every value
 * echoed in a message is truncated; a report's size grows with the number of findings, not with the
 * size of a value.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';
import { echo, escapeControls, sourceExcerpt } from '../../server/src/model/safe-text';

const FORMATS = ['text', 'json', 'sarif', 'junit', 'gitlab'];
// The characters no report may carry raw.
const RAW_UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching exactly these characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const BIG = 'A'.repeat(200_000);
const TERMINAL = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eevil';

/** A module whose values, labels, keys, comments and source lines carry terminal escapes and huge text. */
function hostile(): string {
  return workspace({
    'main.tf': `locals {
  keys = { "${BIG}" = 1, "k\\u001b[31m" = 2 }
}
resource "alicloud_security_group_rule" "lab\\u202eel" {
  for_each          = local.keys
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0" # ${TERMINAL}
}
resource "alicloud_security_group_rule" "range" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = file("range.txt")
  security_group_id = "sg-1"
  cidr_ip           = "10.0.0.0/8"
}
resource "alicloud_security_group_rule" "unknown" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = var.${'v'.repeat(5000)}
}
`,
    'range.txt': `${TERMINAL}${BIG}`,
    'broken.tf': `resource "x" "y" {\n  ${'z'.repeat(100_000)}\u001b[2J\n}\n`,
  });
}

describe('reports are safe to print and upload', () => {
  const dir = hostile();

  for (const format of FORMATS) {
    it(`--format ${format}: no raw control or bidi character, and a size bounded by the findings`, () => {
      const r = lint(['.', '--format', format], dir);
      assert.notEqual(r.code, 3, r.stderr);
      const out = r.stdout + r.stderr;
      const bad = RAW_UNSAFE.exec(out);
      assert.equal(bad, null, `raw U+${bad?.[0].charCodeAt(0).toString(16)} at ${bad?.index}`);
      // 3 rules (2 instances of one), an invalid range, an unknown, a few syntax errors: a few KB each at most.
      assert.ok(out.length < 60_000, `${format} report is ${out.length} characters`);
      assert.ok(!out.includes('A'.repeat(100)), 'a value was echoed untruncated');
    });
  }

  it('every message and related message of the JSON report echoes at most 80 characters of a value', () => {
    const r = lint(['.', '--format', 'json'], dir);
    const report = JSON.parse(r.stdout) as {
      findings: { message: string; resource: string; related: { message: string }[] }[];
      unverified: { message: string; resource: string }[];
      parseErrors: { message: string }[];
    };
    const all = [...report.findings, ...report.unverified];
    assert.ok(all.length >= 4, JSON.stringify(all, null, 1));
    for (const f of all) {
      assert.ok(!/A{81}/.test(f.message) && !/v{81}/.test(f.message), f.message);
      assert.ok(f.resource.length < 200, f.resource);
      for (const rel of 'related' in f ? (f.related as { message: string }[]) : [])
        assert.ok(!/A{81}/.test(rel.message), rel.message);
    }
    for (const e of report.parseErrors) assert.ok(e.message.length < 300, e.message);
    const range = report.findings.find((f) => f.resource === 'alicloud_security_group_rule.range');
    assert.match(range?.message ?? '', /invalid port_range: "\\x1b\]0;pwned\\x07.*…"/);
  });

  it('two long for_each keys with one beginning stay two resources', () => {
    const long = (c: string): string => `${'k'.repeat(100)}${c}`;
    const d = workspace({
      'main.tf': `resource "alicloud_security_group_rule" "r" {
  for_each          = toset(["${long('a')}", "${long('b')}"])
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0"
}
`,
    });
    const report = JSON.parse(lint(['.', '--format', 'json'], d).stdout) as {
      findings: { resource: string }[];
    };
    const resources = new Set(report.findings.map((f) => f.resource));
    assert.equal(resources.size, 2);
  });
});

describe('safe-text', () => {
  it('escapes C0, C1, DEL and bidi characters; keeps printable text', () => {
    assert.equal(
      escapeControls('a\u001bb\u0007c\u009bd\u007fe\u202ef\u2066g'),
      'a\\x1bb\\x07c\\x9bd\\x7fe\\u202ef\\u2066g',
    );
    assert.equal(escapeControls('plain 0.0.0.0/0 ünïcødé 中文'), 'plain 0.0.0.0/0 ünïcødé 中文');
  });

  it('truncates to 80 characters and an ellipsis, never inside a surrogate pair', () => {
    assert.equal(echo('x'.repeat(100)), `${'x'.repeat(80)}…`);
    const emoji = `${'x'.repeat(79)}😀tail`;
    assert.equal(echo(emoji), `${'x'.repeat(79)}…`);
  });

  it('cuts a long source line around the marked range and keeps the marker under it', () => {
    const line = `${'a'.repeat(10_000)}TARGET${'b'.repeat(10_000)}`;
    const ex = sourceExcerpt(line, 10_001, 10_007);
    assert.ok(ex.text.length <= 170);
    assert.equal(ex.text.slice(ex.markerStart, ex.markerStart + ex.markerWidth), 'TARGET');
    const esc = sourceExcerpt('x\u001by = 1', 3, 4);
    assert.equal(esc.text, 'x\\x1by = 1');
    assert.equal(esc.text.slice(esc.markerStart, esc.markerStart + esc.markerWidth), 'y');
  });
});
