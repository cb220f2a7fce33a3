/** Numeric built-ins (`min`, `max`, `abs`, `ceil`, `floor`, `sum`) and `range`. */
import { asNumber } from './convert';
import { elems, MAX_COLLECTION, TOO_MANY, numFn, type FnDef } from './functions-base';
import { error, list, num, unknown, type Value } from './value';

export const NUMBER_FUNCTIONS: Record<string, FnDef> = {
  range: {
    arity: [1, 3],
    fn: (args) => {
      const ns = args.map(asNumber);
      const bad = ns.find((n) => n.t !== 'number');
      if (bad) return bad;
      const v = ns.map((n) => (n as { v: number }).v);
      const [start, end, step] =
        v.length === 1 ? [0, v[0]!, 1] : [v[0]!, v[1]!, v[2] ?? (v[0]! <= v[1]! ? 1 : -1)];
      if (step === 0 || !Number.isFinite(start) || !Number.isFinite(end))
        return error('range: bad arguments');
      const count = Math.ceil((end - start) / step);
      if (count > MAX_COLLECTION) return unknown([TOO_MANY]);
      const out: Value[] = [];
      for (let i = 0; i < count; i++) out.push(num(start + i * step));
      return list(out, 'list');
    },
  },
  min: {
    arity: [1, -1],
    fn: (args) => {
      const ns = args.map(asNumber);
      return ns.find((n) => n.t !== 'number') ?? num(Math.min(...ns.map((n) => (n as { v: number }).v)));
    },
  },
  max: {
    arity: [1, -1],
    fn: (args) => {
      const ns = args.map(asNumber);
      return ns.find((n) => n.t !== 'number') ?? num(Math.max(...ns.map((n) => (n as { v: number }).v)));
    },
  },
  abs: numFn(Math.abs),
  ceil: numFn(Math.ceil),
  floor: numFn(Math.floor),
  sum: {
    arity: [1, 1],
    fn: ([l]) => {
      const xs = elems(l!);
      if (!Array.isArray(xs)) return xs;
      let total = 0;
      for (const x of xs) {
        const n = asNumber(x);
        if (n.t !== 'number') return n;
        total += n.v;
      }
      return num(total);
    },
  },
};
