/**
 * isInside decides whether a read stays in the project. Its prefix fast path (plain absolute paths)
 * must agree with the general definition — path.relative of both resolved — on every input,
 * including `.`/`..` segments, doubled and trailing separators and names that only start with dots
 * (a folder named `..b` is inside: the old test, `rel.startsWith('..')`, refused reads from it).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAbsolute, relative, resolve } from 'node:path';
import { isInside } from '../../server/src/evaluate/reads';

function reference(path: string, root: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !isAbsolute(rel));
}

const PARTS = ['a', 'b', 'ab', '.', '..', '..b', '.hidden', '', 'a.', 'b..'];

function randomPath(rand: () => number): string {
  const n = Math.floor(rand() * 5);
  const parts = Array.from({ length: n }, () => PARTS[Math.floor(rand() * PARTS.length)]!);
  const p = (rand() < 0.9 ? '/' : '') + parts.join('/');
  return rand() < 0.2 ? `${p}/` : p;
}

describe('isInside', () => {
  it('agrees with path.relative on 20,000 random pairs', () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      const path = randomPath(rand);
      const root = randomPath(rand);
      assert.equal(isInside(path, root), reference(path, root), `isInside(${path}, ${root})`);
    }
  });

  it('a table of the cases that matter', () => {
    const cases: [string, string, boolean][] = [
      ['/repo/a/main.tf', '/repo', true],
      ['/repo', '/repo', true],
      ['/repo/', '/repo', true],
      ['/repo', '/repo/', true],
      ['/repository/x', '/repo', false],
      ['/repo/../etc/passwd', '/repo', false],
      ['/repo/a/../../etc', '/repo', false],
      ['/repo/a/../b', '/repo', true],
      ['/repo//a', '/repo', true],
      ['/repo/..b/x', '/repo', true],
      ['/etc', '/', true],
      ['/..b/x', '/', true],
      ['/repo/..b', '/repo', true],
      ['repo/..b', 'repo', true],
    ];
    for (const [p, r, want] of cases) assert.equal(isInside(p, r), want, `isInside(${p}, ${r})`);
  });
});
