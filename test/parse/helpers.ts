/** Test helpers: find nodes in a parsed file and read their ranges back as source text. */
import type { Attribute, Block, Body, ParsedFile, Range } from '../../server/src/parse/index';

export function src(f: ParsedFile, r: Range): string {
  return f.text.slice(r.start, r.end);
}

export function block(body: Body, type: string, ...labels: string[]): Block {
  const b = body.blocks.find((x) => x.type === type && labels.every((l, i) => x.labels[i]?.value === l));
  if (!b) throw new Error(`no block ${type} ${labels.join(' ')}`);
  return b;
}

export function attr(body: Body, name: string): Attribute {
  const a = body.attributes.find((x) => x.name === name);
  if (!a) throw new Error(`no attribute ${name}`);
  return a;
}

/** The literal string of a template without interpolations. */
export function str(a: Attribute): string {
  const e = a.expr;
  if (e.kind !== 'Template') throw new Error(`${a.name} is a ${e.kind}`);
  return e.parts.map((p) => (p.kind === 'Text' ? p.value : '<?>')).join('');
}

/** Every range in the tree (for the "ranges stay inside the text" properties). */
export function allRanges(node: unknown, out: Range[] = []): Range[] {
  if (Array.isArray(node)) {
    for (const n of node) allRanges(n, out);
  } else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (
        (k === 'range' || k === 'nameRange' || k === 'valueRange' || k === 'typeRange') &&
        v &&
        typeof v === 'object'
      ) {
        out.push(v as Range);
      } else if (k !== 'text') allRanges(v, out);
    }
  }
  return out;
}
