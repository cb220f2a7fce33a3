/**
 * Parse-stage benchmark: reading the bytes + one regex pass (the floor), our parseFile, and
 * HashiCorp's parser via @cdktf/hcl2json, for one 10,000-line file and 2,000 files of ~100 lines.
 * Run: node --import tsx bench/parse/parse.ts   (SG_BENCH_FAST=1 for fewer repetitions)
 */
import { parse as hcl2json } from '@cdktf/hcl2json';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseFile } from '../../server/src/parse/index';
import { writeBigFile, writeManyFiles } from '../generate';

const dir = join(__dirname, '..', '.generated');
const RISKY = /(cidr_ip|ipv6_source_ip)\s*=\s*"(0\.0\.0\.0\/0|::\/0)"/g;

function regexPass(paths: string[]): number {
  let hits = 0;
  for (const p of paths) hits += (readFileSync(p, 'utf8').match(RISKY) ?? []).length;
  return hits;
}

function ourParse(paths: string[]): number {
  let blocks = 0;
  for (const p of paths) blocks += parseFile(p, readFileSync(p, 'utf8')).body.blocks.length;
  return blocks;
}

async function theirParse(paths: string[]): Promise<number> {
  let n = 0;
  for (const p of paths) n += Object.keys(await hcl2json(p, readFileSync(p, 'utf8'))).length;
  return n;
}

async function time(fn: () => unknown, reps: number): Promise<{ first: number; median: number }> {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  const first = times[0]!;
  times.sort((a, b) => a - b);
  return { first, median: times[Math.floor(times.length / 2)]! };
}

async function main(): Promise<void> {
  const fast = process.env.SG_BENCH_FAST === '1';
  const big = [writeBigFile(dir)];
  const many = writeManyFiles(dir);
  const lines = readFileSync(big[0]!, 'utf8').split('\n').length;
  console.log(`workloads: big.tf (${lines} lines), many/ (${many.length} files) in ${dir}\n`);
  const rows: [string, string, { first: number; median: number }][] = [];
  for (const [name, paths] of [
    ['10k-line file', big],
    ['2,000 x 100 lines', many],
  ] as const) {
    // Our parser runs first so its "first" column is a cold start (no JIT warm-up from other rows).
    rows.push([name, 'our parseFile', await time(() => ourParse(paths), fast ? 3 : 10)]);
    rows.push([name, 'read + 1 regex', await time(() => regexPass(paths), fast ? 3 : 10)]);
    rows.push([name, 'hcl2json (WASM)', await time(() => theirParse(paths), fast ? 1 : 3)]);
  }
  console.log('workload            | method            | first run ms | median ms');
  console.log('--------------------|-------------------|--------------|----------');
  for (const [w, m, t] of rows) {
    console.log(
      `${w.padEnd(20)}| ${m.padEnd(18)}| ${t.first.toFixed(1).padStart(12)} | ${t.median.toFixed(1).padStart(9)}`,
    );
  }
}

void main();
