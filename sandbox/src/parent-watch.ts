/**
 * Ends the sandbox with the process that started it, when that process is npm (`npx sg-guard
 * sandbox`, an npm script) or when asked (`--exit-with-parent`, as the editor does): a SIGTERM to
 * npx, or an editor that crashes, must not leave a server behind. Started from a shell by hand it
 * keeps running until stopped (so `nohup … &` works). npm runs commands through `sh -c`; the shell
 * may outlive npm, so npm itself is watched too. Polls twice a second; the timer never holds the
 * process open.
 */
import { readFileSync } from 'node:fs';

const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ash', 'ksh']);

/** `[comm, ppid]` of a process from /proc (Linux); undefined elsewhere or when it is gone. */
function procStat(pid: number): [string, number] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? [comm, ppid] : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Calls `onGone` once when the starting process ends; returns a function that stops watching. */
export function watchParent(onGone: () => void, opts: { always?: boolean } = {}): () => void {
  const parent = process.ppid;
  const startedByNpm = process.env.npm_command !== undefined;
  if (!(opts.always || startedByNpm) || parent <= 1) return () => undefined;
  const watched = [parent];
  const stat = procStat(parent);
  if (stat && SHELLS.has(stat[0]) && stat[1] > 1) watched.push(stat[1]);
  const timer = setInterval(() => {
    if (process.ppid === parent && watched.every(alive)) return;
    clearInterval(timer);
    onGone();
  }, 500);
  timer.unref();
  return () => clearInterval(timer);
}
