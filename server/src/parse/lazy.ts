/**
 * Top-level blocks whose tree is dropped after parsing and rebuilt on demand (see HclOptions.retainBody).
 */
import type { Block, BlockLabel, Body, Range } from './ast';

/** Reads parts of an error-free top-level block again from the text (shared, one per parser). */
export interface LazyReader {
  /** The body of the block whose `{` is at offset `brace`. */
  body(text: string, brace: number): Body;
  /** The labels that follow the block type ending at offset `typeEnd`. */
  labels(text: string, typeEnd: number): BlockLabel[];
}

/** Block types spelled once for the whole lint rather than once per block. */
const TYPES = new Map(
  [
    'resource',
    'data',
    'module',
    'variable',
    'output',
    'provider',
    'locals',
    'terraform',
    'moved',
    'import',
  ].map((t) => [t, t]),
);

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
    if (this.#labels === undefined) {
      const text = this.#text;
      let q = this.#typeEnd;
      while (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9) q++;
      if (text.charCodeAt(q) === 34) {
        const from = q + 1;
        for (q = from; q < this.#brace; q++) {
          const c = text.charCodeAt(q);
          if (c === 34) return q - from === value.length && text.startsWith(value, from);
          // Escapes, templates, line breaks: let the label reader decide.
          if (c === 92 || c === 36 || c === 37 || c === 10 || c === 13) break;
        }
      }
    }
    return this.labels[0]?.value === value;
  }
}

/**
 * A block's body for a caller that reads it once: a lazy block's body is parsed but not kept, so it
 * becomes garbage as soon as the caller is done (cheap for the GC, unlike a tree kept to the end).
 */
export function transientBody(block: Block): Body {
  return block instanceof LazyBlock ? block.transientBody() : block.body;
}

/** `block.labels[0]?.value === value`, without building a lazy block's labels when it can. */
export function firstLabelIs(block: Block, value: string): boolean {
  return block instanceof LazyBlock ? block.firstLabelIs(value) : block.labels[0]?.value === value;
}
