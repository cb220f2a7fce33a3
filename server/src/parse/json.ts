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
        const decoded = escapeAt(text, pos);
        if (decoded !== undefined) {
          value += decoded;
        } else {
          err('invalid escape sequence in string', pos, pos + 2);
        }
        pos += escapeLength(text, pos, decoded);
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

  // Iterative, with an explicit stack of open objects and arrays: any nesting a file of this size
  // can hold parses (Terraform's own JSON parser has no depth limit either).
  const stack: Frame[] = [];

  /** A value where one starts: a scalar, or an opened container (pushed; undefined returned). */
  const begin = (): JValue | undefined => {
    ws();
    const start = pos;
    if (pos >= n) {
      err('expected a value, found end of file', pos, pos);
      return { kind: 'invalid', range: { start, end: pos } };
    }
    const c = text.charCodeAt(pos);
    if (c === 123 || c === 91) {
      pos++;
      const range = { start, end: start };
      stack.push(
        c === 123
          ? { node: { kind: 'object', members: [], range } }
          : { node: { kind: 'array', items: [], range } },
      );
      return undefined;
    }
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

  /** After an object member: `,` (not before `}`) or `}`; anything else is reported and skipped. */
  const objectSeparator = (): void => {
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
  };

  const arraySeparator = (): void => {
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
  };

  /**
   * Runs an open container up to where it needs its next value (true; an object's key is read and
   * waits in the frame) or to its end (false; its range is closed).
   */
  const advance = (f: Frame): boolean => {
    const node = f.node;
    const close = node.kind === 'object' ? 125 : 93;
    const other = node.kind === 'object' ? 93 : 125;
    for (;;) {
      ws();
      if (pos >= n) {
        const open = node.kind === 'object' ? '"{": "}"' : '"[": "]"';
        err(`unclosed ${open} is missing`, node.range.start, node.range.start + 1);
        node.range.end = pos;
        return false;
      }
      const c = text.charCodeAt(pos);
      if (c === close) {
        pos++;
        node.range.end = pos;
        return false;
      }
      if (c === other) {
        err(node.kind === 'object' ? 'expected "}", found "]"' : 'expected "]", found "}"', pos, pos + 1);
        pos++;
        node.range.end = pos;
        return false;
      }
      if (node.kind === 'array') return true;
      if (c !== 34) {
        const s0 = pos;
        skipJunk();
        err(`expected a quoted property name, found ${quoted(text.slice(s0, pos))}`, s0, pos);
        continue;
      }
      const key = str();
      ws();
      if (text.charCodeAt(pos) !== 58) {
        err(`expected ":" after property name, found ${found()}`, pos, pos + 1);
        node.members.push({ key, value: { kind: 'invalid', range: { start: pos, end: pos } } });
        objectSeparator();
        continue;
      }
      pos++;
      f.key = key;
      return true;
    }
  };

  let root: JValue | undefined;
  let v = begin();
  for (;;) {
    if (v !== undefined) {
      const parent = stack[stack.length - 1];
      if (!parent) {
        root = v;
        break;
      }
      if (parent.node.kind === 'object') {
        parent.node.members.push({ key: parent.key!, value: v });
        objectSeparator();
      } else {
        parent.node.items.push(v);
        arraySeparator();
      }
    }
    const top = stack[stack.length - 1]!;
    if (advance(top)) {
      v = begin();
      continue;
    }
    stack.pop();
    v = top.node;
  }
  ws();
  if (pos < n) err(`unexpected ${found()} after the end of the JSON value`, pos, n);
  return root;
}

/** An open object (with the key whose value is being read) or array. */
interface Frame {
  node: JObject | JArray;
  key?: JString;
}

/** The code unit the escape at `pos` (a backslash) stands for; undefined when it is invalid. */
function escapeAt(text: string, pos: number): string | undefined {
  const e = text.charCodeAt(pos + 1);
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) return simple;
  const hex = text.slice(pos + 2, pos + 6);
  return e === 117 && /^[0-9a-fA-F]{4}$/.test(hex) ? String.fromCharCode(parseInt(hex, 16)) : undefined;
}

/** How much source the escape at `pos` takes: `\uXXXX` 6, others 2, a backslash at the very end 1. */
function escapeLength(text: string, pos: number, decoded: string | undefined): number {
  if (decoded === undefined) return pos + 1 < text.length ? 2 : 1;
  return text.charCodeAt(pos + 1) === 117 ? 6 : 2;
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
      // An invalid escape decodes to nothing (str above): it has no code unit to map.
      const decoded = escapeAt(text, pos);
      if (decoded !== undefined) out.push(pos);
      pos += escapeLength(text, pos, decoded);
      continue;
    }
    out.push(pos);
    pos++;
  }
  out.push(Math.min(pos, end));
  return out;
}
