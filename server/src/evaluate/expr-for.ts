/**
 * For expressions (`[for ...]`, `{for ... => ...}` with `...` grouping) and the collection iteration
 * they share with template `%{for}` directives and `for_each`.
 */
import type { Expr } from '../parse/ast';
import { asBool, asString } from './convert';
import { evaluate, withNames, type EvalEnv } from './expr';
import { MAX_COLLECTION, TOO_MANY } from './functions-base';
import { child, error, list, map, num, str, unknown, unknownOf, type Value } from './value';

/** Key/value pairs of a collection in Terraform's iteration order; unknown/error when not iterable. */
export function iterate(coll: Value): [Value, Value][] | Value {
  if (coll.t === 'unknown') return unknownOf([coll]);
  if (coll.t === 'list') {
    return coll.items.map((item, i): [Value, Value] => {
      const v = child(coll, item);
      return [coll.kind === 'set' ? v : num(i), v];
    });
  }
  if (coll.t === 'map') return [...coll.entries].map(([k, v]): [Value, Value] => [str(k), child(coll, v)]);
  if (coll.t === 'null') return error('cannot iterate over null');
  return error(`cannot iterate over a ${coll.t}`);
}

export function evalFor(e: Expr & { kind: 'For' }, env: EvalEnv): Value {
  const coll = evaluate(e.collection, env);
  const pairs = iterate(coll);
  if (!Array.isArray(pairs)) return pairs;
  const items: Value[] = [];
  const groups = new Map<string, Value[]>();
  const entries = new Map<string, Value>();
  for (const [k, v] of pairs) {
    const names = new Map(env.names);
    if (e.keyVar) names.set(e.keyVar, k);
    names.set(e.valueVar, v);
    const inner = withNames(env, names);
    if (e.cond) {
      const c = asBool(evaluate(e.cond, inner));
      if (c.t !== 'bool') return c.t === 'unknown' ? unknownOf([c]) : c;
      if (!c.v) continue;
    }
    const value = evaluate(e.valueExpr, inner);
    if (!e.isObject) {
      items.push(value);
      continue;
    }
    const key = e.keyExpr ? asString(evaluate(e.keyExpr, inner)) : error('missing key');
    if (key.t !== 'string') return key.t === 'unknown' ? unknownOf([key]) : key;
    if (e.group) groups.set(key.v, [...(groups.get(key.v) ?? []), value]);
    else entries.set(key.v, value);
    if (items.length + entries.size + groups.size > MAX_COLLECTION) return unknown([TOO_MANY]);
  }
  if (!e.isObject) return list(items, 'tuple');
  if (e.group) return map([...groups].map(([k, vs]): [string, Value] => [k, list(vs)]));
  return map(entries);
}
