/**
 * Terraform's automatic conversions between primitive types, and loose conversion of a value to a
 * variable's declared `type` (so `number` variables set from a `TF_VAR_` string become numbers and
 * `optional(...)` object attributes get their defaults).
 */
import type { Expr } from '../parse/ast';
import { bool, error, list, map, nul, num, str, withProv, type Value } from './value';

const NUMBER_RE = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** How Terraform writes a number as a string: integers without a fraction, others shortest form. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}

/** A primitive as a string (number → "22", bool → "true"); else an error/unknown value. */
export function asString(v: Value): Value {
  switch (v.t) {
    case 'string':
      return v;
    case 'number':
      return str(formatNumber(v.v), { ...(v.literal ? { literal: v.literal } : {}), trace: v.trace ?? [] });
    case 'bool':
      return str(v.v ? 'true' : 'false', { trace: v.trace ?? [] });
    case 'unknown':
      return v;
    case 'null':
      return error('a null value cannot be used as a string');
    default:
      return error(`a ${v.t} cannot be used as a string`);
  }
}

export function asNumber(v: Value): Value {
  switch (v.t) {
    case 'number':
      return v;
    case 'string':
      return NUMBER_RE.test(v.v)
        ? num(Number(v.v), { ...(v.literal ? { literal: v.literal } : {}), trace: v.trace ?? [] })
        : error(`"${v.v}" is not a number`);
    case 'unknown':
      return v;
    default:
      return error(`a ${v.t} cannot be used as a number`);
  }
}

export function asBool(v: Value): Value {
  switch (v.t) {
    case 'bool':
      return v;
    case 'string':
      if (v.v === 'true') return bool(true, { trace: v.trace ?? [] });
      if (v.v === 'false') return bool(false, { trace: v.trace ?? [] });
      return error(`"${v.v}" is not a bool`);
    case 'unknown':
      return v;
    default:
      return error(`a ${v.t} cannot be used as a bool`);
  }
}

/**
 * Converts `v` to the type written as `typeExpr` (a variable's `type`), loosely: anything that does
 * not fit is returned unchanged rather than rejected, because the linter is not a type checker.
 */
export function convertToType(v: Value, typeExpr: Expr | undefined, depth = 0): Value {
  if (!typeExpr || depth > 20 || v.t === 'unknown' || v.t === 'null') return v;
  const t = typeExpr.kind === 'Parens' ? typeExpr.expr : typeExpr;
  if (t.kind === 'Variable') {
    const conv =
      t.name === 'string'
        ? asString(v)
        : t.name === 'number'
          ? asNumber(v)
          : t.name === 'bool'
            ? asBool(v)
            : v;
    return conv.t === 'unknown' && conv.error !== undefined ? v : conv;
  }
  if (t.kind !== 'Call') return v;
  const inner = t.args[0];
  switch (t.name) {
    case 'list':
    case 'set': {
      if (v.t !== 'list') return v;
      const items = v.items.map((i) => convertToType(i, inner, depth + 1));
      return withProv(list(items, t.name), v);
    }
    case 'map': {
      if (v.t !== 'map') return v;
      const entries = [...v.entries].map(([k, x]): [string, Value] => [
        k,
        convertToType(x, inner, depth + 1),
      ]);
      return withProv(map(entries, 'map'), v);
    }
    case 'tuple': {
      if (v.t !== 'list' || inner?.kind !== 'Tuple') return v;
      const items = v.items.map((i, n) => convertToType(i, inner.items[n], depth + 1));
      return withProv(list(items, 'tuple'), v);
    }
    case 'object': {
      if (v.t !== 'map' || inner?.kind !== 'Object') return v;
      const entries = new Map(v.entries);
      for (const item of inner.items) {
        const name = attrName(item.key);
        if (name === undefined) continue;
        const { type, dflt, optional } = unwrapOptional(item.value);
        const present = entries.get(name);
        if (present !== undefined && present.t !== 'null') {
          entries.set(name, convertToType(present, type, depth + 1));
        } else if (optional) {
          entries.set(name, dflt !== undefined ? convertToType(dflt, type, depth + 1) : nul());
        }
      }
      return withProv(map(entries, 'object'), v);
    }
    case 'optional':
      return convertToType(v, inner, depth + 1);
    default:
      return v;
  }
}

function attrName(key: Expr): string | undefined {
  if (key.kind === 'Variable') return key.name;
  if (key.kind === 'Template' && key.parts.length === 1 && key.parts[0]?.kind === 'Text')
    return key.parts[0].value;
  if (key.kind === 'Template' && key.parts.length === 0) return '';
  return undefined;
}

/** `optional(type, default)`: default values are literals in practice; evaluated without a scope. */
function unwrapOptional(e: Expr): { type: Expr | undefined; dflt?: Value; optional: boolean } {
  if (e.kind !== 'Call' || e.name !== 'optional') return { type: e, optional: false };
  const d = e.args[1];
  return { type: e.args[0], optional: true, ...(d ? { dflt: constantValue(d) } : {}) };
}

/** A literal-only expression's value (type defaults); anything else is unknown. */
export function constantValue(e: Expr): Value {
  switch (e.kind) {
    case 'Literal':
      return e.value === null ? nul() : typeof e.value === 'number' ? num(e.value) : bool(e.value);
    case 'Template':
      if (e.parts.every((p) => p.kind === 'Text'))
        return str(e.parts.map((p) => (p as { value: string }).value).join(''));
      return error('not a constant');
    case 'Tuple':
      return list(e.items.map(constantValue));
    case 'Object': {
      const entries: [string, Value][] = [];
      for (const i of e.items) {
        const k = i.bareKey && i.key.kind === 'Variable' ? i.key.name : constantValue(i.key);
        const key = typeof k === 'string' ? k : k.t === 'string' ? k.v : undefined;
        if (key !== undefined) entries.push([key, constantValue(i.value)]);
      }
      return map(entries);
    }
    case 'Parens':
      return constantValue(e.expr);
    case 'Unary':
      if (e.op === '-' && e.operand.kind === 'Literal' && typeof e.operand.value === 'number')
        return num(-e.operand.value);
      return error('not a constant');
    default:
      return error('not a constant');
  }
}
