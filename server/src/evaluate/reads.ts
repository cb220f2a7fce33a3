/**
 * What the analysis may read, decided in one place (docs/reading.md): only regular files, only
 * inside the project, only up to a size. A FileSource does the reading; this module says what to
 * ask for and what a refusal means. Nothing here touches the disk: the lexical checks below run
 * for every source, and a disk source also resolves links before it opens anything.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Data files (`file()`, `templatefile()`, `fileset()` results) larger than this are not read. */
export const DEFAULT_MAX_FILE_BYTES = 1 << 20;

/**
 * Terraform files (`.tf`, `.tf.json`, `.tfvars`) larger than this are named unreadable: generated
 * `.tf.json` files reach a few MB; 32 MiB is far beyond any real one and bounds the run.
 */
export const MAX_CONFIG_BYTES = 32 << 20;

export interface ReadLimits {
  /** Reads resolve (through links) inside this folder, or are refused. Undefined: anywhere. */
  root?: string;
  maxBytes: number;
}

/** Why a read gave no text. `missing` is the only quiet one: every other is reported. */
export type ReadFailure =
  | { kind: 'missing' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'outside' }
  | { kind: 'too-large'; limit: number };

export type ReadResult = { ok: true; text: string } | ({ ok: false } & ReadFailure);

export const missing = (): ReadResult => ({ ok: false, kind: 'missing' });
export const unreadable = (reason: string): ReadResult => ({ ok: false, kind: 'unreadable', reason });
export const outside = (): ReadResult => ({ ok: false, kind: 'outside' });
export const tooLarge = (limit: number): ReadResult => ({ ok: false, kind: 'too-large', limit });

// POSIX only (Windows compares paths without regard to case: the general way below).
const NOT_PLAIN = /\/\.{1,2}(?:\/|$)|\/\//;
const plainAbsolute = (p: string): boolean => sep === '/' && isAbsolute(p) && !NOT_PLAIN.test(p);

/** The last root asked about, its prefix with a separator (undefined: not plain): a run has a few. */
let lastRoot: string | undefined;
let lastBase: string | undefined;

/** Whether `path` is `root` or below it, lexically (no link resolved). */
export function isInside(path: string, root: string): boolean {
  // Two absolute paths without `.`, `..` or doubled separators compare by prefix: this runs for
  // every file read, and resolving both made it a tenth of a lint's allocations. The root is the
  // same one read after read: checked and given its separator once, not per call.
  if (root !== lastRoot) {
    lastRoot = root;
    lastBase = plainAbsolute(root) ? (root.endsWith(sep) ? root : root + sep) : undefined;
  }
  const base = lastBase;
  if (base !== undefined && plainAbsolute(path)) {
    return path === root || path.startsWith(base) || path + sep === base;
  }
  const rel = relative(resolve(root), resolve(path));
  // `..b` is a name inside; only `..` itself, or `..` then a separator, leaves.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** `1 MiB`, `512 KiB`, `300 bytes`: a limit as people read it. */
export function formatBytes(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1 << 10 && n % (1 << 10) === 0) return `${n / (1 << 10)} KiB`;
  return `${n} bytes`;
}

/**
 * What a refused read means for a value: the start of its "cannot verify" message (a dependency
 * text beginning with `reads a file`, which rules/grouping.ts puts first).
 */
export function refusalText(f: ReadFailure): string {
  switch (f.kind) {
    case 'outside':
      return 'reads a file outside the project';
    case 'too-large':
      return `reads a file larger than ${formatBytes(f.limit)}`;
    case 'unreadable':
      return `reads a file that cannot be read (${f.reason})`;
    case 'missing':
      return 'reads a file that does not exist';
  }
}

/** The reason a Terraform file is listed as unreadable. */
export function unreadableReason(f: ReadFailure): string {
  switch (f.kind) {
    case 'outside':
      return 'links outside the project';
    case 'too-large':
      return `larger than ${formatBytes(f.limit)}`;
    case 'unreadable':
      return f.reason;
    case 'missing':
      return 'vanished while being read';
  }
}

/**
 * Reads through a source: the lexical project check first (no source is asked for a path outside
 * it), then the source's own policy-aware read, or its plain `readText` with the size checked.
 */
export function readThrough(
  source: {
    read?(path: string, limits: ReadLimits): ReadResult;
    readText(path: string): string | undefined;
  },
  path: string,
  limits: ReadLimits,
): ReadResult {
  if (limits.root !== undefined && !isInside(path, limits.root)) return outside();
  try {
    if (source.read) return source.read(path, limits);
    const text = source.readText(path);
    if (text === undefined) return missing();
    return text.length > limits.maxBytes ? tooLarge(limits.maxBytes) : { ok: true, text };
  } catch (e) {
    return unreadable(e instanceof Error ? e.message : String(e));
  }
}
