/**
 * Template reader: quoted strings, heredocs and (for Terraform JSON) raw string contents. Scans the
 * characters directly (escapes, `${}` interpolations, `%{}` directives with `~` strip markers) and
 * hands each `${`/`%{` over to the expression parser, which shares the same text and position.
 */
import type { Expr, TemplateExpr, TemplatePart } from './ast';
import type { ExprParser } from './expressions';
import { T } from './lexer';

const enum Mode {
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

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

class TemplateReader {
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
          pos = this.escape(pos);
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
            return { parts, term: r.term, termStart: dirStart, termEnd: r.termEnd };
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
    return { parts, term: undefined, termStart: pos, termEnd: pos };
  }

  private skipIndent(pos: number): number {
    let n = 0;
    while (n < this.indent && pos < this.end && isSpace(this.text.charCodeAt(pos))) {
      pos++;
      n++;
    }
    return pos;
  }

  private escaped = '';

  /** Decodes the escape at `pos` (a backslash) into `this.escaped`; returns the position after it. */
  private escape(pos: number): number {
    const text = this.text;
    const c = text.charCodeAt(pos + 1);
    switch (c) {
      case 110:
        this.escaped = '\n';
        return pos + 2;
      case 114:
        this.escaped = '\r';
        return pos + 2;
      case 116:
        this.escaped = '\t';
        return pos + 2;
      case 34:
        this.escaped = '"';
        return pos + 2;
      case 92:
        this.escaped = '\\';
        return pos + 2;
      case 117:
      case 85: {
        const n = c === 117 ? 4 : 8;
        let q = pos + 2;
        while (q < pos + 2 + n && q < this.end && isHex(text.charCodeAt(q))) q++;
        if (q === pos + 2 + n) {
          const cp = parseInt(text.slice(pos + 2, q), 16);
          if (cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) {
            this.escaped = String.fromCodePoint(cp);
            return q;
          }
        }
        this.p.error(`invalid unicode escape "${text.slice(pos, q)}"`, pos, q);
        this.escaped = '';
        return q;
      }
    }
    if (c !== c || c === 10 || c === 13 || pos + 1 >= this.end) {
      this.escaped = '\\';
      return pos + 1;
    }
    const w = c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    this.p.error(`invalid escape sequence "\\${text.slice(pos + 1, pos + 1 + w)}"`, pos, pos + 1 + w);
    this.escaped = text.slice(pos + 1, pos + 1 + w);
    return pos + 1 + w;
  }

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
    let kind = '';
    let cond: Expr | undefined;
    let keyVar: string | undefined;
    let valueVar = '';
    let collection: Expr | undefined;
    this.withExprParser(start + (stripLeft ? 3 : 2), () => {
      if (p.isWord('if')) {
        kind = 'if';
        p.next();
        cond = p.parseExpression();
      } else if (p.isWord('for')) {
        kind = 'for';
        p.next();
        if (p.at(T.Ident)) {
          valueVar = p.tokenText();
          p.next();
          if (p.at(T.Comma)) {
            p.next();
            keyVar = valueVar;
            valueVar = p.at(T.Ident) ? p.tokenText() : '';
            if (p.at(T.Ident)) p.next();
          }
        }
        if (!valueVar) p.missing(p.expectMsg('a variable name after "for"'));
        else if (!p.isWord('in')) p.missing(p.expectMsg('"in" after the for variables'));
        else {
          p.next();
          collection = p.parseExpression();
        }
      } else if (p.isWord('else') || p.isWord('endif') || p.isWord('endfor')) {
        kind = p.tokenText();
        p.next();
      } else {
        p.missing(p.expectMsg('"if", "for", "else", "endif" or "endfor" after "%{"'));
      }
      this.stripNext = this.close('directive');
    });
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

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** The current token is `"`: reads the quoted template and leaves the parser after it. */
export function parseQuoted(p: ExprParser): TemplateExpr {
  const start = p.ts;
  // Fast path: most strings have no escapes, interpolations or directives.
  const text = p.text;
  for (let q = start + 1; q < p.limit; q++) {
    const c = text.charCodeAt(q);
    if (c === 34) {
      const parts: TemplatePart[] =
        q > start + 1
          ? [{ kind: 'Text', value: text.slice(start + 1, q), range: { start: start + 1, end: q } }]
          : [];
      p.resetTo(q + 1);
      return {
        kind: 'Template',
        parts,
        heredoc: false,
        range: { start, end: q + 1 },
        valueRange: { start: start + 1, end: q },
      };
    }
    if (c === 92 || c === 36 || c === 37 || c === 10 || c === 13) break;
  }
  const r = new TemplateReader(p, Mode.Quoted, p.te, p.limit);
  const { parts } = r.scan(false);
  let end = r.pos;
  const valueEnd = end;
  if (r.unterminated) p.error('unterminated string: the closing "\\"" is missing', start, end);
  else end++;
  p.resetTo(end);
  return {
    kind: 'Template',
    parts,
    heredoc: false,
    range: { start, end },
    valueRange: { start: start + 1, end: valueEnd },
  };
}

/** The current token is `<<EOF` / `<<-EOF`: reads the heredoc through its closing marker. */
export function parseHeredoc(p: ExprParser): TemplateExpr {
  const text = p.text;
  const start = p.ts;
  const marker = p.hdMarker;
  const flush = p.hdFlush;
  const limit = p.limit;
  let q = p.te;
  while (q < limit && isSpace(text.charCodeAt(q))) q++;
  const c = text.charCodeAt(q);
  if (c !== 10 && c !== 13) {
    p.error(`a heredoc marker "${marker}" must be followed by a newline`, start, p.te);
    p.resetTo(p.te);
    return {
      kind: 'Template',
      parts: [],
      heredoc: true,
      range: { start, end: p.prevEnd },
      valueRange: { start: p.prevEnd, end: p.prevEnd },
    };
  }
  const bodyStart = q + (c === 13 && text.charCodeAt(q + 1) === 10 ? 2 : 1);
  // Find the closing marker: a line holding only the marker (indentation and trailing blanks allowed).
  let line = bodyStart;
  let bodyEnd = -1;
  let after = limit;
  let minIndent = Infinity;
  while (line < limit) {
    let i = line;
    while (i < limit && isSpace(text.charCodeAt(i))) i++;
    let eol = i;
    while (eol < limit && text.charCodeAt(eol) !== 10 && text.charCodeAt(eol) !== 13) eol++;
    if (text.startsWith(marker, i)) {
      let k = i + marker.length;
      while (k < eol && isSpace(text.charCodeAt(k))) k++;
      if (k === eol) {
        bodyEnd = line;
        after = i + marker.length;
        break;
      }
    }
    if (eol > i && i - line < minIndent) minIndent = i - line;
    line = eol + (text.charCodeAt(eol) === 13 && text.charCodeAt(eol + 1) === 10 ? 2 : 1);
  }
  if (bodyEnd < 0) {
    bodyEnd = limit;
    p.error(`unterminated heredoc: no closing "${marker}" line`, start, p.te);
  }
  const indent = flush && minIndent !== Infinity ? minIndent : 0;
  const r = new TemplateReader(p, Mode.Raw, bodyStart, bodyEnd, indent);
  const { parts } = r.scan(false);
  p.resetTo(after);
  return {
    kind: 'Template',
    parts,
    heredoc: true,
    range: { start, end: after },
    valueRange: { start: bodyStart, end: bodyEnd },
  };
}

/**
 * Reads `[start, end)` of the parser's text as a template without escapes (a Terraform JSON string
 * whose source has no backslashes). Leaves the parser's position untouched apart from scanning.
 */
export function parseRawTemplate(p: ExprParser, start: number, end: number): TemplatePart[] {
  const r = new TemplateReader(p, Mode.Raw, start, end);
  return r.scan(false).parts;
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}
