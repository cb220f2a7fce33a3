/** Module folders and file sources over the disk: what is a Terraform file, what is listed, read and parsed once. */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, sep } from 'node:path';
import type { UnreadableFile } from '../api/types';
import { parseForLint, type FileSource } from '../evaluate/index';
import { MAX_CONFIG_BYTES, readThrough, type ReadResult } from '../evaluate/reads';
import type { ParsedFile } from '../parse/ast';
import { BoundedCache } from './bounded-cache';
import { errnoReason, folderInside, readRegularFile, type RealFolders } from './disk-read';

/** Directories never searched for modules: tool caches and VCS metadata. */
export const SKIP_DIRS = new Set(['.terraform', '.git', 'node_modules', '.e2e', '.terragrunt-cache']);

/** A file of a module `terraform init` downloaded (under `.terraform/`): nobody edits it. */
export function isDownloadedModuleFile(path: string): boolean {
  return /[\\/]\.terraform[\\/]/.test(path);
}

export function isTerraformFile(name: string): boolean {
  return name.endsWith('.tf') || name.endsWith('.tf.json');
}

/**
 * Directory entries and real paths, read once per directory: finding a repository's modules and
 * listing each module's files read the same directories otherwise. For one run: it never notices a
 * change (a long-lived caller uses no DirCache).
 */
export class DirCache implements RealFolders {
  private readonly entries = new Map<string, DirRead>();
  private readonly reals = new Map<string, string | undefined>();
  /**
   * Every entry listed, by its path spelled `dir/name`, with the folder it was listed in: a read
   * looks its path up once (its hash already computed by the caller's own maps), with no slicing. A
   * path spelled otherwise is simply not found, and is then read the careful way.
   */
  private readonly listing = new Map<string, { dir: string; entry: Dirent }>();

  read(dir: string): DirRead {
    let e = this.entries.get(dir);
    if (!e) {
      this.entries.set(dir, (e = readEntries(dir)));
      const prefix = withSep(dir);
      for (const entry of e.entries ?? []) this.listing.set(prefix + entry.name, { dir, entry });
    }
    return e;
  }

  /** Whether `dir` has an entry `name` (undefined: not listed, or a link, which the disk decides). */
  has(dir: string, name: string): boolean | undefined {
    if (!this.entries.get(dir)?.entries) return undefined;
    const e = this.listing.get(withSep(dir) + name)?.entry;
    return e === undefined ? false : e.isSymbolicLink() ? undefined : true;
  }

  listedFile(path: string): string | undefined {
    // One lookup, no dirname, basename or join: this runs for every file read.
    const f = this.listing.get(path);
    if (f === undefined || !f.entry.isFile()) return undefined;
    const real = this.realFolder(f.dir);
    if (real === undefined || real === f.dir) return real === undefined ? undefined : path;
    return withSep(real) + f.entry.name;
  }

  realFolder(dir: string): string | undefined {
    if (this.reals.has(dir)) return this.reals.get(dir);
    let real: string | undefined;
    const listed = this.listing.get(dir);
    if (listed?.entry.isDirectory()) {
      // A folder (not a link) listed in its parent is where its parent really is: one realpath(3)
      // for the top of a walk, not one per folder.
      const up = this.realFolder(listed.dir);
      // No link above (the usual case): the folder is where it is, with no path to join and normalise.
      real = up === undefined ? undefined : up === listed.dir ? dir : withSep(up) + listed.entry.name;
    } else {
      try {
        real = realpathSync.native(dir);
      } catch {
        real = undefined;
      }
    }
    this.reals.set(dir, real);
    return real;
  }
}

const withSep = (dir: string): string => (dir.endsWith(sep) ? dir : dir + sep);

/** A directory's entries, or why it cannot be listed (undefined reason: it is not a directory). */
type DirRead = { entries: Dirent[] } | { entries?: undefined; reason?: string };

function readEntries(dir: string): DirRead {
  try {
    return { entries: readdirSync(dir, { withFileTypes: true }) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? {} : { reason: errnoReason(e, dir) };
  }
}

/** Whether an entry is a folder, through a link (a link to a folder counts; a broken one does not). */
function isFolder(dir: string, e: Dirent): boolean {
  if (e.isDirectory()) return true;
  if (!e.isSymbolicLink()) return false;
  try {
    return statSync(join(dir, e.name)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A FileSource over the file system (the CLI's; the language server layers open buffers over it).
 * Lists every entry that is not a folder (links, FIFOs and sockets too, so a Terraform file that
 * cannot be read is named rather than missed); reads only what evaluate/reads.ts allows.
 * Without a DirCache every listing reads the directory afresh (what a long-lived caller needs).
 */
export function diskSource(dirs?: DirCache): FileSource {
  return {
    listDir(dir) {
      const r = dirs ? dirs.read(dir) : readEntries(dir);
      return r.entries?.filter((d) => !isFolder(dir, d)).map((d) => d.name);
    },
    readText(path) {
      const r = readRegularFile(path, { maxBytes: MAX_CONFIG_BYTES });
      return r.ok ? r.text : undefined;
    },
    read: (path, limits) => readRegularFile(path, limits, dirs),
    listFolders(dir, project) {
      const r = dirs ? dirs.read(dir) : readEntries(dir);
      return r.entries
        ?.filter(
          (d) =>
            isFolder(dir, d) && (project === undefined || folderInside(join(dir, d.name), project, dirs)),
        )
        .map((d) => d.name);
    },
  };
}

/**
 * What a run keeps of the files it read: enough for the working set (a module and the modules it
 * calls, a module called by many) to be read and parsed once, never the whole repository. In UTF-16
 * code units of text; a syntax tree is counted by its text's length (a tree is about ten times its
 * text). Larger budgets only kept more garbage alive: bench/memory measured 228 MB peak RSS on
 * 100,000 files with 4 M / 2 M, 218 MB with these, the same CPU time. A file dropped is read and
 * parsed again when asked for: no budget changes what is linted (test/lint/constant-memory.test.ts).
 */
const TEXT_BUDGET = 1 << 20;
const TREE_BUDGET = 1 << 19;

/**
 * Lists, reads and parses each directory and file once while it is in use: a lint of a repository
 * reaches a module called by others (and linted as a root of its own) once per caller otherwise; on
 * a corpus of 1,500 modules that was a fifth of all reads and parses. Texts and trees are kept up to
 * a budget, least recently used first out, so memory does not grow with the repository.
 */
export function memoizedSource(inner: FileSource): FileSource {
  const dirs = new Map<string, string[] | undefined>();
  const texts = new BoundedCache<{ text: string | undefined }>(TEXT_BUDGET, (t) => t.text?.length ?? 0);
  // Keyed by the path alone (a key joined with the limits was a fresh string to build and hash on
  // every read); the limits it was read under are kept with it, and other limits read afresh.
  const reads = new BoundedCache<{ r: ReadResult; maxBytes: number; root: string | undefined }>(
    TEXT_BUDGET,
    (e) => (e.r.ok ? e.r.text.length : 0),
  );
  const parsed = new BoundedCache<{ text: string; file: ParsedFile }>(TREE_BUDGET, (p) => p.text.length);
  return {
    listDir(dir) {
      if (!dirs.has(dir)) dirs.set(dir, inner.listDir(dir));
      return dirs.get(dir);
    },
    readText(path) {
      let t = texts.get(path);
      if (!t) texts.set(path, (t = { text: inner.readText(path) }));
      return t.text;
    },
    ...(inner.listFolders
      ? { listFolders: (dir: string, project?: string) => inner.listFolders!(dir, project) }
      : {}),
    read(path, limits) {
      const hit = reads.get(path);
      if (hit !== undefined && hit.maxBytes === limits.maxBytes && hit.root === limits.root) return hit.r;
      // Reached only through readThrough, which checked the project bound already: a source with
      // its own policy-aware read is asked directly.
      const r = inner.read ? inner.read(path, limits) : readThrough(inner, path, limits);
      reads.set(path, { r, maxBytes: limits.maxBytes, root: limits.root });
      return r;
    },
    parse(path, text) {
      const hit = parsed.get(path);
      if (hit !== undefined && hit.text === text) return hit.file;
      const file = inner.parse ? inner.parse(path, text) : parseForLint(path, text);
      parsed.set(path, { text, file });
      return file;
    },
  };
}

/** Deeper folders are not searched (and are named): no real repository nests Terraform this deep. */
export const MAX_FOLDER_DEPTH = 50;

/**
 * Every directory under `root` (itself included) that holds a .tf or .tf.json file, sorted. Folders
 * reached through links are searched once (by their real path: a loop ends); folders that cannot
 * be listed, that link outside `project`, or that lie too deep are added to `unreadable`.
 */
export function findModuleDirs(
  root: string,
  dirs: DirCache = new DirCache(),
  unreadable: UnreadableFile[] = [],
  project?: string,
  /** Told of every other entry of the folders searched (ROS templates are found this way). */
  onFile?: (dir: string, entry: Dirent) => void,
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string, depth: number): void => {
    const r = dirs.read(dir);
    if (!r.entries) {
      if (r.reason) unreadable.push({ file: dir, reason: r.reason });
      return;
    }
    if (r.entries.some((e) => !e.isDirectory() && isTerraformFile(e.name))) out.push(dir);
    for (const e of r.entries) {
      if (!isFolder(dir, e)) {
        onFile?.(dir, e);
        continue;
      }
      if (SKIP_DIRS.has(e.name)) continue;
      const sub = join(dir, e.name);
      if (e.isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(sub);
        } catch (err) {
          unreadable.push({ file: sub, reason: errnoReason(err, sub) ?? 'a dangling symbolic link' });
          continue;
        }
        if (project !== undefined && !folderInside(sub, project, dirs)) {
          unreadable.push({ file: sub, reason: 'links outside the project: not searched' });
          continue;
        }
        if (seen.has(real)) continue; // a loop, or a folder also reached another way
        seen.add(real);
      }
      if (depth >= MAX_FOLDER_DEPTH) {
        unreadable.push({
          file: sub,
          reason: `nested more than ${MAX_FOLDER_DEPTH} folders deep: not searched`,
        });
        continue;
      }
      walk(sub, depth + 1);
    }
  };
  try {
    seen.add(realpathSync(root));
  } catch {
    // Reported by the walk.
  }
  walk(root, 0);
  return out.sort();
}
