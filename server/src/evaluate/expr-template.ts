/**
 * String templates: text, `${}` interpolations with `~` strip markers, and `%{if}` / `%{for}`
 * directives. A lone interpolation yields its value unconverted, as in Terraform.
 */
import type { Range, TemplatePart } from '../parse/ast';
import { asBool, asString } from './convert';
import { evaluate, locOf, withNames, type EvalEnv } from './expr';
import { iterate } from './expr-for';
import { derived, isUnknown, str, unknown, unknownOf, type Value } from './value';

export function evalTemplate(parts: TemplatePart[], env: EvalEnv, range: Range | undefined): Value {
  if (range) {
    // Counted without building arrays: this runs for every string literal of every rule instance.
    let only: TemplatePart | undefined;
    let count = 0;
    let allText = true;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.kind === 'Text' && p.value === '') continue;
      count++;
      only = p;
      if (p.kind !== 'Text') allText = false;
    }
    // `"${x}"` is x itself, unconverted and with its provenance (Terraform's single-interpolation rule).
    if (count === 1 && only!.kind === 'Interp') return evaluate(only!.expr, env);
    if (allText) {
      let value = '';
      for (const p of parts) if (p.kind === 'Text') value += p.value;
      return str(value, { literal: locOf(env, range) });
    }
  }
  let out = '';
  const sources: Value[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.kind === 'Text') {
      let text = p.value;
      const prev = parts[i - 1];
      const next = parts[i + 1];
      if (prev?.kind === 'Interp' && prev.stripRight) text = text.replace(/^\s+/, '');
      if (next?.kind === 'Interp' && next.stripLeft) text = text.replace(/\s+$/, '');
      out += text;
      continue;
    }
    const v = part(p, env);
    if (isUnknown(v)) return withKnownEnd(unknownOf([v]), parts);
    const s = asString(v);
    if (s.t !== 'string') return s;
    sources.push(v);
    out += s.v;
    if (out.length > 1_000_000) return unknown();
  }
  return derived(str(out), sources);
}

/**
 * An unknown template still ends with its last text part: `"${eip}/32"` is some /32, never the
 * world, so a rule using it needs no "cannot verify".
 */
function withKnownEnd(v: Value, parts: TemplatePart[]): Value {
  const last = parts[parts.length - 1];
  if (v.t !== 'unknown' || v.error !== undefined || last?.kind !== 'Text' || last.value === '') return v;
  return { ...v, suffix: last.value };
}

function part(p: Exclude<TemplatePart, { kind: 'Text' }>, env: EvalEnv): Value {
  if (p.kind === 'Interp') return evaluate(p.expr, env);
  if (p.kind === 'If') {
    const c = asBool(evaluate(p.cond, env));
    if (c.t !== 'bool') return c;
    return evalTemplate(c.v ? p.then : (p.else ?? []), env, undefined);
  }
  const coll = evaluate(p.collection, env);
  const pairs = iterate(coll);
  if (!Array.isArray(pairs)) return pairs;
  let out = '';
  for (const [k, v] of pairs) {
    const names = new Map(env.names);
    if (p.keyVar) names.set(p.keyVar, k);
    names.set(p.valueVar, v);
    const body = evalTemplate(p.body, withNames(env, names), undefined);
    if (body.t !== 'string') return body.t === 'unknown' ? body : asString(body);
    out += body.v;
  }
  return str(out);
}
