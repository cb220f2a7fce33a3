/**
 * References and traversals: `var.x`, `local.x`, `path.module`, names bound by for-expressions,
 * `count` and `each`, attribute and index steps, and splats. `module.x...` reads a local module's
 * outputs; resource and data references (and other modules') evaluate to unknown values whose deps
 * name them.
 */
import type { Expr } from '../parse/ast';
import { asNumber, asString, constantValue, formatNumber } from './convert';
import { evaluate, locOf, type EvalEnv } from './expr';
import { child, error, list, unknown, unknownOf, type Value } from './value';

const SPECIAL_ROOTS = new Set(['var', 'local', 'path', 'count', 'each']);

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
export function reference(e: Expr & { kind: 'Variable' }, env: EvalEnv): Value {
  if (SPECIAL_ROOTS.has(e.name)) return error(`${e.name} cannot be used on its own here`);
  return unknown([env.host.refPrefix + e.name]);
}

export function traversal(e: Expr, env: EvalEnv): Value {
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
  if (rootName === 'terraform') {
    const attr = first?.kind === 'GetAttr' ? first.name : '';
    return env.host.terraform?.(attr) ?? unknown([`terraform.${attr}`]);
  }
  if (rootName === 'self') return unknown(['self']);
  const call = rootName === 'module' && first?.kind === 'GetAttr' ? env.host.module?.(first.name) : undefined;
  if (call) {
    // `module.x` is the call's outputs; `module.x.y` reads output y alone (its siblings may be
    // costly or unknowable); deeper steps, and indexes into a call with count/for_each, apply to those.
    if (first === e) return call.value();
    if (e.kind === 'GetAttr' && e.object === first && call.output) return call.output(e.name);
    return undefined;
  }
  const argument = resourceArgument(e, rootName, first, env);
  if (argument) return argument;
  const text = traversalText(e) ?? rootName;
  return unknown([env.host.refPrefix + text]);
}

/**
 * `type.name.attr` / `type.name[key].attr` where the resource block sets `attr`: its value is the
 * configured one (`cidr_ip = alicloud_vpc.main.cidr_block` is "10.0.0.0/8", not "cannot verify").
 * Attributes the provider computes (`id`) stay unknown.
 */
function resourceArgument(e: Expr, type: string, first: Expr | undefined, env: EvalEnv): Value | undefined {
  if (!env.host.resourceArgument || type === 'data' || first?.kind !== 'GetAttr' || e.kind !== 'GetAttr')
    return undefined;
  if (e.object === first) return env.host.resourceArgument(type, first.name, undefined, e.name);
  if (e.object.kind === 'Index' && e.object.object === first) {
    const key = evaluate(e.object.key, env);
    if (key.t !== 'string' && key.t !== 'number') return undefined;
    return env.host.resourceArgument(type, first.name, key, e.name);
  }
  return undefined;
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
