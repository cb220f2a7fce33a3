/**
 * Recursive-descent parser for HCL expressions (operators with HCL precedence, traversals, splats,
 * calls, collections, for expressions). Errors never throw: an unparseable expression becomes an
 * InvalidExpr and the enclosing construct decides where to resume.
 * This file holds the operators, primaries and recovery; traversals, calls, collection constructors
 * and for expressions live in the `expression-*` modules, as functions over this parser.
 */
import type { BinaryOp, Expr } from './ast';
import { parseCall } from './expression-call';
import { parseObject, parseTuple } from './expression-collections';
import { parsePostfix } from './expression-postfix';
import { Lexer } from './lexer';
import { rng } from './positions';
import { parseHeredoc, parseQuoted } from './templates';
import { isIdentPart, isIdentStart, T } from './tokens';

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
    const e = this.parsePrimary();
    if (e.kind === 'Invalid') return e;
    return parsePostfix(this, e);
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
        return parseTuple(this);
      case T.LBrace:
        return parseObject(this);
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
    if (text.charCodeAt(q) === 40) return parseCall(this, start, nameEnd, q);
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
}
