/** Offsets into 1-based lines and UTF-16 columns, as the CLI's reports give them. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Loc } from '../model/types';
import { LineIndex, stripBom } from '../parse/positions';
import type { WorkspaceLintResult } from '../lint/index';
import { BoundedCache } from '../lint/bounded-cache';
import { detach } from '../lint/release';

/** 1-based lines and columns (UTF-16 code units), as the CLI and SARIF report them. */
export interface Span {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * Line indexes (texts) kept at once: reports walk findings file by file, so each file is read about
 * once, and a report over a whole repository does not hold the repository.
 */
const INDEX_BUDGET = 4 << 20;

/** Turns offset locations into 1-based spans, reading each file's text when first needed. */
export class SpanResolver {
  private readonly indexes = new BoundedCache<LineIndex>(INDEX_BUDGET, (idx) => idx.text.length);

  constructor(
    result: WorkspaceLintResult,
    private readonly cwd: string,
  ) {
    // Texts a result still holds (a whole-repository lint releases them: lint/release.ts) are used
    // first; others are read from the disk on demand.
    for (const m of result.modules)
      for (const [path, f] of m.files)
        if (!this.indexes.get(path)) this.indexes.set(path, new LineIndex(f.text));
  }

  index(file: string): LineIndex {
    let idx = this.indexes.get(file);
    if (!idx) {
      let text = '';
      try {
        text = stripBom(readFileSync(file, 'utf8'));
      } catch {
        // A file that vanished since the lint: positions fall back to 1:1.
      }
      idx = new LineIndex(text);
      this.indexes.set(file, idx);
    }
    return idx;
  }

  /** Each file's relative path, worked out once: a report names the same few files again and again. */
  private readonly relatives = new Map<string, string>();

  relative(file: string): string {
    let r = this.relatives.get(file);
    if (r === undefined) {
      r = relative(this.cwd, file).split('\\').join('/') || file;
      if (this.relatives.size >= 100_000) this.relatives.clear();
      this.relatives.set(file, r);
    }
    return r;
  }

  span(loc: Loc): Span {
    const idx = this.index(loc.file);
    const s = idx.position(loc.range.start);
    const e = idx.position(loc.range.end);
    return {
      file: this.relative(loc.file),
      line: s.line + 1,
      column: s.character + 1,
      endLine: e.line + 1,
      endColumn: e.character + 1,
    };
  }

  /** A copy: a report holding a line cut from a file's text would keep the whole text alive. */
  lineText(file: string, line1: number): string {
    return detach(this.index(file).lineText(line1 - 1));
  }
}
