/**
 * Reports are safe to print and upload (docs/reading.md, "What a report may echo"): a value from the
 * repository (a port range read from a file, a label, a for_each key, a suppression reason) is
 * echoed in a message only truncated and with its control characters escaped, so no report can
 * carry a file's contents, move a terminal's cursor, rename a window or reorder what a reader sees.
 * The core builds every message with these; the text report also escapes source lines and paths.
 */

/** The longest value echoed in a message, in characters, before the ellipsis. */
export const MAX_ECHO = 80;

/** The longest message any report carries (a last bound: values are truncated long before). */
export const MAX_MESSAGE = 500;

/**
 * Characters escaped wherever repository text is shown: C0 controls (tab and line ends are escaped
 * too: a message is one line), DEL, C1 controls (8-bit ESC and CSI among them), the Arabic letter
 * mark, left-to-right/right-to-left marks, line and paragraph separators, bidi embeddings,
 * overrides and isolates (the "Trojan Source" characters), and the byte-order mark.
 */
// eslint-disable-next-line no-control-regex -- matching exactly these characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
// Same set, without tab (kept in source lines).
const UNSAFE_IN_LINE =
  // eslint-disable-next-line no-control-regex -- matching exactly these characters is the point
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const escapeOne = (c: string): string => {
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** `\x1b`, `\u202e`... for every character in the unsafe set; everything else as is. */
export function escapeControls(s: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(s) ? s.replace(UNSAFE, escapeOne) : s;
}

/** Truncates to `max` characters plus an ellipsis, never splitting a surrogate pair. */
export function truncate(s: string, max = MAX_ECHO): string {
  if (s.length <= max) return s;
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}

/**
 * A value from the repository as a message shows it: at most MAX_ECHO characters, then `…`, with
 * control and bidi characters escaped. Truncated first, so escaping cannot grow it much.
 */
export function echo(value: string, max = MAX_ECHO): string {
  return escapeControls(truncate(value, max));
}

/** `"value"` with the value echoed (quotes as JSON writes them). */
export function quoted(value: string, max = MAX_ECHO): string {
  return `"${echo(value, max).replace(/"/g, '\\"')}"`;
}

/**
 * A key in an address (`r["key"]`), bounded: a long key is truncated and given a short hash of the
 * whole, so two long keys with one beginning stay two addresses.
 */
export function addressKey(key: string): string {
  if (key.length <= MAX_ECHO) return escapeControls(key);
  return `${echo(key)}#${hash(key)}`;
}

/** A 32-bit FNV-1a hash as 8 hex digits (identity, not security). */
export function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The last bound on any message: escaped, and no longer than MAX_MESSAGE characters. */
export function boundMessage(message: string): string {
  return escapeControls(truncate(message, MAX_MESSAGE));
}

/**
 * A source line for a text report: the part around the marked columns (1-based, UTF-16) at most
 * `width` characters wide, escaped, and where the marker goes in what is shown.
 */
export function sourceExcerpt(
  line: string,
  column: number,
  endColumn: number,
  width = 160,
): { text: string; markerStart: number; markerWidth: number } {
  let from = 0;
  let to = line.length;
  if (to > width) {
    from = Math.max(0, Math.min(column - 1 - Math.floor(width / 4), to - width));
    to = Math.min(to, from + width);
  }
  const shown = (a: number, b: number): string => line.slice(a, b).replace(UNSAFE_IN_LINE, escapeOne);
  const lead = from > 0 ? '…' : '';
  const before = lead + shown(from, Math.max(from, Math.min(column - 1, to)));
  const marked = shown(Math.max(from, column - 1), Math.max(from, Math.min(endColumn - 1, to)));
  return {
    text: lead + shown(from, to) + (to < line.length ? '…' : ''),
    markerStart: before.length,
    markerWidth: Math.max(1, marked.length),
  };
}
