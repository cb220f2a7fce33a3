/**
 * Top-level blocks whose tree is dropped after parsing and rebuilt on demand (see HclOptions.retainBody).
 */
import type { Block, BlockLabel, Body, Range } from './ast';
import { BARE_TOP_LEVEL, LABELED_TOP_LEVEL } from './block-types';
import { isIdentPart, isIdentStart } from './tokens';

/** Reads parts of an error-free top-level block again from the text (shared, one per parser). */
export interface LazyReader {
  /** The body of the block whose `{` is at offset `brace`. */
  body(text: string, brace: number): Body;
  /** The labels that follow the block type ending at offset `typeEnd`. */
  labels(text: string, typeEnd: number): BlockLabel[];
}

/** Block types spelled once for the whole lint rather than once per block. */
const TYPES = new Map([...LABELED_TOP_LEVEL, ...BARE_TOP_LEVEL].map((t) => [t, t]));

/**
 * A copy of an error-free top-level block that keeps only numbers and the text: its body, labels
 * and ranges are read or built again on first access (then kept). Parsing is deterministic, so they
 * equal the dropped ones. A large module has tens of thousands of blocks kept for the whole lint,
 * and each object they hold is copied by the garbage collector: one object per block is much cheaper
 * than the ten or so a header's labels and ranges take.
 * A class (accessors on the prototype): an object literal with getters is a slow dictionary object.
 */
export class LazyBlock implements Block {
  readonly kind = 'Block';
  readonly type: string;
  readonly #text: string;
  readonly #reader: LazyReader;
  readonly #typeStart: number;
  readonly #typeEnd: number;
  readonly #start: number;
  readonly #end: number;
  readonly #brace: number;
  #typeRange: Range | undefined;
  #range: Range | undefined;
  #labels: BlockLabel[] | undefined;
  #body: Body | undefined;

  constructor(b: Block, text: string, reader: LazyReader) {
    this.type = TYPES.get(b.type) ?? b.type;
    this.#text = text;
    this.#reader = reader;
    this.#typeStart = b.typeRange.start;
    this.#typeEnd = b.typeRange.end;
    this.#start = b.range.start;
    this.#end = b.range.end;
    this.#brace = b.body.range.start;
  }

  get typeRange(): Range {
    return (this.#typeRange ??= { start: this.#typeStart, end: this.#typeEnd });
  }

  set typeRange(value: Range) {
    this.#typeRange = value;
  }

  get range(): Range {
    return (this.#range ??= { start: this.#start, end: this.#end });
  }

  set range(value: Range) {
    this.#range = value;
  }

  get labels(): BlockLabel[] {
    return (this.#labels ??= this.#reader.labels(this.#text, this.#typeEnd));
  }

  set labels(value: BlockLabel[]) {
    this.#labels = value;
  }

  get body(): Body {
    return (this.#body ??= this.#reader.body(this.#text, this.#brace));
  }

  set body(value: Body) {
    this.#body = value;
  }

  /** The body, kept if it was read before, else parsed now and not kept. */
  transientBody(): Body {
    return this.#body ?? this.#reader.body(this.#text, this.#brace);
  }

  /**
   * Whether the first label is `value`, without building the labels when it is a plain quoted
   * string (nearly always): the module index asks this of every resource block.
   */
  firstLabelIs(value: string): boolean {
    const at = this.#labels === undefined ? this.#plainLabelAt(0) : undefined;
    if (at !== undefined)
      return at[0] >= 0 && at[1] - at[0] === value.length && this.#text.startsWith(value, at[0]);
    return this.labels[0]?.value === value;
  }

  /**
   * Whether the body may set attribute `name` (false only when no line of it starts with `name =`):
   * answers without parsing, so asking of many blocks whose bodies are never needed costs nothing.
   */
  mayHaveAttribute(name: string): boolean {
    const text = this.#text;
    for (
      let at = text.indexOf(name, this.#brace);
      at >= 0 && at < this.#end;
      at = text.indexOf(name, at + 1)
    ) {
      let q = at - 1;
      while (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9) q--;
      const before = text.charCodeAt(q);
      if (before !== 10 && before !== 13 && before !== 123) continue;
      let r = at + name.length;
      while (text.charCodeAt(r) === 32 || text.charCodeAt(r) === 9) r++;
      if (text.charCodeAt(r) === 61 && text.charCodeAt(r + 1) !== 61) return true;
    }
    return false;
  }

  /** `labels[i]?.value`, without building the labels when they are plain (nearly always). */
  labelValue(i: number): string | undefined {
    const at = this.#labels === undefined ? this.#plainLabelAt(i) : undefined;
    if (at === undefined) return this.labels[i]?.value;
    return at[0] < 0 ? undefined : this.#text.slice(at[0], at[1]);
  }

  /**
   * Where label `i`'s value is in the header (`[-1, -1]`: there are fewer labels), when every label
   * up to it is an identifier or a quoted string without escapes or templates; else undefined.
   */
  #plainLabelAt(i: number): [number, number] | undefined {
    const text = this.#text;
    const brace = this.#brace;
    let q = this.#typeEnd;
    for (let n = 0; ; n++) {
      while (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9) q++;
      if (q >= brace) return q === brace ? [-1, -1] : undefined;
      let from = q;
      let to: number;
      const c = text.charCodeAt(q);
      if (c === 34) {
        from = q + 1;
        for (q = from; q < brace; q++) {
          const d = text.charCodeAt(q);
          if (d === 34) break;
          // Escapes, templates, line breaks: let the label reader decide.
          if (d === 92 || d === 36 || d === 37 || d === 10 || d === 13) return undefined;
        }
        if (q >= brace) return undefined;
        to = q++;
      } else if (isIdentStart(c)) {
        q++;
        while (isIdentPart(text.charCodeAt(q))) q++;
        to = q;
      } else return undefined;
      if (n === i) return [from, to];
    }
  }
}

/**
 * A block's body for a caller that reads it once: a lazy block's body is parsed but not kept, so it
 * becomes garbage as soon as the caller is done (cheap for the GC, unlike a tree kept to the end).
 */
export function transientBody(block: Block): Body {
  return block instanceof LazyBlock ? block.transientBody() : block.body;
}

/** `block.labels[i]?.value`, without building a lazy block's labels when it can. */
export function labelValue(block: Block, i: number): string | undefined {
  return block instanceof LazyBlock ? block.labelValue(i) : block.labels[i]?.value;
}

/** `block.labels[0]?.value === value`, without building a lazy block's labels when it can. */
export function firstLabelIs(block: Block, value: string): boolean {
  return block instanceof LazyBlock ? block.firstLabelIs(value) : block.labels[0]?.value === value;
}

/** Whether `block` may set attribute `name` (see LazyBlock.mayHaveAttribute). */
export function mayHaveAttribute(block: Block, name: string): boolean {
  return block instanceof LazyBlock
    ? block.mayHaveAttribute(name)
    : block.body.attributes.some((a) => a.name === name);
}
