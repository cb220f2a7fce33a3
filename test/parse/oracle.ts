/**
 * Comparing our tree with `@cdktf/hcl2json` (HashiCorp's own HCL parser compiled to WASM): its output
 * shape is `{ type: { label: { label: [body] } } }` with literal attribute values as JSON and
 * everything else as a `${...}` source string. We build the same shape from our tree, with UNKNOWN
 * wherever our value is not a plain literal, and compare.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Body, Expr } from '../../server/src/parse/index';
import { REPO, SHARED, failInCi, sharedMissingReason } from '../helpers/paths';

export const UNKNOWN: unique symbol = Symbol('unknown');
type Shape = null | boolean | number | string | typeof UNKNOWN | Shape[] | { [k: string]: Shape };

export const repoRoot = REPO;
export const sharedDir = SHARED;

/** The literal value of an expression as hcl2json prints it, or UNKNOWN. */
export function literalOf(e: Expr): Shape {
  switch (e.kind) {
    case 'Literal':
      return e.value;
    case 'Template': {
      let s = '';
      for (const p of e.parts) {
        if (p.kind !== 'Text') return UNKNOWN;
        s += p.value;
      }
      // hcl2json re-escapes template sequences in literal strings.
      return s.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
    }
    case 'Unary': {
      const v = literalOf(e.operand);
      return e.op === '-' && typeof v === 'number' ? -v : UNKNOWN;
    }
    case 'Tuple': {
      const out: Shape[] = [];
      for (const i of e.items) {
        const v = literalOf(i);
        if (v === UNKNOWN) return UNKNOWN;
        out.push(v);
      }
      return out;
    }
    case 'Object': {
      const out: { [k: string]: Shape } = {};
      for (const i of e.items) {
        const k = i.bareKey && i.key.kind === 'Variable' ? i.key.name : literalOf(i.key);
        const v = literalOf(i.value);
        if (typeof k !== 'string' || v === UNKNOWN) return UNKNOWN;
        out[k.replaceAll('$${', '${').replaceAll('%%{', '%{')] = v;
      }
      return out;
    }
    default:
      return UNKNOWN;
  }
}

/** Our body in hcl2json's output shape. */
export function shapeOf(body: Body): { [k: string]: Shape } {
  const out: { [k: string]: Shape } = {};
  for (const a of body.attributes) out[a.name] = literalOf(a.expr);
  for (const b of body.blocks) {
    let level = out;
    let key = b.type;
    for (const l of b.labels) {
      const next = level[key];
      if (next === undefined || typeof next !== 'object' || next === null || Array.isArray(next)) {
        level[key] = {};
      }
      level = level[key] as { [k: string]: Shape };
      key = l.value;
    }
    const list = Array.isArray(level[key]) ? (level[key] as Shape[]) : (level[key] = []);
    list.push(shapeOf(b.body));
  }
  return out;
}

/** Differences between our shape and hcl2json's (UNKNOWN matches anything). */
export function diff(ours: Shape, theirs: unknown, path: string, out: string[]): number {
  if (ours === UNKNOWN) return 0;
  if (ours === null || typeof ours !== 'object') {
    if (ours !== theirs) out.push(`${path}: ours ${show(ours)} vs hcl2json ${show(theirs)}`);
    return 1;
  }
  if (Array.isArray(ours)) {
    if (!Array.isArray(theirs) || theirs.length !== ours.length) {
      out.push(
        `${path}: ours ${JSON.stringify(ours).slice(0, 80)} vs hcl2json ${JSON.stringify(theirs)?.slice(0, 80)}`,
      );
      return 1;
    }
    let n = 0;
    ours.forEach((v, i) => (n += diff(v, theirs[i], `${path}[${i}]`, out)));
    return n;
  }
  if (theirs === null || typeof theirs !== 'object' || Array.isArray(theirs)) {
    out.push(`${path}: ours is an object, hcl2json ${JSON.stringify(theirs)?.slice(0, 80)}`);
    return 1;
  }
  const t = theirs as Record<string, unknown>;
  let n = 0;
  for (const k of new Set([...Object.keys(ours), ...Object.keys(t)])) {
    if (!(k in ours)) out.push(`${path}.${k}: missing in ours`);
    else if (!(k in t)) out.push(`${path}.${k}: missing in hcl2json`);
    else n += diff(ours[k]!, t[k], `${path}.${k}`, out);
  }
  return n;
}

/** The files under `dir` (test data from ../shared): none when it is absent, a failure under CI=true. */
export function listFiles(dir: string, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) {
    failInCi(sharedMissingReason(dir));
    return out;
  }
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'node_modules' && name !== '.git') walk(p);
      } else if (accept(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 120 ? `${s.slice(0, 120)}...` : s;
}

/** Edits that break files the way typing does. */
export const MUTATIONS = [
  '"',
  '{',
  '}',
  '=',
  '\n',
  '${',
  '[',
  ']',
  '(',
  ')',
  ',',
  '.',
  ':',
  '#',
  '/*',
  '<<EOF\n',
  '%{',
  '~',
];

/** A small deterministic PRNG so failures reproduce. */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 0x100000000;
  };
}

export function mutate(text: string, rnd: () => number): string {
  const pos = Math.floor(rnd() * (text.length + 1));
  const r = rnd();
  if (r < 0.5) return text.slice(0, pos) + MUTATIONS[Math.floor(rnd() * MUTATIONS.length)]! + text.slice(pos);
  if (r < 0.85) return text.slice(0, pos) + text.slice(pos + 1 + Math.floor(rnd() * 3));
  return text.slice(0, pos);
}

/**
 * Every literal of the tree with the source its range covers: whole literal expressions (numbers,
 * strings, tuples, objects; object keys too) and the text parts of quoted strings that interpolate.
 * Read by another parser, each source must give the value we hold.
 */
const LITERAL_KINDS = new Set(['Template', 'Literal', 'Unary', 'Tuple', 'Object']);

export function literalSlices(text: string, body: Body): { source: string; value: Shape }[] {
  const out: { source: string; value: Shape }[] = [];
  const slice = (r: { start: number; end: number }): string => text.slice(r.start, r.end);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const n = node as { kind?: string; range?: { start: number; end: number } };
    if (n.kind === 'Template') {
      const t = node as Extract<Expr, { kind: 'Template' }>;
      if (!t.heredoc && t.parts.every((p) => p.kind === 'Text' || p.kind === 'Interp')) {
        for (const p of t.parts) {
          if (p.kind !== 'Text') continue;
          const value = p.value.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{');
          out.push({ source: `"${slice(p.range)}"`, value });
        }
      }
    }
    if (LITERAL_KINDS.has(n.kind ?? '')) {
      const value = literalOf(node as Expr);
      if (value !== UNKNOWN) {
        out.push({ source: slice(n.range!), value });
        return;
      }
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'range' && k !== 'valueRange') walk(v);
  };
  walk(body);
  return out;
}
