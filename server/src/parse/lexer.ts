/**
 * On-demand HCL native-syntax scanner. It keeps the current token in plain fields (no token objects,
 * no substrings) so that a 10,000-line file is scanned in one cheap pass. The parser drives it and
 * switches it between "newlines are tokens" (bodies, object constructors) and "newlines are
 * whitespace" (inside parentheses, tuples and interpolations), as HCL does.
 */
import type { Comment, SyntaxError } from './ast';
import { isDigit, isIdentPart, isIdentStart, T, TOKEN_NAMES } from './tokens';
import { quoted } from '../model/safe-text';

// Re-exported: the parser modules have always imported the token kinds from here.
export { isDigit, isIdentPart, isIdentStart, T } from './tokens';

export interface LexState {
  pos: number;
  t: T;
  ts: number;
  te: number;
  nlBefore: boolean;
  prevEnd: number;
}

export class Lexer {
  readonly text: string;
  /** Scanning never goes past this offset (used to parse a sub-range, e.g. a JSON string). */
  limit: number;
  pos = 0;
  /** Current token: type, start, end. */
  t: T = T.EOF;
  ts = 0;
  te = 0;
  /** A newline was skipped (in newline-insensitive mode) right before the current token. */
  nlBefore = false;
  /** End of the previous token: where an unfinished construct's range stops. */
  prevEnd = 0;
  /** Newlines are whitespace (inside brackets) when true. */
  skipNl = false;
  /** Heredoc token details. */
  hdFlush = false;
  hdMarker = '';
  readonly comments: Comment[] = [];
  readonly errors: SyntaxError[] = [];
  private lastCommentStart = -1;
  private badNumber = false;
  private lastLexErrorAt = -1;

  constructor(text: string, start = 0, limit = text.length) {
    this.text = text;
    this.pos = start;
    this.limit = limit;
  }

  error(message: string, start: number, end: number): void {
    this.errors.push({ message, range: { start, end: Math.max(start, end) } });
  }

  /** Errors found while scanning; a rescan after backtracking must not report them twice. */
  private lexError(message: string, start: number, end: number): void {
    if (start <= this.lastLexErrorAt) return;
    this.lastLexErrorAt = start;
    this.error(message, start, end);
  }

  save(): LexState {
    return {
      pos: this.pos,
      t: this.t,
      ts: this.ts,
      te: this.te,
      nlBefore: this.nlBefore,
      prevEnd: this.prevEnd,
    };
  }

  restore(s: LexState): void {
    this.pos = s.pos;
    this.t = s.t;
    this.ts = s.ts;
    this.te = s.te;
    this.nlBefore = s.nlBefore;
    this.prevEnd = s.prevEnd;
  }

  /** Rescans from `pos` (after a raw scan by the template reader, or a mode switch). */
  resetTo(pos: number): void {
    this.t = T.Invalid;
    this.te = pos;
    this.pos = pos;
    this.next();
  }

  /** Re-reads the current token under the current newline mode. */
  rescan(): void {
    if (this.t === T.NL && this.skipNl) this.next();
  }

  /** The current token is `t` (a method, so that TypeScript does not narrow `t` across `next()`). */
  at(t: T): boolean {
    return this.t === t;
  }

  tokenName(): string {
    if (this.t === T.Ident) return quoted(this.text.slice(this.ts, this.te));
    return TOKEN_NAMES[this.t] ?? 'token';
  }

  tokenText(): string {
    return this.text.slice(this.ts, this.te);
  }

  /** True when the current token is the identifier `word` (no substring allocated). */
  isWord(word: string): boolean {
    return this.t === T.Ident && this.te - this.ts === word.length && this.text.startsWith(word, this.ts);
  }

  /** Only blanks separate the current token from the start of its line. */
  firstOnLine(): boolean {
    let q = this.ts - 1;
    while (q >= 0 && (this.text.charCodeAt(q) === 32 || this.text.charCodeAt(q) === 9)) q--;
    const c = this.text.charCodeAt(q);
    return q < 0 || c === 10 || c === 13;
  }

  atLineStart(): boolean {
    const c = this.text.charCodeAt(this.ts - 1);
    return this.ts === 0 || c === 10 || c === 13;
  }

  next(): void {
    if (this.t !== T.NL) this.prevEnd = this.te;
    this.nlBefore = false;
    const text = this.text;
    const limit = this.limit;
    let p = this.pos;
    for (;;) {
      if (p >= limit) {
        this.set(T.EOF, limit, limit);
        return;
      }
      const c = text.charCodeAt(p);
      if (c === 32 || c === 9) {
        p++;
        continue;
      }
      if (c === 10 || c === 13) {
        const start = p;
        p += c === 13 && text.charCodeAt(p + 1) === 10 ? 2 : 1;
        if (this.skipNl) {
          this.nlBefore = true;
          continue;
        }
        this.set(T.NL, start, p);
        return;
      }
      if (c === 35 || (c === 47 && text.charCodeAt(p + 1) === 47)) {
        p = this.lineComment(p);
        continue;
      }
      if (c === 47 && text.charCodeAt(p + 1) === 42) {
        const end = this.blockComment(p);
        // A multi-line block comment stands for a newline (as in HCL).
        p = end;
        continue;
      }
      if (isIdentStart(c)) {
        let q = p + 1;
        while (q < limit && isIdentPart(text.charCodeAt(q))) q++;
        this.set(T.Ident, p, q);
        return;
      }
      if (c >= 48 && c <= 57) {
        this.badNumber = false;
        const end = this.number(p);
        this.set(this.badNumber ? T.Invalid : T.Number, p, end);
        return;
      }
      const c1 = text.charCodeAt(p + 1);
      switch (c) {
        case 34:
          return this.set(T.OQuote, p, p + 1);
        case 123:
          return this.set(T.LBrace, p, p + 1);
        case 125:
          return this.set(T.RBrace, p, p + 1);
        case 91:
          return this.set(T.LBrack, p, p + 1);
        case 93:
          return this.set(T.RBrack, p, p + 1);
        case 40:
          return this.set(T.LParen, p, p + 1);
        case 41:
          return this.set(T.RParen, p, p + 1);
        case 44:
          return this.set(T.Comma, p, p + 1);
        case 58:
          return this.set(T.Colon, p, p + 1);
        case 63:
          return this.set(T.Question, p, p + 1);
        case 43:
          return this.set(T.Plus, p, p + 1);
        case 45:
          return this.set(T.Minus, p, p + 1);
        case 42:
          return this.set(T.Star, p, p + 1);
        case 47:
          return this.set(T.Slash, p, p + 1);
        case 37:
          return this.set(T.Percent, p, p + 1);
        case 126:
          return this.set(T.Tilde, p, p + 1);
        case 46:
          if (c1 === 46 && text.charCodeAt(p + 2) === 46) return this.set(T.Ellipsis, p, p + 3);
          return this.set(T.Dot, p, p + 1);
        case 61:
          if (c1 === 61) return this.set(T.EqEq, p, p + 2);
          if (c1 === 62) return this.set(T.Arrow, p, p + 2);
          return this.set(T.Eq, p, p + 1);
        case 33:
          if (c1 === 61) return this.set(T.NotEq, p, p + 2);
          return this.set(T.Bang, p, p + 1);
        case 60:
          if (c1 === 61) return this.set(T.Le, p, p + 2);
          if (c1 === 60) return this.heredocStart(p);
          return this.set(T.Lt, p, p + 1);
        case 62:
          if (c1 === 61) return this.set(T.Ge, p, p + 2);
          return this.set(T.Gt, p, p + 1);
        case 38:
          if (c1 === 38) return this.set(T.And, p, p + 2);
          break;
        case 124:
          if (c1 === 124) return this.set(T.Or, p, p + 2);
          break;
      }
      // Unknown character (a whole surrogate pair counts as one).
      const w = c >= 0xd800 && c <= 0xdbff && p + 1 < limit ? 2 : 1;
      this.lexError(`invalid character "${text.slice(p, p + w)}"`, p, p + w);
      return this.set(T.Invalid, p, p + w);
    }
  }

  private set(t: T, ts: number, te: number): void {
    this.t = t;
    this.ts = ts;
    this.te = te;
    this.pos = te;
  }

  private lineComment(p: number): number {
    const text = this.text;
    let q = p;
    while (q < this.limit) {
      const c = text.charCodeAt(q);
      if (c === 10 || c === 13) break;
      q++;
    }
    if (p > this.lastCommentStart) {
      this.lastCommentStart = p;
      this.comments.push({ text: text.slice(p, q), range: { start: p, end: q } });
    }
    return q;
  }

  private blockComment(p: number): number {
    const close = this.text.indexOf('*/', p + 2);
    const end = close < 0 || close + 2 > this.limit ? this.limit : close + 2;
    if (p > this.lastCommentStart) {
      this.lastCommentStart = p;
      this.comments.push({ text: this.text.slice(p, end), range: { start: p, end } });
      if (close < 0 || close + 2 > this.limit)
        this.lexError('unterminated comment: "*/" is missing', p, p + 2);
    }
    return end;
  }

  private number(p: number): number {
    const text = this.text;
    const limit = this.limit;
    let q = p;
    while (q < limit && isDigit(text.charCodeAt(q))) q++;
    if (text.charCodeAt(q) === 46 && isDigit(text.charCodeAt(q + 1))) {
      q += 2;
      while (q < limit && isDigit(text.charCodeAt(q))) q++;
    }
    const e = text.charCodeAt(q);
    if (e === 101 || e === 69) {
      let r = q + 1;
      const s = text.charCodeAt(r);
      if (s === 43 || s === 45) r++;
      if (isDigit(text.charCodeAt(r))) {
        q = r;
        while (q < limit && isDigit(text.charCodeAt(q))) q++;
      }
    }
    // `10.0.0.0` is not a number (HCL rejects it too): swallow the whole dotted run as one bad token.
    if (text.charCodeAt(q) === 46 && isDigit(text.charCodeAt(q + 1))) {
      while (q < limit && (isDigit(text.charCodeAt(q)) || text.charCodeAt(q) === 46)) q++;
      this.lexError(`invalid number literal "${text.slice(p, q)}" (quote it to make a string)`, p, q);
      this.badNumber = true;
    }
    return q;
  }

  /** `<<EOF` / `<<-EOF`: the token covers the marker; the body starts on the next line. */
  private heredocStart(p: number): void {
    const text = this.text;
    let q = p + 2;
    const flush = text.charCodeAt(q) === 45;
    if (flush) q++;
    const ms = q;
    if (!isIdentStart(text.charCodeAt(q))) {
      this.lexError('invalid character "<"', p, p + 1);
      return this.set(T.Invalid, p, p + 1);
    }
    while (q < this.limit && isIdentPart(text.charCodeAt(q))) q++;
    this.hdFlush = flush;
    this.hdMarker = text.slice(ms, q);
    this.set(T.Heredoc, p, q);
  }
}
