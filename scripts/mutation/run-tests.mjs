// Stryker's command runner calls this once per mutant, in its sandbox copy of the repository, with
// the mutant's id in __STRYKER_ACTIVE_MUTANT__ (none during the initial dry run). It finds which
// target's file holds that mutant and loads only that target's test files, all in this one process
// (node's test runner then sets a non-zero exit code when a test fails: the mutant is killed).
// Run with `node --import tsx` so the test files' TypeScript loads.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TARGETS } from './targets.mjs';

const active = process.env.__STRYKER_ACTIVE_MUTANT__;
const inScope = process.env.SG_GUARD_MUTATION_TARGETS?.split(',');
const targets = inScope ? TARGETS.filter((t) => inScope.includes(t.name)) : TARGETS;

/** The target whose instrumented files hold the active mutant: Stryker writes `stryMutAct_9fa48("id")`. */
function targetsToRun() {
  if (active === undefined) return targets;
  const marker = `stryMutAct_9fa48("${active}")`;
  const hit = targets.find((t) =>
    t.mutate.some((m) => existsSync(m.file) && readFileSync(m.file, 'utf8').includes(marker)),
  );
  if (!hit) throw new Error(`mutant ${active} is in none of the targets' files`);
  return [hit];
}

const files = [...new Set(targetsToRun().flatMap((t) => t.tests))];
for (const file of files) {
  if (!existsSync(file)) throw new Error(`${file}: listed in scripts/mutation/targets.mjs but absent`);
  await import(pathToFileURL(resolve(file)).href);
}
