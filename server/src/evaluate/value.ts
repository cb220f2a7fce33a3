/**
 * Terraform values with provenance. Every value may carry where it was written as a single literal
 * (`literal`), where a tuple/object constructor built it (`origin`), and the hops it took to get
 * here (`trace`, outermost first). A container's trace applies to everything inside it: `child()`
 * prefixes it when an element is taken out, so `var.cidrs[0]` knows it came from the default.
 */
import type { Loc, TraceStep } from '../model/types';

export interface Prov {
  literal?: Loc;
  origin?: Loc;
  trace?: TraceStep[];
  /**
   * For a string that is exactly the text at this place (a file read whole by `file()`): offsets into
   * the string are offsets into that file, so `jsondecode`/`yamldecode` can say where each value is.
   */
  verbatim?: Loc;
}

export type ListKind = 'tuple' | 'list' | 'set';
export type MapKind = 'object' | 'map';

export type Value =
  | ({ t: 'string'; v: string } & Prov)
  | ({ t: 'number'; v: number } & Prov)
  | ({ t: 'bool'; v: boolean } & Prov)
  | ({ t: 'null' } & Prov)
  | ({ t: 'list'; kind: ListKind; items: Value[] } & Prov)
  /** Entries are kept sorted by key: Terraform iterates maps and objects in lexical key order. */
  | ({ t: 'map'; kind: MapKind; entries: Map<string, Value> } & Prov)
  /** Not known before apply (or an evaluation error, when `error` is set: `try`/`can` catch those). */
  /** `suffix`: how the string is known to end (a template `"${...}/32"`), when it is one. */
  | ({ t: 'unknown'; deps: string[]; error?: string; suffix?: string } & Prov);

export type StringValue = Extract<Value, { t: 'string' }>;
export type NumberValue = Extract<Value, { t: 'number' }>;
export type ListValue = Extract<Value, { t: 'list' }>;
export type MapValue = Extract<Value, { t: 'map' }>;
export type UnknownValue = Extract<Value, { t: 'unknown' }>;

export const str = (v: string, p?: Prov): Value => ({ t: 'string', v, ...p });
export const num = (v: number, p?: Prov): Value => ({ t: 'number', v, ...p });
export const bool = (v: boolean, p?: Prov): Value => ({ t: 'bool', v, ...p });
export const nul = (p?: Prov): Value => ({ t: 'null', ...p });
export const list = (items: Value[], kind: ListKind = 'tuple', p?: Prov): Value => ({
  t: 'list',
  kind,
  items: kind === 'set' ? setItems(items) : items,
  ...p,
});

export function map(entries: Iterable<[string, Value]>, kind: MapKind = 'object', p?: Prov): Value {
  const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { t: 'map', kind, entries: new Map(sorted), ...p };
}

export function unknown(deps: readonly string[] = [], p?: Prov): Value {
  return { t: 'unknown', deps: unique(deps), ...p };
}

/** A de-duplicated copy; most dependency lists have one entry, which needs no Set. */
function unique(items: readonly string[]): string[] {
  return items.length <= 1 ? items.slice() : [...new Set(items)];
}

export function error(message: string): Value {
  return { t: 'unknown', deps: [], error: message };
}

export const isUnknown = (v: Value): v is UnknownValue => v.t === 'unknown';
export const isError = (v: Value): boolean => v.t === 'unknown' && v.error !== undefined;

/**
 * The unknown result of combining some values: an error wins (so `try` can catch it), otherwise
 * the union of every unknown input's deps.
 */
export function unknownOf(values: readonly Value[], extraDeps: readonly string[] = []): Value {
  const deps: string[] = [...extraDeps];
  for (const v of values) {
    if (v.t !== 'unknown') continue;
    if (v.error !== undefined) return error(v.error);
    deps.push(...v.deps);
  }
  return unknown(deps);
}

/** Every dependency found anywhere in a value (unknowns nested in lists and maps too). */
export function depsOf(v: Value, out: string[] = []): string[] {
  if (v.t === 'unknown') out.push(...v.deps);
  else if (v.t === 'list') for (const i of v.items) depsOf(i, out);
  else if (v.t === 'map') for (const i of v.entries.values()) depsOf(i, out);
  return unique(out);
}

/** Whether a value is wholly known (no unknown anywhere inside). */
export function isWhollyKnown(v: Value): boolean {
  if (v.t === 'unknown') return false;
  if (v.t === 'list') return v.items.every(isWhollyKnown);
  if (v.t === 'map') return [...v.entries.values()].every(isWhollyKnown);
  return true;
}

/**
 * The payload of a value without its provenance, as a fresh object of the one shape its type has.
 * Not `{ ...v }` and `delete`: deleting puts an object in V8's slow dictionary mode, and adding a
 * property to a spread copy costs microseconds; values are copied like this by the thousand.
 */
function payload(v: Value): Value {
  switch (v.t) {
    case 'string':
      return { t: 'string', v: v.v };
    case 'number':
      return { t: 'number', v: v.v };
    case 'bool':
      return { t: 'bool', v: v.v };
    case 'null':
      return { t: 'null' };
    case 'list':
      return { t: 'list', kind: v.kind, items: v.items };
    case 'map':
      return { t: 'map', kind: v.kind, entries: v.entries };
    case 'unknown': {
      const u: UnknownValue = { t: 'unknown', deps: v.deps };
      if ('error' in v) u.error = v.error;
      if ('suffix' in v) u.suffix = v.suffix;
      return u;
    }
  }
}

/** The same value with a different provenance (the payload is shared, never mutated). */
export function withProv(v: Value, p: Prov): Value {
  const out = payload(v);
  if (p.literal) out.literal = p.literal;
  if (p.origin) out.origin = p.origin;
  if (p.trace && p.trace.length > 0) out.trace = p.trace;
  if (p.verbatim) out.verbatim = p.verbatim;
  return out;
}

/** The same value with another trace, every other field kept as it was (what `{ ...v, trace }` did). */
function withTrace(v: Value, trace: TraceStep[]): Value {
  const out = payload(v);
  if ('literal' in v) out.literal = v.literal;
  if ('origin' in v) out.origin = v.origin;
  out.trace = trace;
  if ('verbatim' in v) out.verbatim = v.verbatim;
  return out;
}

/** Adds a hop in front of a value's trace (the value was reached through `step`). */
export function addStep(v: Value, step: TraceStep): Value {
  return withTrace(v, [step, ...(v.trace ?? [])]);
}

/** An element taken out of a container inherits the container's trace in front of its own. */
export function child(container: Value, element: Value): Value {
  const outer = container.trace;
  if (!outer || outer.length === 0) return element;
  return withTrace(element, [...outer, ...(element.trace ?? [])]);
}

/** A value computed from others: no literal, the first non-empty trace among the sources. */
export function derived(v: Value, sources: readonly Value[]): Value {
  const trace = sources.find((s) => s.trace && s.trace.length > 0)?.trace;
  const out = withProv(v, {});
  if (trace) out.trace = trace;
  return out;
}

/** Drops provenance (used for set/map keys and equality). */
export function bare(v: Value): Value {
  return withProv(v, {});
}

/** Stable ordering of set elements: Terraform sorts primitive set elements. */
function setItems(items: Value[]): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const i of items) {
    const key = keyOf(i);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(i);
  }
  if (out.every((i) => i.t === 'string')) out.sort((a, b) => cmp(a.v, b.v));
  else if (out.every((i) => i.t === 'number')) out.sort((a, b) => a.v - b.v);
  return out;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A canonical string for equality and set membership (provenance ignored, list kinds ignored). */
export function keyOf(v: Value): string {
  switch (v.t) {
    case 'string':
      return 's' + JSON.stringify(v.v);
    case 'number':
      return 'n' + String(v.v);
    case 'bool':
      return v.v ? 'T' : 'F';
    case 'null':
      return 'null';
    case 'unknown':
      return 'u?' + Math.random().toString(36);
    case 'list':
      return '[' + v.items.map(keyOf).join(',') + ']';
    case 'map':
      return '{' + [...v.entries].map(([k, x]) => JSON.stringify(k) + ':' + keyOf(x)).join(',') + '}';
  }
}

export function equal(a: Value, b: Value): boolean {
  if (a.t === 'unknown' || b.t === 'unknown') return false;
  return keyOf(a) === keyOf(b);
}

export function typeName(v: Value): string {
  if (v.t === 'list') return v.kind;
  if (v.t === 'map') return v.kind;
  return v.t;
}
