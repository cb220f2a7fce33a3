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

/** Deeper expressions are read as one unknown (see skipDeep); the JavaScript stack holds this many. */
export const MAX_EXPR_DEPTH = 200;
export const TOO_DEEP_EXPR = '(expression nested more than 200 levels deep)';

/** Tokens that end a skipped expression at its own level: its enclosing construct's separators. */
const STOPS_DEEP: boolean[] = [];
for (const t of [T.RBrack, T.RParen, T.RBrace, T.Comma, T.Colon, T.Question, T.Eq, T.Arrow, T.Ellipsis])
  STOPS_DEEP[t] = true;

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

  /** How many expressions are open around the current one (bounded: see skipDeep). */
  exprDepth = 0;

  parseExpression(): Expr {
    if (this.exprDepth >= MAX_EXPR_DEPTH) return this.skipDeep();
    this.exprDepth++;
    let e = this.parseBinary(1);
    if (this.at(T.Question)) {
      // `a ? b : c ? d : e`: the chain of else branches is read in a loop, then nested right to left.
      const chain: { cond: Expr; then: Expr }[] = [];
      while (this.at(T.Question)) {
        this.next();
        chain.push({ cond: e, then: this.parseExpression() });
        if (!this.at(T.Colon)) {
          e = this.missing(this.expectMsg('":" in conditional expression'));
          break;
        }
        this.next();
        e = this.parseBinary(1);
      }
      const end = this.prevEnd;
      for (let i = chain.length - 1; i >= 0; i--) {
        const { cond, then } = chain[i]!;
        e = { kind: 'Conditional', cond, then, else: e, range: rng(cond.range.start, end) };
      }
    }
    this.exprDepth--;
    return e;
  }

  /**
   * An expression nested deeper than MAX_EXPR_DEPTH (only machines write those; Terraform reads
   * them): skipped to where it ends, without recursion, and kept as one unknown value, not an error.
   */
  private skipDeep(): Expr {
    const start = this.ts;
    const outer = this.skipNl;
    let depth = 0;
    for (;;) {
      const t = this.t;
      if (t === T.EOF) break;
      if (depth === 0 && (STOPS_DEEP[t] || t === T.NL)) break;
      if (t === T.NL) {
        this.next();
        continue;
      }
      if (t === T.LBrack || t === T.LParen || t === T.LBrace) {
        depth++;
        this.skipNl = true;
      } else if (t === T.RBrack || t === T.RParen || t === T.RBrace) {
        depth--;
      } else if (t === T.OQuote) {
        this.resetTo(skipQuoted(this.text, this.ts, this.limit));
        continue;
      } else if (t === T.Heredoc) {
        parseHeredoc(this);
        continue;
      }
      if (depth === 0) this.skipNl = outer;
      this.next();
    }
    this.skipNl = outer;
    return { kind: 'Invalid', range: rng(start, this.prevEnd), reason: TOO_DEEP_EXPR };
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
    // Most operands have no operator: this stays small enough for the optimiser to inline (with the
    // loop below in it, parsing ../shared/corpus took 5% more instructions than before that loop).
    if (!this.at(T.Bang) && !this.at(T.Minus)) return this.parseTerm();
    return this.parseUnaryRun();
  }

  /** `!x`, `-x`, `!!-x`: the operators read in a loop (a run of thousands must not recurse). */
  private parseUnaryRun(): Expr {
    const ops: { op: '!' | '-'; start: number }[] = [];
    while (this.at(T.Bang) || this.at(T.Minus)) {
      ops.push({ op: this.at(T.Bang) ? '!' : '-', start: this.ts });
      this.next();
    }
    let e = this.parseTerm();
    const end = this.prevEnd;
    for (let i = ops.length - 1; i >= 0; i--) {
      e = { kind: 'Unary', op: ops[i]!.op, operand: e, range: rng(ops[i]!.start, end) };
    }
    return e;
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

/**
 * The end of the quoted string opening at `start`, interpolations nested in it included, found
 * without recursion (skipDeep's strings may nest as deep as anything else).
 */
function skipQuoted(text: string, start: number, limit: number): number {
  // 1: inside quotes; 2: inside `${` / `%{`; 3: inside a brace of an interpolation.
  const stack: number[] = [1];
  let q = start + 1;
  while (q < limit && stack.length > 0) {
    const c = text.charCodeAt(q);
    const top = stack[stack.length - 1];
    if (top === 1) {
      if (c === 34) stack.pop();
      else if (c === 92) q++;
      else if (c === 10 || c === 13) return q;
      else if ((c === 36 || c === 37) && text.charCodeAt(q + 1) === 123) {
        if (text.charCodeAt(q - 1) !== c) stack.push(2);
        q++;
      }
    } else if (c === 34) stack.push(1);
    else if (c === 123) stack.push(3);
    else if (c === 125) stack.pop();
    q++;
  }
  return q;
}
