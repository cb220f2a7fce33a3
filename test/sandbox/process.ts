/**
 * The sandbox as a separate process (`sandbox/src/main.ts` under tsx), for the tests that need a
 * real process: signals, kill -9, parent death, exit codes, what a function can see of its parent.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ReadyLine } from '../../sandbox/src/main';

export type { ReadyLine };

export const MAIN = join(__dirname, '../../sandbox/src/main.ts');
export const TSX_ARGS = ['--import', 'tsx', MAIN];

export interface SandboxProcess {
  child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The JSON line printed on stdout once ready (rejects if the process exits first). */
  ready: Promise<ReadyLine>;
}

/** Starts `sg-guard sandbox ARGS` (sources through tsx) with its own stdio pipes. */
export function startSandboxProcess(args: readonly string[], opts: SpawnOptions = {}): SandboxProcess {
  const child = spawn(process.execPath, [...TSX_ARGS, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...opts,
  });
  return watch(child);
}

/** Every process started here; whatever is still alive when the test file ends is killed. */
const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

export function watch(child: ChildProcess): SandboxProcess {
  started.add(child);
  child.once('exit', () => started.delete(child));
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<ReadyLine>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      try {
        resolve(JSON.parse(line) as ReadyLine);
      } catch (e) {
        reject(new Error(`not a JSON line: ${line} (${String(e)})`));
      }
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`the sandbox exited (${code ?? signal}) before it was ready: ${err}`)),
    );
  });
  ready.catch(() => undefined);
  return { child, stderr: () => err, exited, ready };
}

/** True while something accepts connections on the endpoint. */
export async function listening(endpoint: string): Promise<boolean> {
  try {
    await fetch(`http://${endpoint}/__sandbox/health`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** Resolves with how long it took for `p` to settle, or rejects after `ms`. */
export async function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Kills a process if it is still alive (clean-up after a failed test). */
export function killQuietly(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
