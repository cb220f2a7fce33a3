/** Offsets ↔ LSP positions (UTF-16, CRLF and lone CR safe) and the BOM rule every range follows. */
import type { Range } from './ast';

/** A zero-based line and a zero-based column in UTF-16 code units: an LSP position. */
export interface Position {
  line: number;
  character: number;
}

/**
 * Maps offsets to line/column and back. `\r\n`, `\n` and a lone `\r` each end a line, so CRLF files
 * get the same positions as their LF twins (LSP's own definition of a line end).
 */
export class LineIndex {
  /**
   * Offsets where each line starts, built on first use: the CLI makes an index for every linted
   * file up front, but only files with findings are ever asked for a position.
   */
  private lazyStarts: number[] | undefined;

  constructor(readonly text: string) {}

  private get starts(): number[] {
    return (this.lazyStarts ??= lineStarts(this.text));
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo]! };
  }

  offset(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line]!;
    const end = this.lineEnd(pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** Offset of the line's end, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1]!;
    if (this.text.charCodeAt(end - 1) === 10) end--;
    if (this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  range(r: Range): { start: Position; end: Position } {
    return { start: this.position(r.start), end: this.position(r.end) };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') < 0) {
    // The common case, found with the native search (several times faster than a char loop).
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
  }
  return starts;
}

/** Removes a leading UTF-8 BOM; every range is relative to the result. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A range literal: the parser builds one for every node. */
export function rng(start: number, end: number): Range {
  return { start, end };
}

/**
 * The array without spare capacity. An array grown by `push` keeps room for 16 more elements
 * (~150 bytes); parse trees kept for the whole lint hold tens of thousands of short arrays, and every
 * byte of them is copied by the garbage collector. `slice` allocates exactly `length` slots.
 */
export function trimmed<T>(items: T[]): T[] {
  return items.length === 0 ? items : items.slice();
}
