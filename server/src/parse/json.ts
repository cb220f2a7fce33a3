/**
 * A small JSON parser that keeps exact ranges and recovers: errors are collected with positions and
 * whatever could be read is returned (an unterminated object closes at EOF, a bad member is skipped).
 */
import type { Range, SyntaxError } from './ast';
import { quoted } from '../model/safe-text';

export interface JString {
  kind: 'string';
  value: string;
  /** The token including its quotes. */
  range: Range;
  /** The source has backslash escapes: value offsets do not map 1:1 onto the text. */
  escaped: boolean;
  unterminated?: boolean;
}
export interface JNumber {
  kind: 'number';
  value: number;
  range: Range;
}
export interface JLiteral {
  kind: 'literal';
  value: boolean | null;
  range: Range;
}
export interface JArray {
  kind: 'array';
  items: JValue[];
  range: Range;
}
export interface JMember {
  key: JString;
  value: JValue;
}
export interface JObject {
  kind: 'object';
  members: JMember[];
  range: Range;
}
export interface JInvalid {
  kind: 'invalid';
  range: Range;
}
export type JValue = JString | JNumber | JLiteral | JArray | JObject | JInvalid;

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

export function parseJson(text: string, errors: SyntaxError[]): JValue {
  let pos = 0;
  const n = text.length;
  const err = (message: string, start: number, end: number): void => {
    errors.push({ message, range: { start, end: Math.min(n, Math.max(start, end)) } });
  };
  const ws = (): void => {
    while (pos < n && isWs(text.charCodeAt(pos))) pos++;
  };
  const found = (): string => (pos >= n ? 'end of file' : quoted(text[pos]!));

  const str = (): JString => {
    const start = pos;
    pos++;
    let value = '';
    let seg = pos;
    let escaped = false;
    for (;;) {
      if (pos >= n) {
        err('unterminated string', start, pos);
        break;
      }
      const c = text.charCodeAt(pos);
      if (c === 34) {
        value += text.slice(seg, pos);
        pos++;
        return { kind: 'string', value, range: { start, end: pos }, escaped };
      }
      if (c === 10 || c === 13) {
        err('unterminated string', start, pos);
        break;
      }
      if (c === 92) {
        escaped = true;
        value += text.slice(seg, pos);
        const e = text.charCodeAt(pos + 1);
        const simple = SIMPLE_ESCAPES[e];
        if (simple !== undefined) {
          value += simple;
          pos += 2;
        } else if (e === 117 && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
          value += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
        } else {
          err('invalid escape sequence in string', pos, pos + 2);
          pos += pos + 1 < n ? 2 : 1;
        }
        seg = pos;
        continue;
      }
      pos++;
    }
    value += text.slice(seg, pos);
    return { kind: 'string', value, range: { start, end: pos }, escaped, unterminated: true };
  };

  const num = (): JValue => {
    const start = pos;
    if (text.charCodeAt(pos) === 45) pos++;
    while (pos < n && /[0-9.eE+-]/.test(text[pos]!)) pos++;
    const raw = text.slice(start, pos);
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) {
      err(`invalid number ${quoted(raw)}`, start, pos);
      return { kind: 'invalid', range: { start, end: pos } };
    }
    return { kind: 'number', value: Number(raw), range: { start, end: pos } };
  };

  /** Skips a bad token: up to the next structural character. */
  const skipJunk = (): void => {
    const start = pos;
    while (pos < n && !isWs(text.charCodeAt(pos)) && !',:{}[]"'.includes(text[pos]!)) pos++;
    if (pos === start) pos++;
  };

  const value = (depth: number): JValue => {
    ws();
    const start = pos;
    if (pos >= n) {
      err('expected a value, found end of file', pos, pos);
      return { kind: 'invalid', range: { start, end: pos } };
    }
    const c = text.charCodeAt(pos);
    if (c === 123) return depth > 500 ? tooDeep() : obj(depth);
    if (c === 91) return depth > 500 ? tooDeep() : arr(depth);
    if (c === 34) return str();
    if (c === 45 || (c >= 48 && c <= 57)) return num();
    for (const [word, v] of WORDS) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return { kind: 'literal', value: v, range: { start, end: pos } };
      }
    }
    skipJunk();
    err(`expected a value, found ${quoted(text.slice(start, pos))}`, start, pos);
    return { kind: 'invalid', range: { start, end: pos } };
  };

  const tooDeep = (): JValue => {
    err('nesting too deep', pos, pos + 1);
    const start = pos;
    pos = n;
    return { kind: 'invalid', range: { start, end: n } };
  };

  const obj = (depth: number): JObject => {
    const start = pos;
    pos++;
    const members: JMember[] = [];
    for (;;) {
      ws();
      if (pos >= n) {
        err('unclosed "{": "}" is missing', start, start + 1);
        return { kind: 'object', members, range: { start, end: pos } };
      }
      const c = text.charCodeAt(pos);
      if (c === 125) {
        pos++;
        return { kind: 'object', members, range: { start, end: pos } };
      }
      if (c === 93) {
        err('expected "}", found "]"', pos, pos + 1);
        pos++;
        return { kind: 'object', members, range: { start, end: pos } };
      }
      if (c !== 34) {
        const s = pos;
        skipJunk();
        err(`expected a quoted property name, found ${quoted(text.slice(s, pos))}`, s, pos);
        continue;
      }
      const key = str();
      ws();
      if (text.charCodeAt(pos) !== 58) {
        err(`expected ":" after property name, found ${found()}`, pos, pos + 1);
        members.push({ key, value: { kind: 'invalid', range: { start: pos, end: pos } } });
      } else {
        pos++;
        members.push({ key, value: value(depth + 1) });
      }
      ws();
      const d = text.charCodeAt(pos);
      if (d === 44) {
        pos++;
        ws();
        if (text.charCodeAt(pos) === 125) err('trailing comma in object', pos - 1, pos);
      } else if (d !== 125 && pos < n) {
        err(`expected "," or "}" after property value, found ${found()}`, pos, pos + 1);
        if (d !== 34) skipJunk();
      }
    }
  };

  const arr = (depth: number): JArray => {
    const start = pos;
    pos++;
    const items: JValue[] = [];
    for (;;) {
      ws();
      if (pos >= n) {
        err('unclosed "[": "]" is missing', start, start + 1);
        return { kind: 'array', items, range: { start, end: pos } };
      }
      const c = text.charCodeAt(pos);
      if (c === 93) {
        pos++;
        return { kind: 'array', items, range: { start, end: pos } };
      }
      if (c === 125) {
        err('expected "]", found "}"', pos, pos + 1);
        pos++;
        return { kind: 'array', items, range: { start, end: pos } };
      }
      items.push(value(depth + 1));
      ws();
      const d = text.charCodeAt(pos);
      if (d === 44) {
        pos++;
        ws();
        if (text.charCodeAt(pos) === 93) err('trailing comma in array', pos - 1, pos);
      } else if (d !== 93 && d !== 125 && pos < n) {
        err(`expected "," or "]" after array item, found ${found()}`, pos, pos + 1);
        if (d !== 34 && d !== 123 && d !== 91) skipJunk();
      }
    }
  };

  const root = value(0);
  ws();
  if (pos < n) err(`unexpected ${found()} after the end of the JSON value`, pos, n);
  return root;
}

const SIMPLE_ESCAPES: (string | undefined)[] = [];
SIMPLE_ESCAPES[34] = '"';
SIMPLE_ESCAPES[92] = '\\';
SIMPLE_ESCAPES[47] = '/';
SIMPLE_ESCAPES[98] = '\b';
SIMPLE_ESCAPES[102] = '\f';
SIMPLE_ESCAPES[110] = '\n';
SIMPLE_ESCAPES[114] = '\r';
SIMPLE_ESCAPES[116] = '\t';

const WORDS: [string, boolean | null][] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

/**
 * Source offset of each code unit of a string token's decoded value (plus one past the end), so a
 * range inside the value maps back into the file. Escapes map to their backslash.
 */
export function valueOffsets(text: string, s: JString): number[] {
  const out: number[] = [];
  const end = s.range.end;
  let pos = s.range.start + 1;
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c === 34 && pos === end - 1) break;
    if (c === 92) {
      const e = text.charCodeAt(pos + 1);
      out.push(pos);
      pos += e === 117 ? 6 : 2;
      continue;
    }
    out.push(pos);
    pos++;
  }
  out.push(Math.min(pos, end));
  return out;
}
