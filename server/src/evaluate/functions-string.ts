/** String built-ins (format, join/split, case and trimming, replace/substr). */
import { asNumber, asString, formatNumber } from './convert';
import { elems, str2Fn, strArg, strFn, type FnDef } from './functions-base';
import { compileRe2, eachMatchGo, replaceAllGo, type Re2Match } from './regexp';
import { bool, derived, error, isUnknown, list, map, nul, str, unknownOf, type Value } from './value';

function format(spec: string, args: Value[]): Value {
  let out = '';
  let argi = 0;
  const re = /%(%|[-+ 0#]*\d*(?:\.\d+)?[sdvqtfegxXob])/g;
  let last = 0;
  for (let m = re.exec(spec); m; m = re.exec(spec)) {
    out += spec.slice(last, m.index);
    last = re.lastIndex;
    const verbSpec = m[1]!;
    if (verbSpec === '%') {
      out += '%';
      continue;
    }
    const arg = args[argi++];
    if (!arg) return error('format: too few arguments');
    if (isUnknown(arg)) return unknownOf([arg]);
    const verb = verbSpec[verbSpec.length - 1]!;
    const width = /(\d+)/.exec(verbSpec.replace(/\.\d+/, ''))?.[1];
    const zero = /^[-+ #]*0/.test(verbSpec);
    let piece: string;
    if (verb === 'd') {
      const n = asNumber(arg);
      if (n.t !== 'number') return n;
      piece = formatNumber(Math.trunc(n.v));
    } else if (verb === 'q') {
      const s = asString(arg);
      if (s.t !== 'string') return s;
      piece = JSON.stringify(s.v);
    } else if (verb === 'f' || verb === 'e' || verb === 'g') {
      const n = asNumber(arg);
      if (n.t !== 'number') return n;
      const prec = /\.(\d+)/.exec(verbSpec)?.[1];
      piece = verb === 'f' ? n.v.toFixed(prec ? Number(prec) : 6) : String(n.v);
    } else if (verb === 'v' && (arg.t === 'list' || arg.t === 'map')) {
      piece = JSON.stringify(toJson(arg));
    } else {
      const s = asString(arg);
      if (s.t !== 'string') return s;
      piece = s.v;
    }
    if (width && piece.length < Number(width)) {
      const pad = (zero ? '0' : ' ').repeat(Number(width) - piece.length);
      piece = verbSpec.startsWith('-') ? piece + pad.replace(/0/g, ' ') : pad + piece;
    }
    out += piece;
  }
  return str(out + spec.slice(last));
}

/**
 * Terraform's `regex`/`regexall` results for up to `limit` matches: the matched text when the
 * pattern has no groups, a list of the groups, or an object of named groups (not both kinds).
 */
function matches(p: string, s: string, subject: Value, limit: number): Value[] | Value {
  const re = compileRe2(p);
  if ('error' in re) return error(`regex: invalid regular expression: ${re.error}`);
  const names = Object.entries(re.namedGroups()).sort((a, b) => a[1] - b[1]);
  const groups = re.groupCount();
  if (names.length > 0 && names.length < groups) return error('regex: cannot mix named and unnamed groups');
  const group = (m: Re2Match, g: number): Value => {
    const v = m.group(g);
    return v === null ? nul() : derived(str(v), [subject]);
  };
  const out: Value[] = [];
  eachMatchGo(s, re, (m) => {
    if (out.length >= limit) return;
    if (groups === 0) out.push(group(m, 0));
    else if (names.length > 0) out.push(map(names.map(([n, g]) => [n, group(m, g)])));
    else
      out.push(
        list(
          Array.from({ length: groups }, (_, i) => group(m, i + 1)),
          'list',
        ),
      );
  });
  return out;
}

export function toJson(v: Value): unknown {
  switch (v.t) {
    case 'list':
      return v.items.map(toJson);
    case 'map':
      return Object.fromEntries([...v.entries].map(([k, x]) => [k, toJson(x)]));
    case 'null':
      return null;
    case 'unknown':
      return null;
    default:
      return v.v;
  }
}

export const STRING_FUNCTIONS: Record<string, FnDef> = {
  join: {
    arity: [2, -1],
    fn: ([sep, ...lists]) => {
      const s = strArg(sep!);
      if (typeof s !== 'string') return s;
      const parts: string[] = [];
      const all: Value[] = [];
      for (const l of lists) {
        const xs = elems(l);
        if (!Array.isArray(xs)) return xs;
        for (const x of xs) {
          if (isUnknown(x)) return unknownOf([x]);
          const p = strArg(x);
          if (typeof p !== 'string') return p;
          parts.push(p);
          all.push(x);
        }
      }
      const out = str(parts.join(s));
      // A single joined element is still that element's value (a lone CIDR keeps its literal).
      return all.length === 1 && all[0]!.t === 'string' ? all[0]! : derived(out, [...lists, ...all]);
    },
  },
  split: str2Fn((a, b, [, s]) => {
    const parts = a === '' ? [...b] : b.split(a);
    // Splitting a single-element string keeps its literal location for the whole element.
    if (parts.length === 1 && s.t === 'string') return derived(list([s], 'list'), [s]);
    return derived(
      list(
        parts.map((p) => derived(str(p), [s])),
        'list',
      ),
      [s],
    );
  }),
  format: {
    arity: [1, -1],
    acceptsUnknown: true,
    fn: ([spec, ...args]) => {
      if (isUnknown(spec!)) return spec;
      const s = strArg(spec!);
      return typeof s === 'string' ? derived(format(s, args), args) : s;
    },
  },
  formatlist: {
    arity: [1, -1],
    fn: ([spec, ...args]) => {
      const s = strArg(spec!);
      if (typeof s !== 'string') return s;
      const n = Math.max(0, ...args.map((a) => (a.t === 'list' ? a.items.length : 0)));
      const out: Value[] = [];
      for (let i = 0; i < n; i++)
        out.push(
          format(
            s,
            args.map((a) => (a.t === 'list' ? (a.items[i] ?? nul()) : a)),
          ),
        );
      return list(out, 'list');
    },
  },
  lower: strFn((s) => s.toLowerCase()),
  upper: strFn((s) => s.toUpperCase()),
  trimspace: strFn((s) => s.trim()),
  chomp: strFn((s) => s.replace(/(\r?\n)+$/, '')),
  title: strFn((s) => s.replace(/\b\w/g, (c) => c.toUpperCase())),
  trim: str2Fn((a, b, [s]) => {
    let lo = 0;
    let hi = a.length;
    while (lo < hi && b.includes(a[lo]!)) lo++;
    while (hi > lo && b.includes(a[hi - 1]!)) hi--;
    return derived(str(a.slice(lo, hi)), [s]);
  }),
  trimprefix: str2Fn((a, b, [s]) => derived(str(a.startsWith(b) ? a.slice(b.length) : a), [s])),
  trimsuffix: str2Fn((a, b, [s]) =>
    derived(str(b !== '' && a.endsWith(b) ? a.slice(0, a.length - b.length) : a), [s]),
  ),
  replace: {
    arity: [3, 3],
    fn: ([s, from, to]) => {
      const [a, b, c] = [strArg(s!), strArg(from!), strArg(to!)];
      if (typeof a !== 'string') return a;
      if (typeof b !== 'string') return b;
      if (typeof c !== 'string') return c;
      // Terraform: a search string wrapped in slashes is a regular expression (RE2, see regexp.ts).
      if (b.length > 1 && b.startsWith('/') && b.endsWith('/')) {
        const re = compileRe2(b.slice(1, -1));
        if ('error' in re) return error(`replace: invalid regular expression: ${re.error}`);
        return derived(str(replaceAllGo(a, re, c)), [s!]);
      }
      // Go's strings.Replace: an empty search string matches before every character and at the end.
      if (b === '') return derived(str(a === '' ? c : c + [...a].join(c) + c), [s!]);
      return derived(str(a.split(b).join(c)), [s!]);
    },
  },
  regex: str2Fn((p, s, [, subject]) => {
    const found = matches(p, s, subject, 1);
    if (!Array.isArray(found)) return found;
    return found[0] ?? error('regex: the pattern did not match any part of the string');
  }),
  regexall: str2Fn((p, s, [, subject]) => {
    const found = matches(p, s, subject, Infinity);
    return Array.isArray(found) ? list(found, 'list') : found;
  }),
  substr: {
    arity: [3, 3],
    fn: ([s, off, len]) => {
      const a = strArg(s!);
      const o = asNumber(off!);
      const l = asNumber(len!);
      if (typeof a !== 'string') return a;
      if (o.t !== 'number') return o;
      if (l.t !== 'number') return l;
      const chars = [...a];
      const start = o.v < 0 ? chars.length + o.v : o.v;
      const end = l.v < 0 ? chars.length : start + l.v;
      return derived(str(chars.slice(start, end).join('')), [s!]);
    },
  },
  startswith: str2Fn((a, b) => bool(a.startsWith(b))),
  endswith: str2Fn((a, b) => bool(a.endsWith(b))),
};
