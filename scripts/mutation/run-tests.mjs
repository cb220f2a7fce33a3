// Stryker's command runner calls this once per mutant, in its sandbox copy of the repository, with
// the mutant's id in __STRYKER_ACTIVE_MUTANT__ (none during the initial dry run). The dry run loads
// every test file of the targets in scope and records which tests reach which mutant
// (select-tests.mjs). A mutant's run then finds the target whose file holds it and loads only that
// target's tests that reached it — all of them when it is reached outside a test (module loading) —
// in this one process (node's test runner then sets a non-zero exit code when a test fails: the
// mutant is killed). Run with `node --import tsx` so the test files' TypeScript loads.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  fileOfTest,
  loadTestFile,
  readCoverage,
  wrapNodeTest,
  writeCoverageAtExit,
} from './select-tests.mjs';
import { TARGETS } from './targets.mjs';

const COVERAGE = '.mutation-coverage.json';
const active = process.env.__STRYKER_ACTIVE_MUTANT__;
const inScope = process.env.SG_GUARD_MUTATION_TARGETS?.split(',');
const targets = inScope ? TARGETS.filter((t) => inScope.includes(t.name)) : TARGETS;

/** The target whose instrumented files hold the active mutant: Stryker writes `stryMutAct_9fa48("id")`. */
function targetOfMutant() {
  const marker = `stryMutAct_9fa48("${active}")`;
  const hit = targets.find((t) =>
    t.mutate.some((m) => existsSync(m.file) && readFileSync(m.file, 'utf8').includes(marker)),
  );
  if (!hit) throw new Error(`mutant ${active} is in none of the targets' files`);
  return hit;
}

/** The test files to load, and which of their tests to register. */
function plan() {
  if (active === undefined) {
    writeCoverageAtExit(COVERAGE);
    return { files: targets.flatMap((t) => t.tests), select: () => true };
  }
  const target = targetOfMutant();
  const coverage = readCoverage(COVERAGE);
  if (coverage === undefined || coverage.static.has(active))
    return { files: target.tests, select: () => true };
  const reached = new Set(
    (coverage.tests[active] ?? []).filter((id) => target.tests.includes(fileOfTest(id))),
  );
  return {
    files: target.tests.filter((f) => [...reached].some((id) => fileOfTest(id) === f)),
    select: (id) => reached.has(id),
  };
}

const { files, select } = plan();
wrapNodeTest(select);
for (const file of new Set(files)) {
  if (!existsSync(file)) throw new Error(`${file}: listed in scripts/mutation/targets.mjs but absent`);
  await loadTestFile(file, () => import(pathToFileURL(resolve(file)).href));
}
