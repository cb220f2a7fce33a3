/**
 * Whole-process timing shared by the lint benchmarks: each measured node process is started with a
 * preloaded exit hook that writes its own CPU time (user + system, all threads), so comparisons stay
 * meaningful on a loaded machine where wall time mostly measures the neighbours.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Preloaded into every measured process: writes its CPU time (ms) to SG_BENCH_CPU_FILE on exit. */
const CPU_HOOK = `process.on('exit', () => {
  const u = process.cpuUsage();
  require('fs').writeFileSync(process.env.SG_BENCH_CPU_FILE, String((u.user + u.system) / 1000));
});
`;

export interface Sample {
  /** Milliseconds. */
  wall: number;
  cpu: number;
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A runner of measured processes keeping its hook and CPU file in `dir` (which must exist). */
export function cpuTimer(dir: string): {
  /** One run of `node args…`: its times, or undefined when it timed out or was killed. */
  run(args: string[], opts?: { cwd?: string; okCodes?: number[]; timeoutMs?: number }): Sample | undefined;
} {
  const hook = join(dir, 'cpu-hook.js');
  const cpuFile = join(dir, 'cpu.txt');
  writeFileSync(hook, CPU_HOOK);
  return {
    run(args, opts = {}) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['--require', hook, ...args], {
        cwd: opts.cwd,
        encoding: 'utf8',
        maxBuffer: 1 << 28,
        timeout: opts.timeoutMs,
        env: { ...process.env, SG_BENCH_CPU_FILE: cpuFile },
      });
      const wall = performance.now() - t0;
      if (r.error || r.status === null) return undefined;
      if (opts.okCodes && !opts.okCodes.includes(r.status))
        throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      return { wall, cpu: Number(readFileSync(cpuFile, 'utf8')) };
    },
  };
}
