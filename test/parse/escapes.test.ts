/**
 * Backslash escapes in quoted HCL strings, at their edges: every simple escape, the hex digits'
 * bounds, the Unicode scalar range (surrogates are no characters), and a bad escape keeping what
 * follows the backslash (a whole surrogate pair when that is what follows).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFile } from '../../server/src/parse/index';
import { attr } from './helpers';

/** The decoded text of `x = "<inside>"` and the parse errors' messages. */
function decode(inside: string): { value: string; errors: string[] } {
  const f = parseFile('main.tf', `x = "${inside}"\n`);
  const e = attr(f.body, 'x').expr;
  assert.equal(e.kind, 'Template');
  const value = e.kind === 'Template' ? e.parts.map((p) => (p.kind === 'Text' ? p.value : '')).join('') : '';
  return { value, errors: f.errors.map((x) => x.message) };
}

describe('string escapes', () => {
  it('decodes each simple escape', () => {
    assert.deepEqual(decode('a\\rb\\nc\\td\\"e\\\\f'), { value: 'a\rb\nc\td"e\\f', errors: [] });
  });

  it('reads hex digits in either case, up to each bound of 0-9, a-f and A-F', () => {
    assert.deepEqual(decode('\\u0030\\u0039'), { value: '09', errors: [] });
    assert.deepEqual(decode('\\u00af\\u00AF\\u00fF'), { value: '¯¯ÿ', errors: [] });
    assert.deepEqual(decode('\\uaBcD'), { value: '\uabcd', errors: [] });
  });

  for (const bad of ['/', ':', '@', 'G', '`', 'g']) {
    it(`"${bad}" is no hex digit`, () => {
      const r = decode(`\\u00${bad}0`);
      assert.deepEqual(r.errors, ['invalid unicode escape "\\u00"']);
    });
  }

  it('takes exactly four digits after \\u, eight after \\U', () => {
    assert.deepEqual(decode('\\u00e9f'), { value: 'éf', errors: [] });
    assert.deepEqual(decode('\\U0001F600x'), { value: '😀x', errors: [] });
  });

  it('accepts every Unicode scalar value and refuses surrogates and what is past U+10FFFF', () => {
    assert.deepEqual(decode('\\uD7FF\\uE000\\U0010FFFF'), { value: '\ud7ff\ue000\u{10ffff}', errors: [] });
    assert.deepEqual(decode('\\uD800').errors, ['invalid unicode escape "\\uD800"']);
    assert.deepEqual(decode('\\uDFFF').errors, ['invalid unicode escape "\\uDFFF"']);
    assert.deepEqual(decode('\\U00110000').errors, ['invalid unicode escape "\\U00110000"']);
  });

  it('a bad escape is reported and keeps what follows the backslash, a whole emoji too', () => {
    assert.deepEqual(decode('a\\qb'), { value: 'aqb', errors: ['invalid escape sequence "\\q"'] });
    assert.deepEqual(decode('a\\😀b'), { value: 'a😀b', errors: ['invalid escape sequence "\\😀"'] });
  });
});
