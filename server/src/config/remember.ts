/**
 * Adds a trusted range to a `.sg-guard.yaml` text (or starts one), keeping its comments and layout:
 * what the editor's "Remember in .sg-guard.yaml" writes. The result is checked like any config file.
 */
import { parseConfig } from './load';

export const NEW_CONFIG_HEADER =
  '# SG Guard project configuration, read by `sg-guard lint` and the editor (schema: docs/sg-guard.schema.json).\n';

export type RememberResult = { ok: true; text: string; already: boolean } | { ok: false; problem: string };

/** `text`: the file's current text, undefined when there is no file yet. */
export function withTrustedCidr(text: string | undefined, cidr: string, file: string): RememberResult {
  if (text === undefined || text.trim() === '') {
    return { ok: true, already: false, text: `${NEW_CONFIG_HEADER}trustedCidrs:\n  - ${cidr}\n` };
  }
  try {
    const before = parseConfig(text, file);
    if (before.trustedCidrs?.includes(cidr)) return { ok: true, already: true, text };
  } catch (e) {
    return { ok: false, problem: `${(e as Error).message}: fix it before adding to it` };
  }
  const out = insertCidr(text, cidr);
  parseConfig(out, file); // the result is a valid config, or this throws
  return { ok: true, already: false, text: out };
}

/**
 * The text with `cidr` added to its `trustedCidrs` list, written as the list is (block or flow),
 * touching nothing else; a file without the key gets it at the end.
 */
function insertCidr(text: string, cidr: string): string {
  // Required here, as in load.ts: the YAML parser loads on first use, not with the language server.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { isSeq, parseDocument } = require('yaml') as typeof import('yaml');
  const doc = parseDocument(text);
  const list = doc.get('trustedCidrs', true);
  if (isSeq(list) && list.range) {
    const items = list.items as { range?: [number, number, number] }[];
    if (list.flow) {
      const close = text.lastIndexOf(']', list.range[1]);
      const before = text.slice(0, close);
      const space = /\s*$/.exec(before)![0]; // `[ a ]` keeps its padding
      const sep = items.length === 0 ? '' : ', ';
      return `${before.trimEnd()}${sep}${cidr}${space}${text.slice(close)}`;
    }
    const last = items.at(-1)?.range;
    if (last) {
      const lineStart = text.lastIndexOf('\n', last[0]) + 1;
      const indent = /^[ \t]*-?[ \t]*/.exec(text.slice(lineStart))![0].replace(/-[ \t]*$/, '');
      let lineEnd = text.indexOf('\n', last[1]);
      if (lineEnd < 0) lineEnd = text.length;
      return `${text.slice(0, lineEnd)}\n${indent}- ${cidr}${text.slice(lineEnd)}`;
    }
  }
  if (list === undefined) {
    const sep = text.endsWith('\n') ? '' : '\n';
    return `${text}${sep}trustedCidrs:\n  - ${cidr}\n`;
  }
  // `trustedCidrs:` with no value (or a form the above does not handle): rewrite the document.
  doc.set('trustedCidrs', doc.createNode([cidr]));
  return doc.toString();
}
