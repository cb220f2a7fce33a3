/**
 * Heredocs, `<<EOF` and `<<-EOF` (indentation removed): finds the closing marker line, then reads the
 * body as a template without escapes.
 */
import type { TemplateExpr } from './ast';
import type { ExprParser } from './expressions';
import { isSpace, Mode, TemplateReader } from './template-reader';
import { quoted } from '../model/safe-text';

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
    p.error(`a heredoc marker ${quoted(marker)} must be followed by a newline`, start, p.te);
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
    p.error(`unterminated heredoc: no closing ${quoted(marker)} line`, start, p.te);
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
