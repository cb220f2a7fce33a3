/**
 * Reading a ROS template's YAML nodes: mapping entries (with `<<` merges and aliases followed),
 * scalars as strings, and whether a node is a function call (`{"Fn::Join": ...}`, `{Ref: X}` or the
 * short form `!Join ...`).
 */
import type { Document, Node, Pair } from 'yaml';
import { yamlModule } from '../../evaluate/functions-decode';

export interface Entry {
  key: string;
  value: Node | null;
  pair: Pair;
}

/** Anchored nodes by name, in document order (the library's own lookup walks the whole document). */
const anchorIndex = new WeakMap<Document, Map<string, { at: number; node: Node }[]>>();

function anchors(doc: Document): Map<string, { at: number; node: Node }[]> {
  let index = anchorIndex.get(doc);
  if (!index) {
    const found = new Map<string, { at: number; node: Node }[]>();
    yamlModule().visit(doc, (_key, node) => {
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor && !yamlModule().isAlias(node)) {
        const list = found.get(anchor) ?? [];
        list.push({ at: (node as Node).range?.[0] ?? 0, node: node as Node });
        found.set(anchor, list);
      }
    });
    anchorIndex.set(doc, (index = found));
  }
  return index;
}

/** Follows an alias to the node it names: the last anchor of that name before it. */
export function deref(doc: Document, node: Node | null | undefined): Node | undefined {
  if (!node) return undefined;
  if (!yamlModule().isAlias(node)) return node;
  const at = node.range?.[0] ?? 0;
  const candidates = anchors(doc).get(node.source) ?? [];
  let target: Node | undefined;
  for (const c of candidates) if (c.at < at) target = c.node;
  return target;
}

/** A mapping's entries in order; `<<: *base` merges base's entries in (the mapping's own win). */
export function entries(doc: Document, node: Node | null | undefined, depth = 0): Entry[] {
  const y = yamlModule();
  const map = deref(doc, node);
  if (!map || !y.isMap(map) || depth > 20) return [];
  const own: Entry[] = [];
  const merged: Entry[] = [];
  for (const pair of map.items) {
    const k = pair.key as Node | null;
    const keyValue = y.isScalar(k) ? k.value : k;
    if (typeof keyValue === 'symbol' || keyValue === '<<') {
      const v = deref(doc, pair.value as Node | null);
      const sources = v && y.isSeq(v) ? v.items.map((i) => deref(doc, i as Node)) : [v];
      for (const s of sources) merged.push(...entries(doc, s, depth + 1));
      continue;
    }
    // Keys are strings (numbers and booleans as written); a mapping or list as a key names nothing.
    if (typeof keyValue !== 'string' && typeof keyValue !== 'number' && typeof keyValue !== 'boolean')
      continue;
    own.push({ key: String(keyValue), value: pair.value as Node | null, pair });
  }
  const seen = new Set(own.map((e) => e.key));
  return [...own, ...merged.filter((e) => !seen.has(e.key) && (seen.add(e.key), true))];
}

export function entry(doc: Document, node: Node | null | undefined, key: string): Entry | undefined {
  return entries(doc, node).find((e) => e.key === key);
}

/** A scalar's value as a string (numbers and booleans written as text), else undefined. */
export function scalarString(doc: Document, node: Node | null | undefined): string | undefined {
  const n = deref(doc, node);
  const y = yamlModule();
  if (!n || !y.isScalar(n) || isTagged(n)) return undefined;
  const v = n.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** The items of a sequence node (aliases followed), else undefined. */
export function seqItems(doc: Document, node: Node | null | undefined): (Node | null)[] | undefined {
  const n = deref(doc, node);
  const y = yamlModule();
  return n && y.isSeq(n) ? (n.items as (Node | null)[]) : undefined;
}

export const isMapNode = (doc: Document, node: Node | null | undefined): boolean => {
  const n = deref(doc, node);
  return !!n && yamlModule().isMap(n);
};

/** A short-form function tag (`!Ref`, `!Sub`), not a YAML core tag (`!!str`). */
function isTagged(node: Node): boolean {
  const tag = (node as { tag?: string }).tag;
  return !!tag && tag.startsWith('!') && !tag.startsWith('!!');
}

export interface FunctionCall {
  /** `Ref`, `Condition` or `Fn::Name`. */
  name: string;
  /** The argument node (for a short form, the tagged node itself: its content is the argument). */
  arg: Node | null;
  short: boolean;
}

/** The function a node calls, if it is a call. */
export function functionCall(doc: Document, node: Node): FunctionCall | undefined {
  if (isTagged(node)) {
    const tag = (node as { tag?: string }).tag!.slice(1);
    const name = tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`;
    return { name, arg: node, short: true };
  }
  const y = yamlModule();
  if (!y.isMap(node) || node.items.length !== 1) return undefined;
  const e = entries(doc, node)[0];
  if (!e) return undefined;
  if (e.key === 'Ref' || e.key === 'Condition' || e.key.startsWith('Fn::'))
    return { name: e.key, arg: e.value, short: false };
  return undefined;
}

/** A short-form call's scalar argument (`!Ref Web` → `Web`), its tag ignored. */
export function argText(doc: Document, node: Node | null | undefined): string | undefined {
  const n = deref(doc, node);
  if (!n || !yamlModule().isScalar(n)) return undefined;
  const v = n.value;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}
