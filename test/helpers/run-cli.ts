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
