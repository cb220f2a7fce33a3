/**
 * Collection built-ins: lists, sets and maps (`length`, `concat`, `merge`, `lookup`, `flatten`,
 * `distinct`, `zipmap`, ...). Element values keep their provenance (see `child`).
 */
import { asNumber, asString } from './convert';
import {
  elems,
  entriesOf,
  flattenInto,
  MAX_COLLECTION,
  TOO_MANY,
  strArg,
  type FnDef,
} from './functions-base';
import {
  bool,
  derived,
  equal,
  error,
  isUnknown,
  keyOf,
  list,
  map,
  nul,
  num,
  str,
  unknown,
  unknownOf,
  type Value,
} from './value';

/** The elements of every argument in order, or the first argument that is not a collection. */
function allElems(args: Value[]): Value[] | Value {
  const out: Value[] = [];
  for (const a of args) {
    const xs = elems(a);
    if (!Array.isArray(xs)) return xs;
    out.push(...xs);
  }
  return out;
}

export const COLLECTION_FUNCTIONS: Record<string, FnDef> = {
  length: {
    arity: [1, 1],
    fn: ([a]) => {
      if (a!.t === 'list') return num(a!.items.length);
      if (a!.t === 'map') return num(a!.entries.size);
      if (a!.t === 'string') return num([...a!.v].length);
      return error('length: not a collection');
    },
  },
  concat: {
    arity: [0, -1],
    fn: (args) => {
      const out = allElems(args);
      if (!Array.isArray(out)) return out;
      return out.length > MAX_COLLECTION ? unknown([TOO_MANY]) : list(out);
    },
  },
  merge: {
    arity: [0, -1],
    fn: (args) => {
      const out = new Map<string, Value>();
      let kind: 'map' | 'object' = 'map';
      for (const a of args) {
        if (a.t === 'null') continue;
        const es = entriesOf(a);
        if (!es) return error('merge: not a map');
        if (a.t === 'map' && a.kind === 'object') kind = 'object';
        for (const [k, x] of es) out.set(k, x);
      }
      return map(out, kind);
    },
  },
  element: {
    arity: [2, 2],
    fn: ([l, i]) => {
      const xs = elems(l!);
      if (!Array.isArray(xs)) return xs;
      const n = asNumber(i!);
      if (n.t !== 'number') return n;
      if (xs.length === 0) return error('element: empty list');
      const k = Math.floor(n.v);
      if (k < 0) return error('element: negative index');
      return xs[k % xs.length]!;
    },
  },
  lookup: {
    arity: [2, 3],
    acceptsUnknown: true,
    fn: ([m, k, d]) => {
      if (isUnknown(m!) || isUnknown(k!)) return unknownOf([m!, k!]);
      const key = strArg(k!);
      if (typeof key !== 'string') return key;
      const es = entriesOf(m!);
      if (!es) return error('lookup: not a map');
      const hit = es.find(([x]) => x === key);
      if (hit) return hit[1];
      return d ?? error(`lookup: no key "${key}"`);
    },
  },
  coalesce: {
    arity: [1, -1],
    acceptsUnknown: true,
    fn: (args) => {
      for (const a of args) {
        if (isUnknown(a)) return unknownOf([a]);
        if (a.t === 'null' || (a.t === 'string' && a.v === '')) continue;
        return a;
      }
      return error('coalesce: no non-null arguments');
    },
  },
  coalescelist: {
    arity: [1, -1],
    acceptsUnknown: true,
    fn: (args) => {
      for (const a of args) {
        if (isUnknown(a)) return unknownOf([a]);
        if (a.t === 'list' && a.items.length > 0) return a;
      }
      return error('coalescelist: no non-empty lists');
    },
  },
  compact: {
    arity: [1, 1],
    fn: ([l]) => {
      const xs = elems(l!);
      if (!Array.isArray(xs)) return xs;
      return list(
        xs.filter((x) => !(x.t === 'null' || (x.t === 'string' && x.v === ''))),
        'list',
      );
    },
  },
  flatten: {
    arity: [1, 1],
    fn: ([l]) => {
      const out: Value[] = [];
      if (l!.t !== 'list') return error('flatten: not a list');
      const bad = flattenInto(l!, out, 0);
      return bad ?? list(out);
    },
  },
  keys: {
    arity: [1, 1],
    fn: ([m]) => {
      const es = entriesOf(m!);
      return es
        ? list(
            es.map(([k]) => str(k)),
            'list',
          )
        : error('keys: not a map');
    },
  },
  values: {
    arity: [1, 1],
    fn: ([m]) => {
      const es = entriesOf(m!);
      return es ? list(es.map(([, x]) => x)) : error('values: not a map');
    },
  },
  contains: {
    arity: [2, 2],
    fn: ([l, x]) => {
      const xs = elems(l!);
      if (!Array.isArray(xs)) return xs;
      if (xs.some((i) => equal(i, x!))) return bool(true);
      return xs.some(isUnknown) ? unknownOf(xs) : bool(false);
    },
  },
  distinct: {
    arity: [1, 1],
    fn: ([l]) => {
      const xs = elems(l!);
      if (!Array.isArray(xs)) return xs;
      const seen = new Set<string>();
      return list(
        xs.filter((x) => {
          const k = keyOf(x);
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        }),
        'list',
      );
    },
  },
  sort: {
    arity: [1, 1],
    fn: ([l]) => {
      const xs = elems(l!);
      if (!Array.isArray(xs)) return xs;
      if (xs.some(isUnknown)) return unknownOf(xs);
      const strs = xs.map((x) => asString(x));
      const bad = strs.find((s) => s.t !== 'string');
      if (bad) return bad;
      const pairs = xs.map((x, i) => [(strs[i] as { v: string }).v, x] as const);
      pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return list(
        pairs.map(([s, x]) => derived(str(s), [x])),
        'list',
      );
    },
  },
  reverse: {
    arity: [1, 1],
    fn: ([l]) => {
      const xs = elems(l!);
      return Array.isArray(xs) ? list([...xs].reverse()) : xs;
    },
  },
  slice: {
    arity: [3, 3],
    fn: ([l, a, b]) => {
      const xs = elems(l!);
      const [s, e] = [asNumber(a!), asNumber(b!)];
      if (!Array.isArray(xs)) return xs;
      if (s.t !== 'number') return s;
      if (e.t !== 'number') return e;
      if (s.v < 0 || e.v > xs.length || s.v > e.v) return error('slice: out of range');
      return list(xs.slice(s.v, e.v));
    },
  },
  index: {
    arity: [2, 2],
    fn: ([l, x]) => {
      const xs = elems(l!);
      if (!Array.isArray(xs)) return xs;
      const i = xs.findIndex((y) => equal(y, x!));
      return i >= 0 ? num(i) : xs.some(isUnknown) ? unknownOf(xs) : error('index: not found');
    },
  },
  one: {
    arity: [1, 1],
    fn: ([l]) => {
      const xs = elems(l!);
      if (!Array.isArray(xs)) return xs;
      return xs.length === 0 ? nul() : xs.length === 1 ? xs[0]! : error('one: more than one element');
    },
  },
  zipmap: {
    arity: [2, 2],
    fn: ([k, v]) => {
      const ks = elems(k!);
      const vs = elems(v!);
      if (!Array.isArray(ks)) return ks;
      if (!Array.isArray(vs)) return vs;
      const out: [string, Value][] = [];
      for (let i = 0; i < ks.length; i++) {
        const key = ks[i]!;
        if (isUnknown(key)) return unknownOf([key]);
        const s = strArg(key);
        if (typeof s !== 'string') return s;
        out.push([s, vs[i] ?? nul()]);
      }
      return map(out);
    },
  },
  setunion: {
    arity: [1, -1],
    fn: (args) => {
      const out = allElems(args);
      if (!Array.isArray(out)) return out;
      return out.length > MAX_COLLECTION ? unknown([TOO_MANY]) : list(out, 'set');
    },
  },
};
