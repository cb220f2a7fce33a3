/**
 * How an invocation's process is started and ended. Always: its own process group (killed as a
 * whole) and only the environment FC gives. On Linux, when unprivileged user namespaces work
 * (`unshare` from util-linux), also its own PID namespace with its own /proc: the function sees
 * no other process (not the sandbox's /proc/PPID/environ), and when the namespace's first process
 * dies the kernel kills every process left in it, even one that started a new session.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

const UNSHARE_FLAGS = ['--user', '--map-root-user', '--pid', '--fork', '--mount-proc', '--kill-child'];

export type Isolation = 'pid-namespace' | 'process-group';

let probed: Isolation | undefined;

/** What this machine allows (probed once: `unshare … true`). */
export function isolation(): Isolation {
  if (probed) return probed;
  if (process.platform !== 'linux' || process.env.SG_GUARD_SANDBOX_ISOLATION === 'process-group') {
    return (probed = 'process-group');
  }
  const r = spawnSync('unshare', [...UNSHARE_FLAGS, 'true'], { stdio: 'ignore', timeout: 5000 });
  return (probed = r.status === 0 ? 'pid-namespace' : 'process-group');
}

/** Starts `node args` for an invocation: detached (its own group), stdio 0-2 + a reply pipe on fd 3. */
export function spawnContained(
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): ChildProcess {
  const [cmd, argv] =
    isolation() === 'pid-namespace'
      ? ['unshare', [...UNSHARE_FLAGS, '--', process.execPath, ...args]]
      : [process.execPath, [...args]];
  return spawn(cmd, argv, {
    cwd: opts.cwd,
    env: opts.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
}

/** Kills the invocation's whole process group (and with it, the namespace). */
export function killContained(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* the group is gone */
  }
  try {
    child.kill('SIGKILL');
  } catch {
    /* already gone */
  }
}
