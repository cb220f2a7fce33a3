/**
 * Reading one file from the disk the way the analysis allows (evaluate/reads.ts): the path is
 * resolved through its links first (a loop or a dangling link is named), anything but a regular
 * file is refused without being opened (a FIFO would block, a device never ends), the real path
 * (of a link, or of the folder holding a file that is none) must lie inside the project, and the
 * size is checked before and while reading. What the run's own listing showed as a regular file
 * is not stat'ed again before it is opened, but opened without following links. Every file is
 * opened non-blocking and checked again once open, so a file swapped for a link, a FIFO or another
 * file in between is still refused (a link is then read through its stat): by a stat, or for a
 * listed file by positioned reads, which a FIFO or a socket refuses.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  isInside,
  missing,
  outside,
  tooLarge,
  unreadable,
  type ReadLimits,
  type ReadResult,
} from '../evaluate/reads';

/** What a file that is not a regular file is, for the message naming it. */
export function kindOf(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'a directory, not a file';
  if (st.isFIFO()) return 'a FIFO (named pipe): never opened';
  if (st.isSocket()) return 'a socket: never opened';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device: never opened';
  return 'not a regular file';
}

/** A failed stat or open, as a reason; undefined when the file simply does not exist. */
export function errnoReason(e: unknown, path: string): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      try {
        // The name exists but leads nowhere: a dangling link (a missing file has no lstat).
        if (lstatSync(path).isSymbolicLink()) return 'a dangling symbolic link';
      } catch {
        // Not there at all.
      }
      return undefined;
    case 'ELOOP':
      return 'a symbolic link loop';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENAMETOOLONG':
      return 'its path is too long (nested too deeply)';
    default:
      return code ? `cannot be read (${code})` : 'cannot be read';
  }
}

const realRoots = new Map<string, string>();

/** The real path of a project root (cached: a run asks for the same few roots again and again). */
function realRoot(root: string): string {
  let r = realRoots.get(root);
  if (r === undefined) {
    try {
      r = realpathSync(root);
    } catch {
      r = root;
    }
    if (realRoots.size > 1000) realRoots.clear();
    realRoots.set(root, r);
  }
  return r;
}

/** Whether a path's real location (links resolved) lies inside the project. */
export function realInside(path: string, root: string): boolean {
  try {
    // The native call: one realpath(3), not a JavaScript lstat per path component.
    return isInside(realpathSync.native(path), realRoot(root));
  } catch {
    return false;
  }
}

/**
 * What one run knows of its folders (lint-paths' DirCache): their real paths, resolved once, and
 * their listings. A file that is not a link lies where its folder really is, so 2,000 files of one
 * folder need one realpath(3), not 2,000; a file the listing showed as a regular file needs no stat
 * before it is opened. Only for a run: a long-lived caller (the language server) passes none, since
 * folders can be moved or replaced by links between its runs.
 */
export interface RealFolders {
  /** The folder's real path; undefined when it cannot be resolved. */
  realFolder(dir: string): string | undefined;
  /** The real path of a file this run's listing showed as a regular file (no link), else undefined. */
  listedFile?(path: string): string | undefined;
}

/** Whether a file that is not a link lies inside the project, through its folder's real path. */
function fileInside(path: string, root: string, folders: RealFolders | undefined): boolean {
  const dir = dirname(path);
  const real = folders?.realFolder(dir);
  if (real === undefined) return realInside(path, root);
  return isInside(real === dir ? path : join(real, basename(path)), realRoot(root));
}

/** Whether a folder's real location lies inside the project (resolved once per run with `folders`). */
export function folderInside(dir: string, root: string, folders: RealFolders | undefined): boolean {
  if (!folders) return realInside(dir, root);
  const real = folders.realFolder(dir);
  return real !== undefined && isInside(real, realRoot(root));
}

const failed = (e: unknown, path: string): ReadResult => {
  const reason = errnoReason(e, path);
  return reason === undefined ? missing() : unreadable(reason);
};

const LISTED = Object.freeze({ listed: true as const });

/**
 * What is known of a file before it is opened: its stat (through a link), or that this run's listing
 * showed it as a regular file (`listed`: opened without following a link, then checked once open).
 */
function beforeOpen(
  path: string,
  limits: ReadLimits,
  folders: RealFolders | undefined,
): ReadResult | { st?: Stats; listed: boolean } {
  const real = folders?.listedFile?.(path);
  if (real !== undefined) {
    if (limits.root !== undefined && !isInside(real, realRoot(limits.root))) return outside();
    return LISTED;
  }
  let st: Stats | undefined;
  let link = false;
  try {
    // lstat first: a file that is not a link needs no second stat; its folder says where it is.
    st = lstatSync(path, { throwIfNoEntry: false });
    if (st === undefined) return missing();
    if (st.isSymbolicLink()) {
      link = true;
      st = statSync(path);
    }
  } catch (e) {
    return failed(e, path);
  }
  const kind = kindOf(st);
  if (kind) return unreadable(kind);
  if (limits.root !== undefined) {
    const inside = link ? realInside(path, limits.root) : fileInside(path, limits.root, folders);
    if (!inside) return outside();
  }
  if (st.size > limits.maxBytes) return tooLarge(limits.maxBytes);
  return { st, listed: false };
}

const CHUNK = 1 << 16;
let scratch: Buffer | undefined;

export function readRegularFile(path: string, limits: ReadLimits, folders?: RealFolders): ReadResult {
  const pre = beforeOpen(path, limits, folders);
  if ('ok' in pre) return pre;
  let fd: number;
  try {
    // A file listed as regular is opened without following a link: one that became a link since
    // the listing fails here (ELOOP) and is read the careful way, through its stat.
    const noFollow = pre.listed ? (constants.O_NOFOLLOW ?? 0) : 0;
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0) | noFollow);
  } catch (e) {
    if (pre.listed && (e as NodeJS.ErrnoException).code === 'ELOOP')
      return readRegularFile(path, limits, { realFolder: (d) => folders!.realFolder(d) });
    return failed(e, path);
  }
  try {
    // A file the listing showed as regular is not stat'ed once open (in Node 20 a stat builds four
    // Dates: a third of a cold read): it is read with positioned reads, which anything but a file
    // or a device refuses (a FIFO or a socket: ESPIPE, a folder: EISDIR), so a FIFO swapped in is
    // never read from and never blocks; a device that never ends grows past the limit; one that
    // reads nothing (`/dev/null`) is told from an empty file by a stat.
    const now = pre.listed ? undefined : fstatSync(fd);
    if (now && (!now.isFile() || (pre.st && (now.ino !== pre.st.ino || now.dev !== pre.st.dev))))
      return unreadable('changed while being read');
    if (now && now.size > limits.maxBytes) return tooLarge(limits.maxBytes);
    // Read into one reused buffer, grown only for a file larger than it: a fresh 64 KiB buffer per
    // file made 2,000 small files allocate 256 MB outside the heap and tripled garbage collection.
    let buf = (scratch ??= Buffer.allocUnsafeSlow(CHUNK));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limits.maxBytes + 1));
        buf.copy(bigger, 0, 0, total);
        buf = bigger;
      }
      const want = Math.min(buf.length, limits.maxBytes + 1) - total;
      const n = readSync(fd, buf, total, want, now ? null : total);
      if (n === 0) break;
      total += n;
      // Reading one byte past the limit tells a file that is too large (its size may have changed).
      if (total > limits.maxBytes) return tooLarge(limits.maxBytes);
      // The size the open file had is read: no read for the end (a file saying 0, as /proc's do,
      // is read to its end). A regular file read short has ended.
      if (now ? total === now.size : n < want) break;
    }
    if (!now && total === 0 && !fstatSync(fd).isFile()) return unreadable('changed while being read');
    return { ok: true, text: buf.toString('utf8', 0, total) };
  } catch (e) {
    // A positioned read refused: what was opened is no longer a regular file (see above).
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ESPIPE' || code === 'EISDIR') return unreadable('changed while being read');
    return unreadable(errnoReason(e, path) ?? 'vanished while being read');
  } finally {
    closeSync(fd);
  }
}

/** Files and folders that mark the top of a project. */
const PROJECT_MARKERS = ['.git', '.sg-guard.yaml'];

/**
 * The project a folder belongs to: the nearest folder at or above it holding a git work tree
 * (`.git`, a folder or a worktree's file) or the project config file; undefined when none.
 */
export function projectRootOf(dir: string): string | undefined {
  let d = dir;
  for (;;) {
    for (const m of PROJECT_MARKERS) {
      try {
        lstatSync(join(d, m));
        return d;
      } catch {
        // Not here.
      }
    }
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}
