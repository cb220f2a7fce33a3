/**
 * Operators: `!` and unary `-`, the binary arithmetic, comparison and logic operators (with
 * short-circuits), and the conditional `c ? a : b`, which stays known when both branches agree.
 */
import type { Expr } from '../parse/ast';
import { asBool, asNumber } from './convert';
import { evaluate, type EvalEnv } from './expr';
import { bool, derived, equal, error, isError, isUnknown, num, unknownOf, type Value } from './value';

export function evalUnary(e: Expr & { kind: 'Unary' }, env: EvalEnv): Value {
  const v = evaluate(e.operand, env);
  if (e.op === '!') {
    const b = asBool(v);
    return b.t === 'bool' ? derived(bool(!b.v), [v]) : b;
  }
  const n = asNumber(v);
  return n.t === 'number' ? derived(num(-n.v), [v]) : n;
}

export function evalConditional(e: Expr & { kind: 'Conditional' }, env: EvalEnv): Value {
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

export function evalBinary(e: Expr & { kind: 'Binary' }, env: EvalEnv): Value {
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
