/**
 * This build's `sg-guard lint` against another build, in the same rounds (issue 11: "no benchmark
 * regresses by more than 10%"): the 10,000-line file and the 2,000 files of bench/lint/lint.ts, and
 * the 3,447-file corpus in ../shared/corpus. Each round runs every build once on a workload, the
 * order alternating between rounds, so a neighbour's burst lands on both; the change is judged on
 * CPU time (user + system), medians of SG_BENCH_REPS rounds (default 9). The load average before
 * and after is printed: compare only runs made at the same load.
 * Run: npm run build && node --import tsx bench/lint/compare.ts --cli other/dist/cli.js
 * (an older build, for instance: git worktree add /tmp/old 2fbb9f2 && cd /tmp/old && npm run build)
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeBigFile, writeManyFiles } from '../generate';
import { cpuTimer, median, type Sample } from './cpu-time';

const REPO = resolve(__dirname, '..', '..');
const OUT = join(REPO, 'bench', '.generated', 'compare');
const REPS = Number(process.env.SG_BENCH_REPS ?? 9);
const CORPUS = resolve(REPO, '..', 'shared', 'corpus');

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

function main(): void {
  const { values } = parseArgs({ options: { cli: { type: 'string' } } });
  if (!values.cli) throw new Error('usage: compare.ts --cli other/dist/cli.js');
  const builds = [
    { name: 'this build', cli: join(REPO, 'dist', 'cli.js') },
    { name: values.cli, cli: resolve(values.cli) },
  ];
  for (const b of builds) if (!existsSync(b.cli)) throw new Error(`${b.cli} is missing: build it first`);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const timer = cpuTimer(OUT);
  const workloads = [
    { name: 'one 10,000-line file', dir: join(OUT, 'big') },
    { name: '2,000 files of ~100 lines', dir: join(OUT, 'many') },
  ];
  writeBigFile(workloads[0]!.dir);
  writeManyFiles(OUT);
  if (existsSync(CORPUS)) workloads.push({ name: 'the corpus (../shared/corpus)', dir: CORPUS });
  else console.log(`(no ${CORPUS}: the corpus is left out)`);

  console.log(
    `CPU time (user + system), wall time in parentheses; medians of ${REPS} rounds ` +
      `(node ${process.version}, ${cpus().length} cores); load average before: ${load()}\n`,
  );
  console.log(`| workload | this build | ${builds[1]!.name} | change (CPU) |`);
  console.log('|---|---|---|---|');
  for (const w of workloads) {
    const samples: Sample[][] = builds.map(() => []);
    for (let i = 0; i < REPS; i++) {
      const order = i % 2 === 0 ? [0, 1] : [1, 0];
      for (const k of order) {
        // Exit 1 means findings, which every workload has; 2 names unreadable files, which only
        // a build reading links differently would report, and which is still a complete run.
        const t = timer.run([builds[k]!.cli, 'lint', w.dir, '--format', 'json'], { okCodes: [0, 1, 2] });
        samples[k]!.push(t!);
      }
    }
    const med = samples.map((s) => ({
      cpu: median(s.map((t) => t.cpu)),
      wall: median(s.map((t) => t.wall)),
    }));
    const [mine, other] = med as [{ cpu: number; wall: number }, { cpu: number; wall: number }];
    const change = ((mine.cpu / other.cpu - 1) * 100).toFixed(1);
    const cell = (t: { cpu: number; wall: number }): string =>
      `${t.cpu.toFixed(0)} ms (${t.wall.toFixed(0)})`;
    console.log(
      `| ${w.name} | ${cell(mine)} | ${cell(other)} | ${Number(change) > 0 ? '+' : ''}${change}% |`,
    );
  }
  console.log(`\nload average after: ${load()}`);
}

main();
