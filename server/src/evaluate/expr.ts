/**
 * Evaluates one HCL expression with Terraform semantics. Names (`var.*`, `local.*`, `path.*`) are
 * resolved through an `EvalHost` (the module instance), so this file knows nothing of modules.
 * Resource, data and module references are unknown, with a dependency naming them.
 * Never throws; a budget of steps and a depth limit keep pathological input from hanging.
 */
import type { Expr, Range, TemplatePart } from '../parse/ast';
import type { Loc } from '../model/types';
import { asBool, asNumber, asString, constantValue, formatNumber } from './convert';
import { callFunction, MAX_COLLECTION } from './functions';
import {
  bool,
  child,
  derived,
  equal,
  error,
  isError,
  isUnknown,
  list,
  map,
  nul,
  num,
  str,
  unknown,
  unknownOf,
  type Value,
} from './value';

/** Shared limits for one analysis: every evaluation step spends one unit. */
export interface Budget {
  steps: number;
  depth: number;
}

export interface EvalHost {
  variable(name: string, at: Loc): Value;
  local(name: string, at: Loc): Value;
  path(attr: string): Value;
  /** Prefix for references to this module's resources in deps: `module.admin.` (empty at root). */
  refPrefix: string;
  budget: Budget;
}

export interface EvalEnv {
  host: EvalHost;
  file: string;
  /** Names bound by for-expressions, `count` and `each`. */
  names: ReadonlyMap<string, Value>;
}

const MAX_DEPTH = 250;
const SPECIAL_ROOTS = new Set(['var', 'local', 'path', 'count', 'each']);

export function evaluate(e: Expr, env: EvalEnv): Value {
  const b = env.host.budget;
  if (--b.steps < 0) return unknown(['(evaluation budget exhausted)']);
  if (b.depth >= MAX_DEPTH) return unknown(['(expression nested too deeply)']);
  b.depth++;
  try {
    return evalInner(e, env);
  } catch {
    // Defensive: a bug here must cost a finding, never the editor session.
    return unknown();
  } finally {
    b.depth--;
  }
}

const locOf = (env: EvalEnv, range: Range): Loc => ({ file: env.file, range });

function evalInner(e: Expr, env: EvalEnv): Value {
  switch (e.kind) {
    case 'Literal': {
      const p = { literal: locOf(env, e.range) };
      return e.value === null ? nul(p) : typeof e.value === 'number' ? num(e.value, p) : bool(e.value, p);
    }
    case 'Template':
      return evalTemplate(e.parts, env, e.range);
    case 'Parens':
      return evaluate(e.expr, env);
    case 'Variable': {
      const bound = env.names.get(e.name);
      if (bound) return bound;
      return reference(e, env);
    }
    case 'GetAttr':
    case 'Index':
    case 'Splat':
      return traversal(e, env);
    case 'Call':
      return evalCall(e, env);
    case 'Tuple': {
      const items = e.items.map((i) => evaluate(i, env));
      return list(items, 'tuple', { origin: locOf(env, e.range) });
    }
    case 'Object':
      return evalObject(e, env);
    case 'Conditional':
      return evalConditional(e, env);
    case 'Binary':
      return evalBinary(e, env);
    case 'Unary': {
      const v = evaluate(e.operand, env);
      if (e.op === '!') {
        const b = asBool(v);
        return b.t === 'bool' ? derived(bool(!b.v), [v]) : b;
      }
      const n = asNumber(v);
      return n.t === 'number' ? derived(num(-n.v), [v]) : n;
    }
    case 'For':
      return evalFor(e, env);
    case 'Invalid':
      return unknown();
  }
}

/** The text of a reference for `deps`: `alicloud_security_group.default.id`, `data.x.y.ids[0]`. */
export function traversalText(e: Expr): string | undefined {
  switch (e.kind) {
    case 'Variable':
      return e.name;
    case 'GetAttr': {
      const o = traversalText(e.object);
      return o === undefined ? undefined : `${o}.${e.name}`;
    }
    case 'Index': {
      const o = traversalText(e.object);
      if (o === undefined) return undefined;
      const k = constantValue(e.key);
      const key = k.t === 'number' ? formatNumber(k.v) : k.t === 'string' ? JSON.stringify(k.v) : '…';
      return `${o}[${key}]`;
    }
    case 'Splat': {
      const o = traversalText(e.object);
      if (o === undefined) return undefined;
      const steps = e.steps.map((s) => (s.kind === 'GetAttr' ? `.${s.name}` : '[…]')).join('');
      return `${o}[*]${steps}`;
    }
    case 'Parens':
      return traversalText(e.expr);
    default:
      return undefined;
  }
}

function rootOf(e: Expr): Expr {
  let cur = e;
  while (cur.kind === 'GetAttr' || cur.kind === 'Index' || cur.kind === 'Splat') cur = cur.object;
  return cur;
}

/** A bare name that is not bound: a resource type on its own is an incomplete reference. */
function reference(e: Expr & { kind: 'Variable' }, env: EvalEnv): Value {
  if (SPECIAL_ROOTS.has(e.name)) return error(`${e.name} cannot be used on its own here`);
  return unknown([env.host.refPrefix + e.name]);
}

function traversal(e: Expr, env: EvalEnv): Value {
  const root = rootOf(e);
  if (root.kind === 'Variable' && !env.names.has(root.name)) {
    const special = specialReference(e, root.name, env);
    if (special) return special;
  }
  if (e.kind === 'GetAttr') return getAttr(evaluate(e.object, env), e.name);
  if (e.kind === 'Index') return index(evaluate(e.object, env), evaluate(e.key, env));
  if (e.kind === 'Splat') return splat(evaluate(e.object, env), e, env);
  return evaluate(e, env);
}

/** `var.x...`, `local.x...`, `path.module`, and resource/data/module references (unknown). */
function specialReference(e: Expr, rootName: string, env: EvalEnv): Value | undefined {
  // The innermost GetAttr on the root names the variable/local; outer steps apply to its value.
  const first = firstStep(e);
  if (rootName === 'var' || rootName === 'local' || rootName === 'path') {
    if (first === undefined || first.kind !== 'GetAttr') return error(`${rootName} needs an attribute`);
    if (first !== e) return undefined; // evaluate outer steps normally; the inner one lands here
    const at = locOf(env, e.range);
    if (rootName === 'var') return env.host.variable(first.name, at);
    if (rootName === 'local') return env.host.local(first.name, at);
    return env.host.path(first.name);
  }
  if (rootName === 'count' || rootName === 'each') return error(`${rootName} is not available here`);
  if (rootName === 'terraform') return unknown([`terraform.${first?.kind === 'GetAttr' ? first.name : ''}`]);
  if (rootName === 'self') return unknown(['self']);
  const text = traversalText(e) ?? rootName;
  return unknown([env.host.refPrefix + text]);
}

/** The traversal step applied directly to the root name (`var.x` in `var.x[0].y`). */
function firstStep(e: Expr): (Expr & { kind: 'GetAttr' | 'Index' | 'Splat' }) | undefined {
  let cur = e;
  let last: (Expr & { kind: 'GetAttr' | 'Index' | 'Splat' }) | undefined;
  while (cur.kind === 'GetAttr' || cur.kind === 'Index' || cur.kind === 'Splat') {
    last = cur;
    cur = cur.object;
  }
  return last;
}

export function getAttr(obj: Value, name: string): Value {
  if (obj.t === 'unknown') return unknownOf([obj]);
  if (obj.t === 'map') {
    const v = obj.entries.get(name);
    return v ? child(obj, v) : error(`no attribute "${name}"`);
  }
  if (obj.t === 'null') return error(`attribute "${name}" of null`);
  return error(`a ${obj.t} has no attribute "${name}"`);
}

export function index(obj: Value, key: Value): Value {
  if (obj.t === 'unknown' || key.t === 'unknown') return unknownOf([obj, key]);
  if (obj.t === 'list') {
    if (obj.kind === 'set') return error('a set cannot be indexed');
    const n = asNumber(key);
    if (n.t !== 'number') return n;
    const item = obj.items[n.v];
    return item && Number.isInteger(n.v) ? child(obj, item) : error(`index ${n.v} out of range`);
  }
  if (obj.t === 'map') {
    const k = asString(key);
    if (k.t !== 'string') return k;
    const v = obj.entries.get(k.v);
    return v ? child(obj, v) : error(`no key "${k.v}"`);
  }
  return error(`a ${obj.t} cannot be indexed`);
}

function splat(obj: Value, e: Expr & { kind: 'Splat' }, env: EvalEnv): Value {
  if (obj.t === 'unknown') return unknownOf([obj]);
  if (obj.t === 'null') return list([]);
  const elements = obj.t === 'list' ? obj.items.map((i) => child(obj, i)) : [obj];
  const out = elements.map((el) => {
    let cur = el;
    for (const s of e.steps)
      cur = s.kind === 'GetAttr' ? getAttr(cur, s.name) : index(cur, evaluate(s.key, env));
    return cur;
  });
  return list(out, obj.t === 'list' && obj.kind !== 'tuple' ? 'list' : 'tuple');
}

function evalTemplate(parts: TemplatePart[], env: EvalEnv, range: Range | undefined): Value {
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
    if (isUnknown(v)) return unknownOf([v]);
    const s = asString(v);
    if (s.t !== 'string') return s;
    sources.push(v);
    out += s.v;
    if (out.length > 1_000_000) return unknown();
  }
  return derived(str(out), sources);
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
    const body = evalTemplate(p.body, { ...env, names }, undefined);
    if (body.t !== 'string') return body.t === 'unknown' ? body : asString(body);
    out += body.v;
  }
  return str(out);
}

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

function evalFor(e: Expr & { kind: 'For' }, env: EvalEnv): Value {
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
    const inner = { ...env, names };
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
    if (items.length + entries.size + groups.size > MAX_COLLECTION) return unknown();
  }
  if (!e.isObject) return list(items, 'tuple');
  if (e.group) return map([...groups].map(([k, vs]): [string, Value] => [k, list(vs)]));
  return map(entries);
}

function evalObject(e: Expr & { kind: 'Object' }, env: EvalEnv): Value {
  const entries: [string, Value][] = [];
  for (const item of e.items) {
    let key: string;
    if (item.bareKey && item.key.kind === 'Variable') key = item.key.name;
    else {
      const k = asString(evaluate(item.key, env));
      if (k.t !== 'string') return k.t === 'unknown' ? unknownOf([k]) : k;
      key = k.v;
    }
    entries.push([key, evaluate(item.value, env)]);
  }
  return map(entries, 'object', { origin: locOf(env, e.range) });
}

function evalConditional(e: Expr & { kind: 'Conditional' }, env: EvalEnv): Value {
  const c = asBool(evaluate(e.cond, env));
  if (c.t === 'bool') return evaluate(c.v ? e.then : e.else, env);
  if (isError(c)) return c;
  // Unknown condition: the result is still known when both branches agree.
  const a = evaluate(e.then, env);
  const b = evaluate(e.else, env);
  if (!isUnknown(a) && equal(a, b)) return derived(a, [a]);
  return unknownOf(
    [c, a, b].filter(isUnknown).filter((v) => !isError(v)),
    c.t === 'unknown' ? c.deps : [],
  );
}

function evalBinary(e: Expr & { kind: 'Binary' }, env: EvalEnv): Value {
  const l = evaluate(e.left, env);
  if (e.op === '&&' || e.op === '||') {
    const lb = asBool(l);
    // Short-circuit on a deciding known left operand (Terraform 1.x does the same for unknowns).
    if (lb.t === 'bool' && lb.v === (e.op === '||')) return bool(lb.v);
    const rb = asBool(evaluate(e.right, env));
    if (rb.t === 'bool' && rb.v === (e.op === '||') && !isError(lb)) return bool(rb.v);
    if (lb.t !== 'bool' || rb.t !== 'bool') return unknownOf([lb, rb]);
    return bool(rb.v);
  }
  const r = evaluate(e.right, env);
  if (e.op === '==' || e.op === '!=') {
    if (isUnknown(l) || isUnknown(r)) return unknownOf([l, r]);
    return bool(equal(l, r) === (e.op === '=='));
  }
  const a = asNumber(l);
  const b = asNumber(r);
  if (a.t !== 'number' || b.t !== 'number') return unknownOf([a, b]);
  const x = a.v;
  const y = b.v;
  switch (e.op) {
    case '<':
      return bool(x < y);
    case '>':
      return bool(x > y);
    case '<=':
      return bool(x <= y);
    case '>=':
      return bool(x >= y);
    case '+':
      return num(x + y);
    case '-':
      return num(x - y);
    case '*':
      return num(x * y);
    case '/':
      return y === 0 ? error('division by zero') : num(x / y);
    case '%':
      return y === 0 ? error('modulo by zero') : num(x % y);
  }
}

function evalCall(e: Expr & { kind: 'Call' }, env: EvalEnv): Value {
  const name = e.name.startsWith('core::') ? e.name.slice(6) : e.name;
  if (name === 'try') {
    for (const a of e.args) {
      const v = evaluate(a, env);
      if (!isError(v)) return v;
    }
    return error('try: no argument succeeded');
  }
  if (name === 'can') {
    const v = e.args[0] ? evaluate(e.args[0], env) : error('can: no argument');
    if (isError(v)) return bool(false);
    return isUnknown(v) ? v : bool(true);
  }
  let args = e.args.map((a) => evaluate(a, env));
  if (e.expandFinal && args.length > 0) {
    const last = args[args.length - 1]!;
    if (isUnknown(last)) return unknownOf([last]);
    if (last.t !== 'list') return error('expanding a non-list argument');
    args = [...args.slice(0, -1), ...last.items.map((i) => child(last, i))];
  }
  return callFunction(name, args);
}
