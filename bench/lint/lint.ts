/**
 * Whole-process benchmark of `sg-guard lint` (issue 2): node start + read + parse + evaluate + rules
 * + report, next to two baselines run the same way as separate processes:
 *   - read the bytes + one regex pass (the floor any linter pays);
 *   - HashiCorp's parser via @cdktf/hcl2json, parse only (what a Go-parser-based tool pays).
 * Workloads: one 10,000-line file, and 2,000 files of ~100 lines (bench/generate.ts).
 * A second table gives two floors measured in the same rounds: node starting and exiting, and
 * reading + parsing every file exactly as lint does and nothing more (bench/lint/parse-floor.ts),
 * so that what lint costs can be split into start-up, parsing, and the rest.
 * Run: npm run build && node --import tsx bench/lint/lint.ts   (SG_BENCH_REPS=N, default 9)
 *
 * Each process reports its own CPU time (user + system, all threads, from a preloaded exit hook), so
 * the comparison stays meaningful on a loaded machine where wall time mostly measures the neighbours.
 */
import { buildSync } from 'esbuild';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { writeBigFile, writeManyFiles } from '../generate';
import { cpuTimer, median, type Sample } from './cpu-time';

const REPO = resolve(__dirname, '..', '..');
const OUT = join(REPO, 'bench', '.generated', 'lint');
const CLI = join(REPO, 'dist', 'cli.js');
const REPS = Number(process.env.SG_BENCH_REPS ?? 9);

const LIST = `const fs=require('fs'),p=require('path');const d=process.argv[1];
const files=fs.readdirSync(d).filter(f=>f.endsWith('.tf')).map(f=>p.join(d,f));`;
const REGEX_SCRIPT = `${LIST}let n=0;const re=/(cidr_ip|ipv6_cidr_ip)\\s*=\\s*"(0\\.0\\.0\\.0\\/0|::\\/0)"/g;
for(const f of files){n+=(fs.readFileSync(f,'utf8').match(re)||[]).length}console.log(n)`;
const HCL2JSON_SCRIPT = `${LIST}const {parse}=require('@cdktf/hcl2json');(async()=>{let n=0;
for(const f of files){n+=Object.keys(await parse(f,fs.readFileSync(f,'utf8'))).length}console.log(n)})()`;

const PARSE_FLOOR = join(OUT, 'parse-floor.js');

/** Medians in ms. */
type Timing = Sample;

/**
 * Medians over REPS rounds. Each round runs every command once, in turn, so that a noisy spell of
 * the machine (a neighbour's burst, memory being reclaimed after hcl2json's large heap) lands on
 * all of them rather than on whichever command happened to be running.
 */
function timeInterleaved(commands: { args: string[]; okCodes: number[] }[]): Timing[] {
  const timer = cpuTimer(OUT);
  const samples = commands.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let i = 0; i < REPS; i++) {
    commands.forEach((c, k) => {
      const t = timer.run(c.args, { cwd: REPO, okCodes: c.okCodes })!;
      samples[k]!.wall.push(t.wall);
      samples[k]!.cpu.push(t.cpu);
    });
  }
  return samples.map((s) => ({ wall: median(s.wall), cpu: median(s.cpu) }));
}

const ms = (t: Timing): string => `${t.cpu.toFixed(0)} ms (${t.wall.toFixed(0)})`;

function main(): void {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build first');
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  // Bundled like dist/cli.js, so that module loading costs the floor what it costs lint.
  buildSync({
    entryPoints: [join(__dirname, 'parse-floor.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile: PARSE_FLOOR,
    logLevel: 'error',
  });
  const bigDir = join(OUT, 'big');
  writeBigFile(bigDir);
  writeManyFiles(OUT);
  const workloads = [
    { name: 'one 10,000-line file', dir: bigDir },
    { name: '2,000 files of ~100 lines', dir: join(OUT, 'many') },
  ];
  const rows: string[] = [];
  const floorRows: string[] = [];
  for (const w of workloads) {
    const [regex, hcl, lint, nodeStart, parse] = timeInterleaved([
      { args: ['-e', REGEX_SCRIPT, w.dir], okCodes: [0] },
      { args: ['-e', HCL2JSON_SCRIPT, w.dir], okCodes: [0] },
      // Exit 1 means findings, which the workloads contain on purpose.
      { args: [CLI, 'lint', w.dir, '--format', 'json'], okCodes: [0, 1] },
      { args: ['-e', '0'], okCodes: [0] },
      { args: [PARSE_FLOOR, w.dir], okCodes: [0] },
    ]) as [Timing, Timing, Timing, Timing, Timing];
    const ratio = (a: number, b: number): string => (a / b).toFixed(a / b < 10 ? 2 : 1);
    const both = (a: Timing, b: Timing): string => `${ratio(a.cpu, b.cpu)}x (${ratio(a.wall, b.wall)}x)`;
    rows.push(
      `| ${w.name} | ${ms(lint)} | ${ms(regex)} | ${ms(hcl)} | ${both(lint, regex)} | ${both(hcl, lint)} |`,
    );
    const budget: Timing = { cpu: 3 * regex.cpu, wall: 3 * regex.wall };
    floorRows.push(
      `| ${w.name} | ${ms(nodeStart)} | ${ms(regex)} | ${ms(parse)} | ${both(parse, regex)} | ` +
        `${ms(lint)} | ${ms(budget)} |`,
    );
  }
  console.log(
    `Whole process: CPU time (user + system, all threads), wall time in parentheses; medians of ${REPS} ` +
      `runs (node ${process.version}, ${cpus().length} cores)\n`,
  );
  console.log(
    '| workload | sg-guard lint | read + regex | hcl2json parse only | lint / regex | hcl2json / lint |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log('\nFloors, from the same rounds: node alone, and reading + parsing exactly as lint does\n');
  console.log(
    '| workload | node start only | read + regex | read + parse only | parse / regex | sg-guard lint | 3x regex |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of floorRows) console.log(r);
}

main();
