/**
 * `--state FILE`: loading (checked in full before anything is used or written) and saving
 * (atomic: temp file, fsync, rename, so a crash leaves the old or the new file, never half of one).
 * The file holds the account's secret, so it is written readable by its owner only.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import type { SandboxState } from './state';
import { StateError, validateState } from './state-schema';

/** A state file larger than this is refused unread (the demo account saves in ~60 KB). */
export const MAX_STATE_FILE_BYTES = 256 * 1024 * 1024;

/** The state saved in `file`, undefined when there is no such file; throws StateError saying what is wrong. */
export function loadState(file: string): SandboxState | undefined {
  if (!existsSync(file)) return undefined;
  const fail = (why: string): never => {
    throw new StateError(`${file} is not a usable sandbox state file: ${why}`);
  };
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_STATE_FILE_BYTES) fail(`it is ${size} bytes, more than ${MAX_STATE_FILE_BYTES}`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof StateError) throw e;
    return fail(`it cannot be read (${(e as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail(`it is not JSON (${(e as Error).message})`);
  }
  try {
    return validateState(parsed);
  } catch (e) {
    return fail((e as Error).message);
  }
}

/** Serialises the state as the file holds it. */
export function serialiseState(state: SandboxState): string {
  return JSON.stringify(state);
}

let tmpSeq = 0;
/** A temp file name no other save in flight uses. */
const tmpName = (file: string) => `${file}.${process.pid}.${++tmpSeq}.tmp`;

const removeQuietly = (tmp: string) => {
  try {
    rmSync(tmp, { force: true });
  } catch {
    // The folder itself is the problem (gone, not a folder): nothing was left there.
  }
};

/** Writes `text` to `file` atomically and durably; throws when it cannot (the old file stays). */
export function writeStateFile(file: string, text: string): void {
  const tmp = tmpName(file);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w', 0o600);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    removeQuietly(tmp);
    throw e;
  }
}

/** writeStateFile without blocking: the write and fsync run while other requests are served. */
export async function writeStateFileAsync(file: string, text: string): Promise<void> {
  const tmp = tmpName(file);
  let handle: FileHandle | undefined;
  try {
    handle = await open(tmp, 'w', 0o600);
    await handle.writeFile(text);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, file);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    removeQuietly(tmp);
    throw e;
  }
}
