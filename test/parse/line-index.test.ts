/** LineIndex at its edges: a break as the first character, lone CRs, and positions past the end. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../server/src/parse/positions';

describe('LineIndex', () => {
  it('a line break as the very first character starts a second line (\\n, \\r and \\r\\n)', () => {
    for (const text of ['\na', '\ra', '\r\na']) {
      const ix = new LineIndex(text);
      assert.equal(ix.lineCount, 2, JSON.stringify(text));
      assert.deepEqual(ix.position(text.length), { line: 1, character: 1 }, JSON.stringify(text));
      assert.equal(ix.lineText(1), 'a');
    }
  });

  it('empty lines between lone CRs end where they start', () => {
    const ix = new LineIndex('\r\r');
    assert.equal(ix.lineCount, 3);
    assert.equal(ix.lineEnd(1), 1);
    assert.equal(ix.offset({ line: 1, character: 5 }), 1);
  });

  it('a line past the last is the end of the text, a line before the first its start', () => {
    const ix = new LineIndex('ab\ncd');
    assert.equal(ix.offset({ line: 2, character: 0 }), 5);
    assert.equal(ix.offset({ line: 9, character: 3 }), 5);
    assert.equal(ix.offset({ line: -1, character: 3 }), 0);
  });
});
