/**
 * HCL native syntax: bodies, attributes and blocks, with the recovery that keeps a half-typed file
 * useful. Every problem is reported once with a precise range, and parsing resumes at the next line,
 * attribute or block.
 */
import type { Attribute, Block, BlockLabel, Body, Comment, Expr, SyntaxError } from './ast';
import { T } from './tokens';
import { ExprParser } from './expressions';
import { readLabels } from './labels';
import { LazyBlock, type LazyReader } from './lazy';
import { trimmed } from './positions';
import { BARE_TOP_LEVEL, LABELED_TOP_LEVEL } from './block-types';
import { quoted } from '../model/safe-text';

export interface HclResult {
  body: Body;
  comments: Comment[];
  errors: SyntaxError[];
}

export interface HclOptions {
  /**
   * Whether the caller will read the body of this top-level block. When it returns false and the
   * block parsed without errors, its body is not kept: it is parsed again (identically) on first
   * access. Every block is still fully parsed once, so every syntax error and comment is reported;
   * only the tree is dropped, which keeps large modules' heaps (and GC time) small.
   */
  retainBody?: (type: string, labels: readonly BlockLabel[]) => boolean;
}

export function parseHcl(text: string, options: HclOptions = {}): HclResult {
  const p = new BodyParser(text);
  p.retainBody = options.retainBody;
  p.next();
  const body = p.body(0, 0);
  return { body, comments: trimmed(p.comments), errors: p.errors };
}

class BodyParser extends ExprParser {
  /** True when the last nested body ended without its `}`. */
  private closedByBrace = false;
  retainBody: HclOptions['retainBody'];

  /**
   * A body: top level (depth 0) or a block's, up to its `}`. A `singleLine` body (`a { b = 1 }`) holds at
   * most one attribute and closes on the same line, as HCL requires.
   */
  body(depth: number, start: number, singleLine = false): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    this.closedByBrace = false;
    for (;;) {
      const t = this.t;
      if (t === T.NL) {
        this.next();
        continue;
      }
      if (t === T.EOF) break;
      if (t === T.RBrace) {
        if (depth > 0) {
          this.closedByBrace = true;
          break;
        }
        this.error('unexpected "}": there is no open block to close', this.ts, this.te);
        this.next();
        continue;
      }
      if (t === T.Ident) {
        if (depth > 0 && this.atLineStart() && this.startsTopLevelBlock()) break;
        const errorsBefore = this.errors.length;
        let item = depth === 0 ? this.topLevelItem(errorsBefore) : this.item(depth, singleLine);
        if (
          depth === 0 &&
          item?.kind === 'Block' &&
          this.retainBody &&
          this.errors.length === errorsBefore &&
          !this.retainBody(item.type, item.labels)
        ) {
          item = new LazyBlock(item, this.text, REREAD);
        }
        if (singleLine) {
          singleLine = false;
          if (item?.kind === 'Block') {
            this.error(
              `a single-line block can hold only one attribute: put block "${item.type}" on a line of its own`,
              item.typeRange.start,
              item.typeRange.end,
            );
          } else if (!this.at(T.RBrace) && !this.at(T.EOF)) {
            this.error(
              'a single-line block must be closed on the same line, right after its attribute',
              this.prevEnd,
              this.prevEnd,
            );
          }
        }
        if (item === undefined) continue;
        if (item.kind === 'Block') {
          blocks.push(item);
          continue;
        }
        if (attributes.length > 0 && isDuplicate(attributes, item.name)) {
          this.error(
            `attribute "${item.name}" is set more than once in this block`,
            item.nameRange.start,
            item.nameRange.end,
          );
        }
        attributes.push(item);
        continue;
      }
      this.error(`unexpected ${this.tokenName()}: expected an attribute or a block`, this.ts, this.te);
      this.skipLine();
    }
    const closed = this.closedByBrace;
    return {
      kind: 'Body',
      attributes: trimmed(attributes),
      blocks: trimmed(blocks),
      // The file's body spans the whole text. Built right rather than patched afterwards: a late
      // write to a node's field makes V8 throw away the optimised parser it was compiling.
      range: { start, end: depth === 0 ? this.text.length : closed ? this.te : this.prevEnd },
    };
  }

  /**
   * A top-level block or attribute. One nested thousands of levels deep (only machines write those)
   * would overflow the stack of this recursive parser: it is reported and skipped up to the next
   * top-level block, so the rest of the file is still read.
   */
  private topLevelItem(errorsBefore: number): Attribute | Block | undefined {
    const start = this.ts;
    try {
      return this.item(0, false);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      this.errors.length = errorsBefore;
      this.exprDepth = 0;
      const resume = nextTopLevelBlock(this.text, start);
      const lineEnd = this.text.indexOf('\n', start);
      this.error(
        'nested too deeply to be read (thousands of levels): skipped up to the next top-level block',
        start,
        lineEnd < 0 || lineEnd > resume ? resume : lineEnd,
      );
      this.skipNl = false;
      this.closedByBrace = false;
      this.resetTo(resume);
      return undefined;
    }
  }

  /**
   * The current identifier starts a top-level block (`resource "`, `locals {`): seen at the start of
   * a line inside an unclosed block, it closes that block.
   */
  private startsTopLevelBlock(): boolean {
    // Peek first: for an attribute name (`x =`) this answers without taking a substring.
    const c = this.charAfterToken();
    if (c !== 34 && c !== 123) return false;
    const name = this.tokenText();
    return c === 34 ? LABELED_TOP_LEVEL.has(name) : BARE_TOP_LEVEL.has(name);
  }

  private item(depth: number, singleLine: boolean): Attribute | Block | undefined {
    const nameStart = this.ts;
    const nameEnd = this.te;
    const name = this.tokenText();
    this.next();
    if (this.at(T.Eq)) {
      this.next();
      return this.attribute(name, nameStart, nameEnd, singleLine);
    }
    if (this.at(T.LBrace) || this.at(T.OQuote) || this.at(T.Ident)) {
      const afterName = this.save();
      const labels = readLabels(this);
      if (this.at(T.LBrace)) return this.block(name, nameStart, nameEnd, labels, depth);
      const endOfLine = this.at(T.NL) || this.at(T.EOF) || this.at(T.RBrace);
      if (labels.length === 1 && endOfLine) {
        // `cidr_ip "0.0.0.0/0"`: an attribute whose "=" is missing; keep its value.
        this.errors.splice(this.errors.length - labelErrors(this.errors, nameEnd), Infinity);
        this.error(`expected "=" after attribute name ${quoted(name)}`, nameStart, nameEnd);
        this.restore(afterName);
        return this.attribute(name, nameStart, nameEnd, singleLine);
      }
      this.error(
        labels.length > 0
          ? `expected "{" to open block ${quoted(name)}, found ${this.tokenName()}`
          : `expected "=" after attribute name "${name}"`,
        labels.length > 0 ? this.ts : nameStart,
        labels.length > 0 ? this.te : nameEnd,
      );
      this.skipLine();
      return undefined;
    }
    this.error(`expected "=" after attribute name ${quoted(name)}`, nameStart, nameEnd);
    if (this.at(T.NL) || this.at(T.EOF) || this.at(T.RBrace)) return undefined;
    if (this.at(T.Colon)) this.next();
    return this.attribute(name, nameStart, nameEnd, singleLine);
  }

  private attribute(name: string, nameStart: number, nameEnd: number, singleLine: boolean): Attribute {
    let expr: Expr;
    if (this.at(T.NL) || this.at(T.EOF) || this.at(T.RBrace)) {
      expr = this.missing(`missing value for attribute "${name}"`);
    } else {
      expr = this.parseExpression();
    }
    if (this.at(T.RBrace) && !singleLine && !this.nlBefore) {
      // The "}" still closes the block: only the missing line break is reported.
      this.error(`expected a newline after the value of ${quoted(name)}, before "}"`, this.ts, this.te);
    } else if (!(
      this.at(T.NL) ||
      this.at(T.EOF) ||
      this.at(T.RBrace) ||
      this.nlBefore ||
      this.firstOnLine()
    )) {
      if (expr.kind !== 'Invalid') {
        this.error(
          `unexpected ${this.tokenName()} after the value of ${quoted(name)}: expected a newline`,
          this.ts,
          this.te,
        );
      }
      this.skipLine();
    }
    return {
      kind: 'Attribute',
      name,
      nameRange: { start: nameStart, end: nameEnd },
      expr,
      range: { start: nameStart, end: Math.max(nameEnd, expr.range.end) },
    };
  }

  /** The body of a block whose `{` is the current token (the block itself is at `depth`). */
  blockBody(depth: number): Body {
    const brace = this.ts;
    this.next();
    const singleLine = !(this.at(T.NL) || this.at(T.RBrace) || this.at(T.EOF));
    return this.body(depth + 1, brace, singleLine);
  }

  private block(
    type: string,
    typeStart: number,
    typeEnd: number,
    labels: BlockLabel[],
    depth: number,
  ): Block {
    const brace = this.ts;
    const body = this.blockBody(depth);
    const typeRange = { start: typeStart, end: typeEnd };
    if (this.closedByBrace) {
      const end = this.te;
      this.next();
      if (!(this.at(T.NL) || this.at(T.EOF))) {
        this.error(
          `unexpected ${this.tokenName()} after block ${quoted(type)}: expected a newline`,
          this.ts,
          this.te,
        );
        if (!this.at(T.RBrace)) this.skipLine();
      }
      this.closedByBrace = false;
      return { kind: 'Block', type, typeRange, labels, body, range: { start: typeStart, end } };
    }
    this.error(`unclosed block ${quoted(type)} (opened here): "}" is missing`, typeStart, brace + 1);
    this.closedByBrace = false;
    return { kind: 'Block', type, typeRange, labels, body, range: { start: typeStart, end: body.range.end } };
  }
}

/** Reads again, on demand, parts of an error-free top-level block (see LazyBlock). */
const REREAD: LazyReader = {
  body(text, brace) {
    const p = new BodyParser(text, brace);
    p.next();
    return p.blockBody(0);
  },
  labels(text, typeEnd) {
    const p = new BodyParser(text, typeEnd);
    p.next();
    return readLabels(p);
  },
};

/** How many of the last errors belong to a just-read label (they are dropped when it was a value). */
function labelErrors(errors: SyntaxError[], after: number): number {
  let n = 0;
  for (let i = errors.length - 1; i >= 0 && errors[i]!.range.start >= after; i--) n++;
  return n;
}

/**
 * Where reading resumes after a skipped block: the next line after `from` that starts a top-level
 * block (`resource "`, `locals {`), moved up over the comment lines right above it (a suppression
 * comment there must still be seen).
 */
function nextTopLevelBlock(text: string, from: number): number {
  const re = /\n([a-z]+)[ \t]*(["{])/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const set = m[2] === '"' ? LABELED_TOP_LEVEL : BARE_TOP_LEVEL;
    if (!set.has(m[1]!)) continue;
    let at = m.index + 1;
    for (;;) {
      const prev = text.lastIndexOf('\n', at - 2) + 1;
      if (prev <= from) return at;
      const line = text.slice(prev, at - 1).trim();
      if (!(line.startsWith('#') || line.startsWith('//'))) return at;
      at = prev;
    }
  }
  return text.length;
}

function isDuplicate(attributes: Attribute[], name: string): boolean {
  for (let i = 0; i < attributes.length; i++) if (attributes[i]!.name === name) return true;
  return false;
}
