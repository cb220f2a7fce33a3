/**
 * A FileSource where open editor buffers win over the disk, so a module is linted as the user sees
 * it: an unsaved edit to variables.tf changes main.tf's diagnostics at once.
 */
import { basename, dirname } from 'node:path';
import { BoundedCache, diskSource, parseForLint } from '../api';
import type { FileSource, ParsedFile, ReadLimits, ReadResult } from '../api';

/** Source text (UTF-16 code units) whose trees are kept: far more than any module being edited. */
const PARSE_BUDGET = 8 << 20;

/** Open buffers over this: the disk read under the analysis's read policy (never a FIFO, never outside). */
const disk = diskSource();

export interface OpenBuffers {
  /** Text of an open buffer by absolute path, if open. */
  text(path: string): string | undefined;
  /** Absolute paths of every open buffer. */
  paths(): Iterable<string>;
}

/** Which files may be read from disk (Restricted Mode); refused reads are reported to it. */
export interface DiskGuard {
  mayRead(path: string): boolean;
  refused(path: string): void;
}

export class OverlaySource implements FileSource {
  /**
   * Last parse per file: re-linting a module after one keystroke re-parses only the edited file.
   * Bounded (the most recently used first kept): a workspace scan does not keep every tree.
   */
  private readonly parses = new BoundedCache<{ text: string; file: ParsedFile }>(
    PARSE_BUDGET,
    (p) => p.text.length,
  );

  constructor(
    private readonly buffers: OpenBuffers,
    private readonly guard?: DiskGuard,
  ) {}

  /** Open buffers are the user's own text; the disk only where the guard allows. */
  private refuses(path: string): boolean {
    if (!this.guard || this.guard.mayRead(path)) return false;
    this.guard.refused(path);
    return true;
  }

  /** Restricted Mode's refusals are reported to the guard, which names them in one warning. */
  declines(path: string): boolean {
    return this.guard !== undefined && !this.guard.mayRead(path);
  }

  parse(path: string, text: string): ParsedFile {
    const hit = this.parses.get(path);
    if (hit && hit.text === text) return hit.file;
    // Trees of blocks the evaluator never reads are re-parsed on demand rather than kept.
    const file = parseForLint(path, text);
    this.parses.set(path, { text, file });
    return file;
  }

  /** Drops cached parses of files that were deleted or closed without a disk copy. */
  forget(path: string): void {
    this.parses.delete(path);
  }

  listDir(dir: string): string[] | undefined {
    let names = this.refuses(dir) ? undefined : disk.listDir(dir);
    // A new buffer that was never saved still belongs to its folder.
    for (const p of this.buffers.paths()) {
      if (dirname(p) !== dir) continue;
      names ??= [];
      const name = basename(p);
      if (!names.includes(name)) names.push(name);
    }
    return names;
  }

  listFolders(dir: string, project?: string): string[] | undefined {
    return disk.listFolders!(dir, project);
  }

  readText(path: string): string | undefined {
    const open = this.buffers.text(path);
    if (open !== undefined) return open;
    return this.refuses(path) ? undefined : disk.readText(path);
  }

  read(path: string, limits: ReadLimits): ReadResult {
    const open = this.buffers.text(path);
    if (open === undefined)
      return this.refuses(path) ? { ok: false, kind: 'outside' } : disk.read!(path, limits);
    return open.length > limits.maxBytes
      ? { ok: false, kind: 'too-large', limit: limits.maxBytes }
      : { ok: true, text: open };
  }
}
