/**
 * Whole-process benchmark of `sg-guard lint` (issue 2): node start + read + parse + evaluate + rules
 * + report, next to two baselines run the same way as separate processes:
 *   - read the bytes + one regex pass (the floor any linter pays);
 *   - HashiCorp's parser via @cdktf/hcl2json, parse only (what a Go-parser-based tool pays).
 * Workloads: one 10,000-line file, and 2,000 files of ~100 lines (bench/generate.ts).
 * Run: npm run build && node --import tsx bench/lint/lint.ts   (SG_BENCH_REPS=N, default 5)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeBigFile, writeManyFiles } from '../generate';

const REPO = resolve(__dirname, '..', '..');
const OUT = join(REPO, 'bench', '.generated', 'lint');
const CLI = join(REPO, 'dist', 'cli.js');
const REPS = Number(process.env.SG_BENCH_REPS ?? 5);

const LIST = `const fs=require('fs'),p=require('path');const d=process.argv[1];
const files=fs.readdirSync(d).filter(f=>f.endsWith('.tf')).map(f=>p.join(d,f));`;
const REGEX_SCRIPT = `${LIST}let n=0;const re=/(cidr_ip|ipv6_cidr_ip)\\s*=\\s*"(0\\.0\\.0\\.0\\/0|::\\/0)"/g;
for(const f of files){n+=(fs.readFileSync(f,'utf8').match(re)||[]).length}console.log(n)`;
const HCL2JSON_SCRIPT = `${LIST}const {parse}=require('@cdktf/hcl2json');(async()=>{let n=0;
for(const f of files){n+=Object.keys(await parse(f,fs.readFileSync(f,'utf8'))).length}console.log(n)})()`;

interface Timing {
  median: number;
  p90: number;
}

function timeProcess(args: string[], okCodes = [0]): Timing {
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(performance.now() - t0);
    if (!okCodes.includes(r.status ?? -1))
      throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)]!,
    p90: times[Math.min(times.length - 1, Math.floor(times.length * 0.9))]!,
  };
}

const ms = (t: Timing): string => `${t.median.toFixed(0)} ms`;

function main(): void {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build first');
  rmSync(OUT, { recursive: true, force: true });
  const bigDir = join(OUT, 'big');
  writeBigFile(bigDir);
  writeManyFiles(OUT);
  const workloads = [
    { name: 'one 10,000-line file', dir: bigDir },
    { name: '2,000 files of ~100 lines', dir: join(OUT, 'many') },
  ];
  const rows: string[] = [];
  for (const w of workloads) {
    const regex = timeProcess(['-e', REGEX_SCRIPT, w.dir]);
    const hcl = timeProcess(['-e', HCL2JSON_SCRIPT, w.dir]);
    // Exit 1 means findings, which the workloads contain on purpose.
    const lint = timeProcess([CLI, 'lint', w.dir, '--format', 'json'], [0, 1]);
    rows.push(
      `| ${w.name} | ${ms(lint)} | ${ms(regex)} | ${ms(hcl)} | ${(lint.median / regex.median).toFixed(2)}x | ${(hcl.median / lint.median).toFixed(1)}x |`,
    );
  }
  console.log(
    `Whole-process wall time, median of ${REPS} runs (node ${process.version}, ${cpus().length} cores)\n`,
  );
  console.log(
    '| workload | sg-guard lint | read + regex | hcl2json parse only | lint / regex | hcl2json / lint |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

main();
