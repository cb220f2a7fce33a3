/**
 * Template reader: quoted strings, heredoc bodies and (for Terraform JSON) raw string contents. Scans the
 * characters directly (escapes, `${}` interpolations, `%{}` directives with `~` strip markers) and
 * hands each `${`/`%{` over to the expression parser, which shares the same text and position.
 */
import type { TemplatePart } from './ast';
import type { ExprParser } from './expressions';
import { readDirectiveHeader } from './template-directive';
import { decodeEscape, type EscapeSink } from './template-escapes';
import { trimmed } from './positions';
import { T } from './tokens';

export const enum Mode {
  /** `"..."`: escapes; ends at `"`; a newline means the closing quote is missing. */
  Quoted,
  /** Heredoc body or JSON string contents: no backslash escapes; ends at `end`. */
  Raw,
}

type Terminator = 'else' | 'endif' | 'endfor';

interface ScanResult {
  parts: TemplatePart[];
  term: Terminator | undefined;
  termStart: number;
  termEnd: number;
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

export class TemplateReader implements EscapeSink {
  private readonly text: string;
  pos: number;
  /** Strip leading whitespace from the next text chunk (a preceding `~}`). */
  private stripNext = false;
  unterminated = false;

  constructor(
    private readonly p: ExprParser,
    private readonly mode: Mode,
    start: number,
    private end: number,
    /** `<<-` heredocs: indentation removed from the start of every line. */
    private readonly indent = 0,
  ) {
    this.text = p.text;
    this.pos = start;
  }

  scan(nested: boolean): ScanResult {
    const text = this.text;
    const end = this.end;
    const quoted = this.mode === Mode.Quoted;
    const parts: TemplatePart[] = [];
    let buf = '';
    let chunkStart = this.pos;
    let seg = this.pos;
    let pos = this.pos;
    if (this.indent > 0) pos = seg = this.skipIndent(pos);
    const flush = (at: number): void => {
      let value = buf + text.slice(seg, at);
      let start = chunkStart;
      if (this.stripNext) {
        this.stripNext = false;
        const trimmed = value.trimStart();
        start = Math.min(at, start + value.length - trimmed.length);
        value = trimmed;
      }
      if (value.length > 0) parts.push({ kind: 'Text', value, range: { start, end: at } });
      buf = '';
    };
    for (;;) {
      if (pos >= end) {
        if (quoted) this.unterminated = true;
        break;
      }
      const c = text.charCodeAt(pos);
      if (quoted) {
        if (c === 34) break;
        if (c === 10 || c === 13) {
          this.unterminated = true;
          break;
        }
        if (c === 92) {
          buf += text.slice(seg, pos);
          pos = decodeEscape(this.p, text, pos, this.end, this);
          buf += this.escaped;
          seg = pos;
          continue;
        }
      } else if (this.indent > 0 && (c === 10 || c === 13)) {
        pos += c === 13 && text.charCodeAt(pos + 1) === 10 ? 2 : 1;
        buf += text.slice(seg, pos);
        pos = seg = this.skipIndent(pos);
        continue;
      }
      if ((c === 36 || c === 37) && text.charCodeAt(pos + 1) === 123) {
        flush(pos);
        const dirStart = pos;
        if (c === 36) this.interpolation(parts, pos);
        else {
          const r = this.directive(parts, pos, nested);
          if (r) {
            this.pos = r.termEnd;
            return { parts: trimmed(parts), term: r.term, termStart: dirStart, termEnd: r.termEnd };
          }
        }
        pos = seg = chunkStart = this.pos;
        continue;
      }
      if ((c === 36 || c === 37) && text.charCodeAt(pos + 1) === c && text.charCodeAt(pos + 2) === 123) {
        // `$${` and `%%{` are the literal `${` and `%{`.
        buf += text.slice(seg, pos + 1);
        pos += 2;
        seg = pos;
        continue;
      }
      pos++;
    }
    flush(pos);
    this.pos = pos;
    return { parts: trimmed(parts), term: undefined, termStart: pos, termEnd: pos };
  }

  private skipIndent(pos: number): number {
    let n = 0;
    while (n < this.indent && pos < this.end && isSpace(this.text.charCodeAt(pos))) {
      pos++;
      n++;
    }
    return pos;
  }

  /** The text of the last escape decoded by `decodeEscape`. */
  escaped = '';

  /** Runs the expression parser inside `${`/`%{` with newlines ignored and scanning capped at `end`. */
  private withExprParser<R>(start: number, fn: () => R): R {
    const p = this.p;
    const outerNl = p.skipNl;
    const outerLimit = p.limit;
    p.skipNl = true;
    p.limit = this.end;
    p.resetTo(start);
    try {
      return fn();
    } finally {
      p.skipNl = outerNl;
      p.limit = outerLimit;
    }
  }

  /** After the contents of `${...}` / `%{...}`: optional `~`, then `}`. Sets `this.pos` past it. */
  private close(what: string): boolean {
    const p = this.p;
    let stripRight = false;
    if (p.at(T.Tilde)) {
      stripRight = true;
      p.next();
    }
    if (p.at(T.RBrace)) {
      this.pos = p.te;
      return stripRight;
    }
    p.missing(p.expectMsg(`"}" to close the ${what}`));
    // Resume after the next `}` on this line, or at the end of the string/line.
    const text = this.text;
    let q = Math.max(p.prevEnd, this.pos);
    while (q < this.end) {
      const c = text.charCodeAt(q);
      if (c === 125) {
        q++;
        break;
      }
      if (c === 10 || c === 13 || (this.mode === Mode.Quoted && c === 34)) break;
      q++;
    }
    this.pos = q;
    return false;
  }

  private stripBefore(parts: TemplatePart[], pos: number): boolean {
    if (this.text.charCodeAt(pos + 2) !== 126) return false;
    const last = parts[parts.length - 1];
    if (last && last.kind === 'Text') {
      const trimmed = last.value.trimEnd();
      last.range.end = Math.max(last.range.start, last.range.end - (last.value.length - trimmed.length));
      last.value = trimmed;
      if (trimmed.length === 0) parts.pop();
    }
    return true;
  }

  private interpolation(parts: TemplatePart[], start: number): void {
    const stripLeft = this.stripBefore(parts, start);
    this.pos = start + 2;
    const exprStart = start + (stripLeft ? 3 : 2);
    const p = this.p;
    const errorsBefore = p.errors.length;
    let expr = this.withExprParser(exprStart, () => {
      const e = p.parseExpression();
      if (
        this.mode === Mode.Quoted &&
        !p.at(T.RBrace) &&
        !p.at(T.Tilde) &&
        hasLineBreak(this.text, start, p.ts)
      ) {
        return undefined;
      }
      this.stripNext = this.close('interpolation');
      return e;
    });
    if (expr === undefined) {
      // An unfinished `${` in a quoted string: keep the damage on this line instead of eating the next.
      p.errors.length = errorsBefore;
      const end = this.end;
      let eol = exprStart;
      while (eol < end && this.text.charCodeAt(eol) !== 10 && this.text.charCodeAt(eol) !== 13) eol++;
      this.end = eol;
      expr = this.withExprParser(exprStart, () => {
        const e = p.parseExpression();
        this.stripNext = this.close('interpolation');
        return e;
      });
      this.end = end;
    }
    parts.push({
      kind: 'Interp',
      expr,
      stripLeft,
      stripRight: this.stripNext,
      range: { start, end: this.pos },
    });
  }

  /** Returns the terminator when the directive is `else`/`endif`/`endfor` inside a nested scan. */
  private directive(
    parts: TemplatePart[],
    start: number,
    nested: boolean,
  ): { term: Terminator; termEnd: number } | undefined {
    const p = this.p;
    const stripLeft = this.stripBefore(parts, start);
    this.pos = start + 2;
    const { kind, cond, keyVar, valueVar, collection } = this.withExprParser(
      start + (stripLeft ? 3 : 2),
      () => {
        const header = readDirectiveHeader(p);
        this.stripNext = this.close('directive');
        return header;
      },
    );
    if (kind === 'else' || kind === 'endif' || kind === 'endfor') {
      if (nested) return { term: kind, termEnd: this.pos };
      p.error(`"%{${kind}}" without a matching opening directive`, start, this.pos);
      return undefined;
    }
    if (kind === 'if') {
      const thenR = this.scan(true);
      let elseParts: TemplatePart[] | undefined;
      let last = thenR;
      if (thenR.term === 'else') {
        last = this.scan(true);
        elseParts = last.parts;
      }
      if (last.term !== 'endif') this.unclosedDirective('if', 'endif', start, last);
      const part: TemplatePart = {
        kind: 'If',
        cond: cond ?? { kind: 'Invalid', range: { start, end: start } },
        then: thenR.parts,
        range: { start, end: this.pos },
      };
      if (elseParts) part.else = elseParts;
      parts.push(part);
    } else if (kind === 'for') {
      const body = this.scan(true);
      if (body.term !== 'endfor') this.unclosedDirective('for', 'endfor', start, body);
      const part: TemplatePart = {
        kind: 'ForDirective',
        valueVar,
        collection: collection ?? { kind: 'Invalid', range: { start, end: start } },
        body: body.parts,
        range: { start, end: this.pos },
      };
      if (keyVar !== undefined) part.keyVar = keyVar;
      parts.push(part);
    }
    return undefined;
  }

  private unclosedDirective(kind: string, want: string, start: number, r: ScanResult): void {
    if (r.term) this.p.error(`expected "%{${want}}", found "%{${r.term}}"`, r.termStart, r.termEnd);
    else this.p.error(`unclosed "%{${kind}}": "%{${want}}" is missing`, start, start + 2);
  }
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}
