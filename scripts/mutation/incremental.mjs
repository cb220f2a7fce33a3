// Stryker's incremental mode reuses a mutant's last result while its code is unchanged. With the
// command runner it cannot see which tests ran, so a changed test (or a changed helper or module the
// tests load) would not make it re-test anything. This keeps, per target, a hash of everything its
// test files load apart from the mutated files (which Stryker diffs itself); when that hash changes,
// the target's files are dropped from the incremental file and all of their mutants are re-tested.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

async function testInputsHash(target) {
  const mutated = new Set(target.mutate.map((m) => m.file));
  const tests = target.tests.filter((f) => existsSync(f));
  const result = await build({
    entryPoints: tests,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    packages: 'external',
    outdir: 'out-unused',
    logLevel: 'silent',
  });
  const hash = createHash('sha256');
  for (const input of Object.keys(result.metafile.inputs).sort()) {
    if (mutated.has(input)) continue;
    hash.update(`${input}\0${readFileSync(input, 'utf8')}\0`);
  }
  return hash.digest('hex');
}

/**
 * Drops the targets whose test inputs changed from the incremental file; returns a function that
 * records the new hashes, to be called once Stryker has written its new incremental file. With
 * `survivorsOnly`, only the mutants that were not detected are dropped (a quick re-run after adding
 * tests; a changed or removed test could let a killed mutant live again, which only --force sees).
 */
export async function invalidateChangedTargets(targets, incrementalFile, stateFile, survivorsOnly = false) {
  const before = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
  const now = {};
  for (const t of targets) now[t.name] = await testInputsHash(t);
  if (incrementalFile !== undefined && existsSync(incrementalFile)) {
    const incremental = JSON.parse(readFileSync(incrementalFile, 'utf8'));
    let dropped = false;
    for (const t of targets) {
      if (before[t.name] === now[t.name]) continue;
      const which = survivorsOnly ? 'the mutants that survived' : 'all of its mutants';
      console.log(`mutation: ${t.name}'s tests changed since the last run: ${which} are re-tested`);
      for (const m of t.mutate) {
        const entry = incremental.files[m.file];
        if (entry === undefined) continue;
        dropped = true;
        if (!survivorsOnly) delete incremental.files[m.file];
        else
          entry.mutants = entry.mutants.filter((x) => x.status !== 'Survived' && x.status !== 'NoCoverage');
      }
    }
    if (dropped) writeFileSync(incrementalFile, JSON.stringify(incremental));
  }
  return () => writeFileSync(stateFile, JSON.stringify({ ...before, ...now }, null, 2));
}
