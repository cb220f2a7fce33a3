import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './paths';
import { runLint } from '../../server/src/cli/lint-command';
import type { JsonFinding } from '../../server/src/cli/format-json';

export type JsonFindingLike = JsonFinding;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `sg-guard lint` in-process with captured output (the spawned binary is tested separately). */
export function lint(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliRun {
  let stdout = '';
  let stderr = '';
  const code = runLint(
    args,
    { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env, cwd },
    'test',
  );
  return { code, stdout, stderr };
}

export interface JsonReport {
  version: number;
  findings: JsonFindingLike[];
  unverified: JsonFindingLike[];
  suppressed: number;
  parseErrors: { file: string; line: number; column: number; message: string }[];
}

export function lintJson(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): JsonReport & { code: number } {
  const r = lint([...args, '--format', 'json'], cwd, env);
  if (r.code === 2) throw new Error(`lint failed: ${r.stderr}`);
  return { ...(JSON.parse(r.stdout) as JsonReport), code: r.code };
}

/**
 * The built binary (dist/cli.js) in a child process, with a deadline: a run that blocks (on a FIFO,
 * say) fails with `error` set instead of hanging the suite.
 */
export function runBinary(
  args: string[],
  cwd: string,
  opts: { env?: NodeJS.ProcessEnv; uid?: number } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(REPO, 'dist', 'cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
  });
}
