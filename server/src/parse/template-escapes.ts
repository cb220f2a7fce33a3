/**
 * Backslash escapes in quoted templates (`\n`, `\"`, `\uXXXX`, `\UXXXXXXXX`, ...). A bad escape is
 * reported, and the text keeps the character that follows the backslash.
 */
import type { ExprParser } from './expressions';
import { quoted } from '../model/safe-text';

/** Where decodeEscape leaves the decoded text: a field, so that no result object is built per escape. */
export interface EscapeSink {
  escaped: string;
}

/** Decodes the escape at `pos` (a backslash) into `out.escaped`; returns the position after it. */
export function decodeEscape(p: ExprParser, text: string, pos: number, end: number, out: EscapeSink): number {
  const c = text.charCodeAt(pos + 1);
  switch (c) {
    case 110:
      out.escaped = '\n';
      return pos + 2;
    case 114:
      out.escaped = '\r';
      return pos + 2;
    case 116:
      out.escaped = '\t';
      return pos + 2;
    case 34:
      out.escaped = '"';
      return pos + 2;
    case 92:
      out.escaped = '\\';
      return pos + 2;
    case 117:
    case 85: {
      const n = c === 117 ? 4 : 8;
      let q = pos + 2;
      while (q < pos + 2 + n && q < end && isHex(text.charCodeAt(q))) q++;
      if (q === pos + 2 + n) {
        const cp = parseInt(text.slice(pos + 2, q), 16);
        if (cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) {
          out.escaped = String.fromCodePoint(cp);
          return q;
        }
      }
      p.error(`invalid unicode escape ${quoted(text.slice(pos, q))}`, pos, q);
      out.escaped = '';
      return q;
    }
  }
  if (c !== c || c === 10 || c === 13 || pos + 1 >= end) {
    out.escaped = '\\';
    return pos + 1;
  }
  const w = c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  p.error(`invalid escape sequence ${quoted(`\\${text.slice(pos + 1, pos + 1 + w)}`)}`, pos, pos + 1 + w);
  out.escaped = text.slice(pos + 1, pos + 1 + w);
  return pos + 1 + w;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
