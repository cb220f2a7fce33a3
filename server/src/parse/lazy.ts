/**
 * Top-level blocks whose tree is dropped after parsing and rebuilt on demand (see HclOptions.retainBody).
 */
import type { Block, BlockLabel, Body, Range } from './ast';

/** Parses the body of the top-level block whose `{` is at offset `brace` of `text`. */
export type BodyParse = (text: string, brace: number) => Body;

/**
 * A copy of an error-free top-level block whose body is parsed again from the text on first access
 * (then kept). Parsing is deterministic from the `{` on, so the body equals the dropped one.
 * A class (accessor on the prototype): an object literal with a getter is a slow dictionary object.
 */
export class LazyBlock implements Block {
  readonly kind = 'Block';
  readonly type: string;
  readonly typeRange: Range;
  readonly labels: BlockLabel[];
  readonly range: Range;
  #body: Body | undefined;
  readonly #text: string;
  readonly #brace: number;
  /** One shared function, not a closure per block: a large module has tens of thousands of blocks. */
  readonly #parse: BodyParse;

  constructor(b: Block, text: string, parse: BodyParse) {
    this.type = b.type;
    this.typeRange = b.typeRange;
    this.labels = b.labels;
    this.range = b.range;
    this.#text = text;
    this.#brace = b.body.range.start;
    this.#parse = parse;
  }

  get body(): Body {
    return (this.#body ??= this.#parse(this.#text, this.#brace));
  }

  set body(value: Body) {
    this.#body = value;
  }

  /** The body, kept if it was read before, else parsed now and not kept. */
  transientBody(): Body {
    return this.#body ?? this.#parse(this.#text, this.#brace);
  }
}

/**
 * A block's body for a caller that reads it once: a lazy block's body is parsed but not kept, so it
 * becomes garbage as soon as the caller is done (cheap for the GC, unlike a tree kept to the end).
 */
export function transientBody(block: Block): Body {
  return block instanceof LazyBlock ? block.transientBody() : block.body;
}
