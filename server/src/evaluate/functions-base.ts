/** Shared helpers for the built-in function tables (argument coercion, collection access). */
import { asNumber, asString } from './convert';
import { child, derived, error, isUnknown, num, str, unknown, type Value } from './value';

/** Longest list a function may build (`range(1e9)` must not hang the editor). */
export const MAX_COLLECTION = 10_000;
/** Why a value over that size is unknown (a "cannot verify" dependency). */
export const TOO_MANY = '(more than 10,000 items)';

export type Fn = (args: Value[]) => Value;

/** Arity is checked by the caller: [min, max] (max -1 = variadic). */
export interface FnDef {
  arity: [number, number];
  /** Whether unknown top-level arguments are passed in (otherwise the result is unknown). */
  acceptsUnknown?: boolean;
  fn: Fn;
}

export const items = (v: Value): Value[] | undefined =>
  v.t === 'list' ? v.items.map((i) => child(v, i)) : undefined;
export const entriesOf = (v: Value): [string, Value][] | undefined =>
  v.t === 'map' ? [...v.entries].map(([k, x]) => [k, child(v, x)]) : undefined;

export function strArg(v: Value): string | Value {
  const s = asString(v);
  return s.t === 'string' ? s.v : s;
}

/** Applies a string → string transform, keeping the source's trace. */
export function strFn(f: (s: string) => string): FnDef {
  return {
    arity: [1, 1],
    fn: ([a]) => {
      const s = strArg(a!);
      return typeof s === 'string' ? derived(str(f(s)), [a!]) : s;
    },
  };
}

/**
 * A function of two strings (`split(sep, s)`, `trimprefix(s, p)`, ...): both arguments converted,
 * the first non-string (unknown or error) returned as is, `f` given the strings and the raw values.
 */
export function str2Fn(f: (a: string, b: string, raw: [Value, Value]) => Value): FnDef {
  return {
    arity: [2, 2],
    fn: ([x, y]) => {
      const a = strArg(x!);
      const b = strArg(y!);
      if (typeof a !== 'string') return a;
      if (typeof b !== 'string') return b;
      return f(a, b, [x!, y!]);
    },
  };
}

export function numFn(f: (n: number) => number): FnDef {
  return {
    arity: [1, 1],
    fn: ([a]) => {
      const n = asNumber(a!);
      return n.t === 'number' ? num(f(n.v)) : n;
    },
  };
}

/** Collection elements, for functions over lists or sets (and maps where Terraform allows). */
export function elems(v: Value): Value[] | Value {
  return items(v) ?? error(`expected a list, got ${v.t}`);
}

export function flattenInto(v: Value, out: Value[], depth: number): Value | undefined {
  const xs = items(v);
  if (!xs || depth > 50) {
    out.push(v);
    return undefined;
  }
  for (const x of xs) {
    if (isUnknown(x)) return x;
    const bad = flattenInto(x, out, depth + 1);
    if (bad) return bad;
    if (out.length > MAX_COLLECTION) return unknown([TOO_MANY]);
  }
  return undefined;
}
