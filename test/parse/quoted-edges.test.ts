// Quoted HCL strings at their edges: a backslash before the end of the line or file, a lone CR,
// broken \u escapes, and a backslash before characters on either side of the surrogate ranges
// (one UTF-16 code unit or two). Each case checks the decoded text, the ranges and the error, all
// sliced from the source.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFile } from '../../server/src/parse/index';

function quoted(source: string) {
  const f = parseFile('a.tf', source);
  const t = f.body.attributes[0]!.expr;
  assert.equal(t.kind, 'Template');
  const slice = (r: { start: number; end: number }) => source.slice(r.start, r.end);
  return {
    range: slice(t.range),
    value: t.kind === 'Template' ? t.parts.map((p) => (p.kind === 'Text' ? p.value : p.kind)).join('') : '',
    valueRange: t.kind === 'Template' ? slice(t.valueRange) : '',
    heredoc: t.kind === 'Template' && t.heredoc,
    errors: f.errors.map((e) => `${e.message} @${slice(e.range)}`),
  };
}
const UNTERMINATED = 'unterminated string: the closing "\\"" is missing';

describe('quoted HCL strings at their edges', () => {
  for (const [name, after] of [
    ['the end of the file', ''],
    ['a line feed', '\nc = 1\n'],
    ['a carriage return', '\r\nc = 1\n'],
  ] as const) {
    it(`a backslash before ${name} is kept as a backslash, and the string ends there`, () => {
      const q = quoted(`x = "ab\\${after}`);
      assert.deepEqual(q.errors, [`${UNTERMINATED} @"ab\\`]);
      assert.equal(q.range, '"ab\\');
      assert.equal(q.valueRange, 'ab\\');
      assert.equal(q.value, 'ab\\');
    });
  }
  it('a lone carriage return ends a string, as a line feed does', () => {
    const q = quoted('x = "a\rb"\n');
    assert.equal(q.errors[0], `${UNTERMINATED} @"a`);
    assert.equal(q.range, '"a');
  });
  it('a \\u escape without four hex digits is reported, and the text after it is kept', () => {
    const zz = quoted('x = "a\\uZZb"\n');
    assert.deepEqual(zz.errors, ['invalid unicode escape "\\u" @\\u']);
    assert.equal(zz.value, 'aZZb');
    const short = quoted('x = "a\\u12"\n');
    assert.deepEqual(short.errors, ['invalid unicode escape "\\u12" @\\u12']);
    assert.equal(short.value, 'a');
  });
  // U+D7FF and U+E000 are one code unit; U+10000 and U+10FC00 begin with the first and the last
  // high surrogate (0xD800, 0xDBFF), two code units.
  for (const ch of ['\u{d7ff}', '\u{e000}', '\u{10000}', '\u{10fc00}']) {
    const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase()}`;
    it(`a backslash before ${code} is one invalid escape of that whole character`, () => {
      const q = quoted(`x = "\\${ch}b"\n`);
      assert.deepEqual(q.errors, [`invalid escape sequence "\\${ch}" @\\${ch}`]);
      assert.equal(q.value, `${ch}b`);
      assert.equal(q.heredoc, false);
    });
  }
});
