/**
 * `jsondecode` and `yamldecode`: configuration-driven Terraform keeps its rules or address lists in
 * JSON/YAML files (`yamldecode(file("${path.module}/rules.yaml"))`). When the text is a file read
 * whole (`verbatim`), every decoded value knows where it is written in that file, so a finding
 * points at the line of the YAML that opens the port. YAML is the 1.2 core schema, as Terraform's;
 * its parser is loaded on first use.
 */
import type { Document, Node as YamlNode } from 'yaml';
import type { Loc } from '../model/types';
import { parseJson, type JValue } from '../parse/json';
import type { SyntaxError } from '../parse/ast';
import { strArg, type FnDef } from './functions-base';
import { bool, error, list, map, nul, num, str, unknown, type Value } from './value';

/** Decoded values beyond this many make the result unknown (a keystroke's budget, alias bombs). */
const MAX_NODES = 100_000;

/** Where a value decoded from offsets [start, end) of the text is written, when known. */
type Place = (start: number, end: number) => { literal?: Loc };

function placer(text: Value): Place {
  const at = text.verbatim;
  if (!at) return () => ({});
  return (start, end) => ({
    literal: { file: at.file, range: { start: at.range.start + start, end: at.range.start + end } },
  });
}

function fromJson(v: JValue, place: Place, budget: { nodes: number }): Value {
  if (--budget.nodes < 0) return unknown(['(decoded value too large)']);
  const p = place(v.range.start, v.range.end);
  switch (v.kind) {
    case 'string':
      return str(v.value, p);
    case 'number':
      return num(v.value, p);
    case 'literal':
      return v.value === null ? nul(p) : bool(v.value, p);
    case 'array':
      return list(
        v.items.map((i) => fromJson(i, place, budget)),
        'tuple',
      );
    case 'object':
      return map(v.members.map((m) => [m.key.value, fromJson(m.value, place, budget)]));
    case 'invalid':
      return error('jsondecode: invalid JSON');
  }
}

function yamlValue(node: YamlNode | null, doc: Document, place: Place, budget: { nodes: number }): Value {
  // Loaded with the parser, so `instanceof` needs no import at start-up.
  const Y = yamlModule();
  if (--budget.nodes < 0) return unknown(['(decoded value too large)']);
  if (node === null) return nul();
  if (Y.isAlias(node)) {
    const target = node.resolve(doc);
    return target ? yamlValue(target, doc, place, budget) : error('yamldecode: unknown alias');
  }
  const p = node.range ? place(node.range[0], node.range[1]) : {};
  if (Y.isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return nul(p);
    if (typeof v === 'string') return str(v, p);
    if (typeof v === 'number')
      return Number.isFinite(v) ? num(v, p) : error('yamldecode: number out of range');
    if (typeof v === 'boolean') return bool(v, p);
    if (typeof v === 'bigint') return num(Number(v), p);
    return error('yamldecode: unsupported scalar');
  }
  if (Y.isSeq(node)) return list(node.items.map((i) => yamlValue(i as YamlNode | null, doc, place, budget)));
  if (Y.isMap(node)) {
    const entries: [string, Value][] = [];
    for (const pair of node.items) {
      const k = yamlValue(pair.key as YamlNode | null, doc, () => ({}), budget);
      if (k.t !== 'string' && k.t !== 'number' && k.t !== 'bool')
        return error('yamldecode: a key is not a string');
      entries.push([String(k.v), yamlValue(pair.value as YamlNode | null, doc, place, budget)]);
    }
    return map(entries);
  }
  return error('yamldecode: unsupported YAML node');
}

/**
 * The decoded value, as a whole unknown if it grew past the budget, carrying the text's trace (a
 * decoded file says which `file()` it came from, and so does everything taken out of it).
 */
function decoded(text: Value, decode: (budget: { nodes: number }) => Value): Value {
  const budget = { nodes: MAX_NODES };
  const v = decode(budget);
  if (budget.nodes < 0) return unknown(['(decoded value too large)']);
  return text.trace && v.t !== 'unknown' ? { ...v, trace: text.trace } : v;
}

let yamlLib: typeof import('yaml') | undefined;
export function yamlModule(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
  return (yamlLib ??= require('yaml') as typeof import('yaml'));
}

export const DECODE_FUNCTIONS: Record<string, FnDef> = {
  jsondecode: {
    arity: [1, 1],
    fn: ([a]) => {
      const text = strArg(a!);
      if (typeof text !== 'string') return text;
      const errors: SyntaxError[] = [];
      const parsed = parseJson(text, errors);
      if (errors.length > 0) return error(`jsondecode: ${errors[0]!.message}`);
      return decoded(a!, (budget) => fromJson(parsed, placer(a!), budget));
    },
  },
  yamldecode: {
    arity: [1, 1],
    fn: ([a]) => {
      const text = strArg(a!);
      if (typeof text !== 'string') return text;
      let doc: Document;
      try {
        doc = yamlModule().parseDocument(text, { schema: 'core' });
      } catch (e) {
        return error(`yamldecode: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (doc.errors.length > 0) return error(`yamldecode: ${doc.errors[0]!.message.split('\n')[0]!}`);
      return decoded(a!, (budget) => yamlValue(doc.contents, doc, placer(a!), budget));
    },
  },
};
