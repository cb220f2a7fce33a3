/**
 * Child processes the cloud commands start: the bundled sandbox (`sg-guard sandbox --seed demo`),
 * and the lookup of terraform / tofu on PATH for "deploy with Terraform".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ReadyLine } from '../../../../sandbox/src/main';

/** The sandbox's ready line (its contract with whoever starts it). */
export type SandboxInfo = ReadyLine;

/**
 * What the sandbox process gets of the editor's environment: enough to run, none of the user's
 * variables (credentials among them), which its functions could otherwise try to read.
 */
function sandboxEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const keep = [
    'PATH',
    'Path',
    'HOME',
    'USERPROFILE',
    'TMPDIR',
    'TEMP',
    'TMP',
    'SystemRoot',
    'windir',
    'LANG',
  ];
  const out: NodeJS.ProcessEnv = {};
  for (const k of keep) if (env[k] !== undefined) out[k] = env[k];
  // VS Code's execPath is Electron: run it as plain Node.
  out.ELECTRON_RUN_AS_NODE = '1';
  return out;
}

/** Starts `node cli.js sandbox --port 0 --seed demo` and resolves with its ready line. */
export function startSandboxProcess(
  cliPath: string,
  opts: {
    execPath?: string;
    seed?: 'demo' | 'empty';
    timeoutMs?: number;
    onStderr?: (line: string) => void;
  } = {},
): Promise<{ info: SandboxInfo; child: ChildProcess }> {
  const child = spawn(
    opts.execPath ?? process.execPath,
    [cliPath, 'sandbox', '--port', '0', '--seed', opts.seed ?? 'demo', '--exit-with-parent'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: sandboxEnvironment(process.env) },
  );
  if (opts.onStderr) createInterface({ input: child.stderr }).on('line', opts.onStderr);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('the sandbox did not start within the time limit'));
    }, opts.timeoutMs ?? 20000);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve({ info: JSON.parse(line) as SandboxInfo, child });
      } catch {
        child.kill();
        reject(new Error(`the sandbox printed something unexpected: ${line.slice(0, 200)}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited (code ${String(code)}) before it was ready`));
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** The first of `names` found on PATH (Windows: with PATHEXT), or undefined. */
export function findOnPath(
  names: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const name of names) {
    for (const dir of dirs) {
      for (const ext of exts) {
        const p = join(dir, name + ext);
        try {
          accessSync(p, constants.X_OK);
          return p;
        } catch {
          // not here
        }
      }
    }
  }
  return undefined;
}
