// `npm run test:mutation`: Stryker over the decision core (scripts/mutation/targets.mjs), then a score
// per target with every survivor listed by file. Exits 1 when a target scores under 90%.
//   --force          re-test every mutant (default: incremental, only what changed since the last run)
//   --retest-survivors  when a target's tests changed, re-test only its mutants that survived last time
//                    (default: all of them; quicker while adding tests, but kills are not re-checked)
//   --target NAME    one target only (its own incremental file and report, under reports/mutation/NAME/)
//   --concurrency N  Stryker's processes (default 2; the machine is shared): while mutants are still
//                    being type-checked, ceil(N/2) checkers and floor(N/2) test runners, then N test runners
import { Stryker } from '@stryker-mutator/core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EQUIVALENT } from './equivalent.mjs';
import { functionRanges } from './function-ranges.mjs';
import { invalidateChangedTargets } from './incremental.mjs';
import { TARGETS } from './targets.mjs';

const GOAL = 90;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
process.chdir(root);

const { values: args } = parseArgs({
  options: {
    force: { type: 'boolean', default: false },
    'retest-survivors': { type: 'boolean', default: false },
    target: { type: 'string' },
    concurrency: { type: 'string', default: '2' },
  },
});
const targets = args.target ? TARGETS.filter((t) => t.name === args.target) : TARGETS;
if (targets.length === 0) {
  console.error(`unknown target "${args.target}"; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}

// The dry run (no active mutant) runs the tests of these targets only (scripts/mutation/run-tests.mjs).
process.env.SG_GUARD_MUTATION_TARGETS = targets.map((t) => t.name).join(',');
// The tests run in a copy of the repository under .stryker-tmp/, where ../shared is not beside them:
// name it, and run as CI does, so a test that cannot find it fails the dry run instead of skipping.
process.env.SG_GUARD_SHARED = join(root, '..', 'shared');
process.env.CI = 'true';

const reportDir = args.target
  ? join('reports/mutation', args.target.replace(/\W+/g, '-'))
  : 'reports/mutation';
mkdirSync(reportDir, { recursive: true });
const incrementalFile = join(reportDir, 'stryker-incremental.json');
const recordTestInputs = await invalidateChangedTargets(
  targets,
  args.force ? undefined : incrementalFile,
  join(reportDir, 'test-inputs.json'),
  args['retest-survivors'],
);

const mutate = targets.flatMap((t) =>
  t.mutate.flatMap((m) =>
    m.functions ? functionRanges(m.file, m.functions).map((r) => `${m.file}:${r.start}-${r.end}`) : [m.file],
  ),
);

// The type checker sees only the mutated files (and what they import): a mutant then re-checks the
// few files that depend on its file, not the whole server (7 s of CPU for a full check of server/src,
// remediation-fn/src and sandbox/src). Written per run, for the targets in scope; git-ignored.
writeFileSync(
  'tsconfig.mutation.json',
  JSON.stringify(
    { extends: './tsconfig.json', include: [], files: targets.flatMap((t) => t.mutate.map((m) => m.file)) },
    null,
    2,
  ),
);

const started = Date.now();
const stryker = new Stryker({
  mutate,
  testRunner: 'command',
  commandRunner: {
    command:
      'node --import tsx --test-reporter=./scripts/mutation/bail-reporter.mjs --test-reporter-destination=stdout scripts/mutation/run-tests.mjs',
  },
  coverageAnalysis: 'off',
  checkers: ['typescript'],
  plugins: ['./scripts/mutation/typescript-checker.mjs'],
  tsconfigFile: 'tsconfig.mutation.json',
  concurrency: Number(args.concurrency),
  incremental: true,
  incrementalFile,
  force: args.force,
  timeoutMS: 15000,
  reporters: ['html', 'json', 'progress'],
  htmlReporter: { fileName: join(reportDir, 'index.html') },
  jsonReporter: { fileName: join(reportDir, 'mutation.json') },
  // One sandbox folder per report, so two targets can run side by side.
  tempDirName: join('.stryker-tmp', args.target ? reportDir.split('/').pop() : 'all'),
  cleanTempDir: true,
  // Copied into the sandbox is only what the tests read; code-server and builds stay out.
  ignorePatterns: [
    '.e2e',
    'reports',
    'dist',
    'out',
    '*.vsix',
    'bench/.generated',
    'test/.tmp',
    'remediation-fn/dist',
  ],
  thresholds: { high: GOAL, low: 80, break: null },
});
await stryker.runMutationTest();
recordTestInputs();
const seconds = Math.round((Date.now() - started) / 1000);

const report = JSON.parse(readFileSync(join(reportDir, 'mutation.json'), 'utf8'));
const summary = summarise(report, targets);
printSummary(summary, seconds);
writeFileSync(join(reportDir, 'summary.json'), JSON.stringify({ seconds, targets: summary }, null, 2));
process.exitCode = summary.every((t) => t.score >= GOAL) ? 0 : 1;

/** Per target: Stryker's counts, survivors by file, and the score with listed equivalents left out. */
function summarise(report, targets) {
  return targets.map((t) => {
    const counts = { killed: 0, survived: 0, timeout: 0, noCoverage: 0, compileError: 0, equivalent: 0 };
    const survivors = [];
    const equivalents = [];
    for (const { file } of t.mutate) {
      const entry = report.files[file];
      if (!entry) continue;
      const lines = entry.source.split('\n');
      for (const m of entry.mutants) {
        const original = sliceLocation(lines, m.location);
        const listed = EQUIVALENT.find(
          (e) =>
            e.file === file &&
            e.mutator === m.mutatorName &&
            e.original === original &&
            e.line === lines[m.location.start.line - 1].trim() &&
            (e.replacement === undefined || e.replacement === m.replacement),
        );
        if (m.status === 'Killed') counts.killed++;
        else if (m.status === 'Timeout') counts.timeout++;
        else if (m.status === 'CompileError') counts.compileError++;
        else if ((m.status === 'Survived' || m.status === 'NoCoverage') && listed) {
          counts.equivalent++;
          equivalents.push({
            file,
            line: m.location.start.line,
            mutator: m.mutatorName,
            reason: listed.reason,
          });
        } else if (m.status === 'Survived' || m.status === 'NoCoverage') {
          counts[m.status === 'Survived' ? 'survived' : 'noCoverage']++;
          survivors.push({
            file,
            line: m.location.start.line,
            mutator: m.mutatorName,
            original: original.length > 60 ? `${original.slice(0, 57)}...` : original,
            replacement: m.replacement ?? '',
          });
        }
      }
    }
    const detected = counts.killed + counts.timeout;
    const valid = detected + counts.survived + counts.noCoverage;
    const score = valid === 0 ? 100 : (100 * detected) / valid;
    const raw = valid + counts.equivalent === 0 ? 100 : (100 * detected) / (valid + counts.equivalent);
    return { name: t.name, counts, score, rawScore: raw, survivors, equivalents };
  });
}

function sliceLocation(lines, loc) {
  const { start, end } = loc;
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  const first = lines[start.line - 1].slice(start.column - 1);
  const middle = lines.slice(start.line, end.line - 1);
  const last = lines[end.line - 1].slice(0, end.column - 1);
  return [first, ...middle, last].join('\n');
}

function printSummary(summary, seconds) {
  console.log(`\nmutation testing took ${Math.floor(seconds / 60)} min ${seconds % 60} s\n`);
  console.log('target           score   killed  timeout  survived  no-cov  equivalent  compile-errors');
  for (const t of summary) {
    const c = t.counts;
    console.log(
      `${t.name.padEnd(16)} ${t.score.toFixed(1).padStart(5)}%  ${String(c.killed).padStart(6)}  ${String(c.timeout).padStart(7)}  ${String(c.survived).padStart(8)}  ${String(c.noCoverage).padStart(6)}  ${String(c.equivalent).padStart(10)}  ${String(c.compileError).padStart(14)}`,
    );
  }
  for (const t of summary) {
    if (t.survivors.length === 0) continue;
    console.log(`\nsurvivors in ${t.name}:`);
    for (const s of t.survivors) {
      console.log(
        `  ${s.file}:${s.line} ${s.mutator}: ${JSON.stringify(s.original)} -> ${JSON.stringify(s.replacement)}`,
      );
    }
  }
  const below = summary.filter((t) => t.score < GOAL).map((t) => t.name);
  console.log(
    below.length ? `\nbelow ${GOAL}%: ${below.join(', ')}` : `\nevery target scores at least ${GOAL}%`,
  );
}

if (!existsSync(join(reportDir, 'index.html'))) console.error('the HTML report was not written');
