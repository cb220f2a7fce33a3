/**
 * Recursive-descent parser for HCL expressions (operators with HCL precedence, traversals, splats,
 * calls, collections, for expressions). Errors never throw: an unparseable expression becomes an
 * InvalidExpr and the enclosing construct decides where to resume.
 */
import type { BinaryOp, Expr, ForExpr, ObjectItem, Range, SplatStep } from './ast';
import { isDigit, isIdentStart, isIdentPart, Lexer, T } from './lexer';
import { parseHeredoc, parseQuoted } from './templates';

const BIN_PREC: number[] = [];
const BIN_OP: (BinaryOp | undefined)[] = [];
function op(t: T, prec: number, name: BinaryOp): void {
  BIN_PREC[t] = prec;
  BIN_OP[t] = name;
}
op(T.Or, 1, '||');
op(T.And, 2, '&&');
op(T.EqEq, 3, '==');
op(T.NotEq, 3, '!=');
op(T.Lt, 4, '<');
op(T.Gt, 4, '>');
op(T.Le, 4, '<=');
op(T.Ge, 4, '>=');
op(T.Plus, 5, '+');
op(T.Minus, 5, '-');
op(T.Star, 6, '*');
op(T.Slash, 6, '/');
op(T.Percent, 6, '%');

function rng(start: number, end: number): Range {
  return { start, end };
}

export class ExprParser extends Lexer {
  /** Marks an unfinished expression: zero width at the end of the last good token. */
  missing(message: string): Expr {
    const at = this.prevEnd;
    if (this.at(T.NL) || this.at(T.EOF)) this.error(message, at, at);
    else this.error(message, this.ts, this.te);
    return { kind: 'Invalid', range: rng(at, at) };
  }

  expectMsg(what: string): string {
    return `expected ${what}, found ${this.tokenName()}`;
  }

  parseExpression(): Expr {
    const cond = this.parseBinary(1);
    if (!this.at(T.Question)) return cond;
    this.next();
    const then = this.parseExpression();
    let els: Expr;
    if (this.at(T.Colon)) {
      this.next();
      els = this.parseExpression();
    } else {
      els = this.missing(this.expectMsg('":" in conditional expression'));
    }
    return { kind: 'Conditional', cond, then, else: els, range: rng(cond.range.start, this.prevEnd) };
  }

  private parseBinary(minPrec: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      const prec = BIN_PREC[this.t];
      if (prec === undefined || prec < minPrec) return left;
      const opName = BIN_OP[this.t]!;
      this.next();
      const right = this.parseBinary(prec + 1);
      left = { kind: 'Binary', op: opName, left, right, range: rng(left.range.start, this.prevEnd) };
    }
  }

  private parseUnary(): Expr {
    if (this.at(T.Bang) || this.at(T.Minus)) {
      const start = this.ts;
      const opName = this.at(T.Bang) ? '!' : '-';
      this.next();
      const operand = this.parseUnary();
      return { kind: 'Unary', op: opName, operand, range: rng(start, this.prevEnd) };
    }
    return this.parseTerm();
  }

  private parseTerm(): Expr {
    let e = this.parsePrimary();
    if (e.kind === 'Invalid') return e;
    for (;;) {
      if (this.at(T.Dot)) {
        const c = this.text.charCodeAt(this.te);
        if (isDigit(c)) {
          e = this.legacyIndex(e);
          continue;
        }
        this.next();
        if (this.at(T.Ident)) {
          e = this.getAttr(e);
          continue;
        }
        if (this.at(T.Star)) {
          this.next();
          e = this.splat(e, false);
          continue;
        }
        this.missing(this.expectMsg('attribute name after "."'));
        return { kind: 'Invalid', range: rng(e.range.start, this.prevEnd) };
      }
      if (this.at(T.LBrack)) {
        const outer = this.skipNl;
        this.skipNl = true;
        this.next();
        if (this.at(T.Star)) {
          this.next();
          this.skipNl = outer;
          if (!this.at(T.RBrack)) {
            this.missing(this.expectMsg('"]" after "[*"'));
            return { kind: 'Invalid', range: rng(e.range.start, this.prevEnd) };
          }
          this.next();
          e = this.splat(e, true);
          continue;
        }
        const key = this.parseExpression();
        this.skipNl = outer;
        if (!this.at(T.RBrack)) {
          this.missing(this.expectMsg('"]" to close the index'));
          this.rescan();
          return { kind: 'Index', object: e, key, range: rng(e.range.start, this.prevEnd) };
        }
        this.next();
        e = { kind: 'Index', object: e, key, range: rng(e.range.start, this.prevEnd) };
        continue;
      }
      return e;
    }
  }

  private getAttr(object: Expr): Expr {
    const nameRange = rng(this.ts, this.te);
    const name = this.tokenText();
    this.next();
    return { kind: 'GetAttr', object, name, nameRange, range: rng(object.range.start, nameRange.end) };
  }

  /** `a.0`: scanned by hand because the lexer would read `0.1` in `a.0.1` as one number. */
  private legacyIndex(object: Expr): Expr {
    let q = this.te;
    const start = q;
    while (isDigit(this.text.charCodeAt(q))) q++;
    const key: Expr = { kind: 'Literal', value: Number(this.text.slice(start, q)), range: rng(start, q) };
    this.te = q;
    this.pos = q;
    this.next();
    return { kind: 'Index', object, key, range: rng(object.range.start, q) };
  }

  private splat(object: Expr, full: boolean): Expr {
    const steps: SplatStep[] = [];
    let end = this.prevEnd;
    for (;;) {
      if (this.at(T.Dot)) {
        const c = this.text.charCodeAt(this.te);
        if (isDigit(c)) {
          const idx = this.legacyIndex({ kind: 'Invalid', range: rng(0, 0) });
          if (idx.kind === 'Index') steps.push({ kind: 'Index', key: idx.key });
          end = this.prevEnd;
          continue;
        }
        if (!isIdentStart(c)) break;
        this.next();
        steps.push({ kind: 'GetAttr', name: this.tokenText() });
        this.next();
        end = this.prevEnd;
        continue;
      }
      if (full && this.at(T.LBrack) && this.text.charCodeAt(this.te) !== 42) {
        const outer = this.skipNl;
        this.skipNl = true;
        this.next();
        const key = this.parseExpression();
        this.skipNl = outer;
        if (!this.at(T.RBrack)) {
          this.missing(this.expectMsg('"]" to close the index'));
          this.rescan();
          break;
        }
        this.next();
        steps.push({ kind: 'Index', key });
        end = this.prevEnd;
        continue;
      }
      break;
    }
    return { kind: 'Splat', object, full, steps, range: rng(object.range.start, end) };
  }

  private parsePrimary(): Expr {
    const start = this.ts;
    switch (this.t) {
      case T.Number: {
        const value = Number(this.tokenText());
        this.next();
        return { kind: 'Literal', value, range: rng(start, this.prevEnd) };
      }
      case T.Ident:
        return this.identExpr();
      case T.OQuote:
        return parseQuoted(this);
      case T.Heredoc:
        return parseHeredoc(this);
      case T.LBrack:
        return this.tuple();
      case T.LBrace:
        return this.object();
      case T.LParen: {
        const outer = this.skipNl;
        this.skipNl = true;
        this.next();
        const inner = this.parseExpression();
        this.skipNl = outer;
        if (!this.at(T.RParen)) {
          this.missing(this.expectMsg('")"'));
          this.recoverTo(T.RParen);
          return { kind: 'Parens', expr: inner, range: rng(start, this.prevEnd) };
        }
        this.next();
        return { kind: 'Parens', expr: inner, range: rng(start, this.prevEnd) };
      }
      case T.Invalid: {
        // Already reported by the lexer (invalid character or number).
        const end = this.te;
        this.next();
        return { kind: 'Invalid', range: rng(start, end) };
      }
      default:
        return this.missing(
          this.at(T.NL) || this.at(T.EOF) ? 'missing expression' : this.expectMsg('an expression'),
        );
    }
  }

  private identExpr(): Expr {
    const start = this.ts;
    const text = this.text;
    let nameEnd = this.te;
    const len = nameEnd - start;
    const c0 = text.charCodeAt(start);
    if (len === 4 && c0 === 116 && text.startsWith('true', start)) return this.lit(true);
    if (len === 5 && c0 === 102 && text.startsWith('false', start)) return this.lit(false);
    if (len === 4 && c0 === 110 && text.startsWith('null', start)) return this.lit(null);
    // Provider-defined functions: `provider::aws::name(...)`.
    while (
      text.charCodeAt(nameEnd) === 58 &&
      text.charCodeAt(nameEnd + 1) === 58 &&
      isIdentStart(text.charCodeAt(nameEnd + 2))
    ) {
      nameEnd += 3;
      while (isIdentPart(text.charCodeAt(nameEnd))) nameEnd++;
    }
    let q = nameEnd;
    while (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9) q++;
    if (text.charCodeAt(q) === 40) return this.call(start, nameEnd, q);
    if (nameEnd !== this.te) {
      this.te = nameEnd;
      this.pos = nameEnd;
    }
    const name = text.slice(start, nameEnd);
    this.next();
    return { kind: 'Variable', name, range: rng(start, nameEnd) };
  }

  private lit(value: boolean | null): Expr {
    const range = rng(this.ts, this.te);
    this.next();
    return { kind: 'Literal', value, range };
  }

  private call(start: number, nameEnd: number, paren: number): Expr {
    const name = this.text.slice(start, nameEnd);
    const args: Expr[] = [];
    let expandFinal = false;
    const outer = this.skipNl;
    this.skipNl = true;
    this.resetTo(paren + 1);
    let closed = false;
    while (!this.at(T.EOF)) {
      if (this.at(T.RParen)) {
        closed = true;
        break;
      }
      if (this.nlBefore && this.looksLikeBodyItem()) break;
      args.push(this.parseExpression());
      if (this.at(T.Ellipsis)) {
        expandFinal = true;
        this.next();
        if (!this.at(T.RParen)) this.missing(this.expectMsg('")" after "..."'));
      }
      if (this.at(T.Comma)) {
        this.next();
        continue;
      }
      if (this.at(T.RParen)) continue;
      if (this.nlBefore) break;
      this.missing(this.expectMsg('"," or ")" in function arguments'));
      closed = this.recoverTo(T.RParen);
      this.skipNl = outer;
      this.rescan();
      return this.callNode(name, start, nameEnd, args, expandFinal);
    }
    this.skipNl = outer;
    if (closed) this.next();
    else {
      this.error(`unclosed "(" in call to "${name}"`, paren, paren + 1);
      this.rescan();
    }
    return this.callNode(name, start, nameEnd, args, expandFinal);
  }

  private callNode(name: string, start: number, nameEnd: number, args: Expr[], expandFinal: boolean): Expr {
    return {
      kind: 'Call',
      name,
      nameRange: rng(start, nameEnd),
      args,
      expandFinal,
      range: rng(start, this.prevEnd),
    };
  }

  /**
   * An identifier followed by `=`, `{` or a quoted label on a fresh line inside brackets is much more
   * likely the next attribute or block of an unfinished file than part of the bracket.
   */
  looksLikeBodyItem(): boolean {
    if (!this.at(T.Ident)) return false;
    const c = this.charAfterToken();
    return (c === 61 && !this.nextCharIs(61) && !this.nextCharIs(62)) || c === 123 || c === 34;
  }

  /** The first character after the current token, skipping blanks (a raw peek: no token scanned). */
  charAfterToken(): number {
    let q = this.te;
    const text = this.text;
    while (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9) q++;
    this.peekAt = q;
    return q < this.limit ? text.charCodeAt(q) : -1;
  }

  private peekAt = 0;

  /** After charAfterToken: is the character following the peeked one `c`? */
  private nextCharIs(c: number): boolean {
    return this.text.charCodeAt(this.peekAt + 1) === c;
  }

  /**
   * Skips to the matching `closer` (consumed; returns true), or stops before EOF, a mismatched
   * closing bracket or what looks like the next attribute on a new line (returns false).
   */
  recoverTo(closer: T): boolean {
    let depth = 0;
    const outer = this.skipNl;
    this.skipNl = true;
    this.rescan();
    try {
      for (;;) {
        const t = this.t;
        if (t === T.EOF) return false;
        if (depth === 0 && t === closer) {
          this.skipNl = outer;
          this.next();
          return true;
        }
        if (depth === 0 && this.nlBefore && this.looksLikeBodyItem()) return false;
        if (t === T.LBrack || t === T.LParen || t === T.LBrace) depth++;
        else if (t === T.RBrack || t === T.RParen || t === T.RBrace) {
          if (depth === 0) return false;
          depth--;
        } else if (t === T.OQuote) {
          parseQuoted(this);
          continue;
        } else if (t === T.Heredoc) {
          parseHeredoc(this);
          continue;
        }
        this.next();
      }
    } finally {
      this.skipNl = outer;
    }
  }

  private tuple(): Expr {
    const start = this.ts;
    const outer = this.skipNl;
    this.skipNl = true;
    this.next();
    if (this.isWord('for')) return this.forExpr(start, false, outer);
    const items: Expr[] = [];
    let closed = false;
    while (!this.at(T.EOF)) {
      if (this.at(T.RBrack)) {
        closed = true;
        break;
      }
      if (this.nlBefore && this.looksLikeBodyItem()) break;
      items.push(this.parseExpression());
      if (this.at(T.Comma)) {
        this.next();
        continue;
      }
      if (this.at(T.RBrack)) continue;
      if (this.nlBefore || this.at(T.RBrace) || this.at(T.RParen)) break;
      this.missing(this.expectMsg('"," or "]" in tuple'));
      closed = this.recoverTo(T.RBrack);
      this.skipNl = outer;
      this.rescan();
      return { kind: 'Tuple', items, range: rng(start, this.prevEnd) };
    }
    this.skipNl = outer;
    if (closed) this.next();
    else {
      this.error('unclosed "[": "]" is missing', start, start + 1);
      this.rescan();
    }
    return { kind: 'Tuple', items, range: rng(start, this.prevEnd) };
  }

  private object(): Expr {
    const start = this.ts;
    const outer = this.skipNl;
    this.skipNl = false;
    this.next();
    while (this.at(T.NL)) this.next();
    if (this.isWord('for')) {
      this.skipNl = true;
      return this.forExpr(start, true, outer);
    }
    const items: ObjectItem[] = [];
    let closed = false;
    for (;;) {
      while (this.at(T.NL)) this.next();
      if (this.at(T.RBrace)) {
        closed = true;
        break;
      }
      if (this.at(T.EOF) || this.at(T.RBrack) || this.at(T.RParen)) break;
      if (this.looksLikeBlock()) break;
      const item = this.objectItem();
      if (item) items.push(item);
      if (this.at(T.Comma)) {
        this.next();
        continue;
      }
      if (this.at(T.NL) || this.at(T.RBrace)) continue;
      if (this.at(T.EOF)) break;
      this.missing(this.expectMsg('newline, "," or "}" after object item'));
      this.skipLine();
    }
    this.skipNl = outer;
    if (closed) this.next();
    else {
      this.error('unclosed "{": "}" is missing', start, start + 1);
      this.rescan();
    }
    return { kind: 'Object', items, range: rng(start, this.prevEnd) };
  }

  /** `name {` or `name "label"` inside an object constructor: a nested block of an unfinished file. */
  private looksLikeBlock(): boolean {
    if (!this.at(T.Ident)) return false;
    const c = this.charAfterToken();
    return c === 123 || c === 34;
  }

  private objectItem(): ObjectItem | undefined {
    const start = this.ts;
    const key = this.parseExpression();
    const bareKey = key.kind === 'Variable';
    if (!this.at(T.Eq) && !this.at(T.Colon)) {
      this.missing(this.expectMsg('"=" or ":" after object key'));
      this.skipLine();
      return key.kind === 'Invalid'
        ? undefined
        : {
            key,
            bareKey,
            value: { kind: 'Invalid', range: rng(this.prevEnd, this.prevEnd) },
            range: rng(start, key.range.end),
          };
    }
    this.next();
    const value = this.parseExpression();
    return { key, bareKey, value, range: rng(start, this.prevEnd) };
  }

  /** Skips raw text to the end of the line (never past a closing brace of this line). */
  skipLine(): void {
    if (this.at(T.NL) || this.at(T.EOF) || this.at(T.RBrace)) return;
    const text = this.text;
    let q = this.ts;
    while (q < this.limit) {
      const c = text.charCodeAt(q);
      if (c === 10 || c === 13) break;
      q++;
    }
    this.te = this.ts;
    this.pos = q;
    this.next();
  }

  private forExpr(start: number, isObject: boolean, outer: boolean): Expr {
    const closer = isObject ? T.RBrace : T.RBrack;
    const fail = (what: string): Expr => {
      this.missing(this.expectMsg(what));
      this.recoverTo(closer);
      this.skipNl = outer;
      this.rescan();
      return { kind: 'Invalid', range: rng(start, this.prevEnd) };
    };
    this.next();
    if (!this.at(T.Ident)) return fail('a variable name after "for"');
    let keyVar: string | undefined;
    let valueVar = this.tokenText();
    this.next();
    if (this.at(T.Comma)) {
      this.next();
      if (!this.at(T.Ident)) return fail('a second variable name after ","');
      keyVar = valueVar;
      valueVar = this.tokenText();
      this.next();
    }
    if (!this.isWord('in')) return fail('"in" after the for variables');
    this.next();
    const collection = this.parseExpression();
    if (!this.at(T.Colon)) return fail('":" after the for collection');
    this.next();
    let keyExpr: Expr | undefined;
    let valueExpr = this.parseExpression();
    let group = false;
    if (isObject) {
      if (!this.at(T.Arrow)) return fail('"=>" in object for expression');
      this.next();
      keyExpr = valueExpr;
      valueExpr = this.parseExpression();
      if (this.at(T.Ellipsis)) {
        group = true;
        this.next();
      }
    }
    let cond: Expr | undefined;
    if (this.isWord('if')) {
      this.next();
      cond = this.parseExpression();
    }
    if (this.t !== closer)
      return fail(isObject ? '"}" to close the for expression' : '"]" to close the for expression');
    this.skipNl = outer;
    this.next();
    const node: ForExpr = {
      kind: 'For',
      valueVar,
      collection,
      valueExpr,
      group,
      isObject,
      range: rng(start, this.prevEnd),
    };
    if (keyVar !== undefined) node.keyVar = keyVar;
    if (keyExpr) node.keyExpr = keyExpr;
    if (cond) node.cond = cond;
    return node;
  }
}
