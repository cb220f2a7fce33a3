/**
 * Other scanners' fixtures (KICS, Checkov, InfraGuard) with the verdict SG Guard must give in each
 * expect.json: the set of resources with an error-level finding, by file, address and block lines.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PEER_FIXTURES, failInCi, sharedMissingReason } from '../helpers/paths';
import { lintJson } from '../helpers/run-cli';

interface Expected {
  findings: { file: string; resource: string; lines: [number, number] }[];
}

function fixtureDirs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (!statSync(p).isDirectory()) continue;
    if (existsSync(join(p, 'expect.json'))) out.push(p);
    out.push(...fixtureDirs(p));
  }
  return out.sort();
}

const key = (f: { file: string; resource: string; lines: [number, number] }): string =>
  `${f.file} ${f.resource} ${f.lines[0]}-${f.lines[1]}`;

const missing = sharedMissingReason(PEER_FIXTURES);
describe('peer fixtures: the verdict SG Guard must give', () => {
  if (missing) {
    it('peer fixtures', (t) => {
      failInCi(missing);
      t.skip(missing);
    });
    return;
  }
  const dirs = fixtureDirs(PEER_FIXTURES);
  it('finds the fixture set', () => assert.ok(dirs.length >= 20, `only ${dirs.length} fixtures found`));
  for (const dir of dirs) {
    it(relative(PEER_FIXTURES, dir), () => {
      const expected = JSON.parse(readFileSync(join(dir, 'expect.json'), 'utf8')) as Expected;
      const report = lintJson(['.'], dir);
      assert.deepEqual(report.parseErrors, []);
      const got = new Set(
        report.findings
          .filter((f) => f.severity === 'error')
          .map((f) => key({ file: f.file, resource: f.resource, lines: f.resourceLines })),
      );
      assert.deepEqual([...got].sort(), expected.findings.map(key).sort());
      assert.equal(report.code, report.findings.some((f) => f.severity !== 'info') ? 1 : 0);
    });
  }
});
