/**
 * Evaluates one HCL expression with Terraform semantics. Names (`var.*`, `local.*`, `path.*`) are
 * resolved through an `EvalHost` (the module instance), so this file knows nothing of modules.
 * Resource, data and module references are unknown, with a dependency naming them.
 * Never throws; a budget of steps and a depth limit keep pathological input from hanging.
 * Operators, traversals, templates and for expressions live in the `expr-*` modules and recurse
 * through `evaluate`: the import cycle holds only function declarations, none used at load time.
 */
import type { Expr, Range } from '../parse/ast';
import type { Loc } from '../model/types';
import type { ModuleRef } from './module';
import { evalFor } from './expr-for';
import { evalBinary, evalConditional, evalUnary } from './expr-operators';
import { evalTemplate } from './expr-template';
import { reference, traversal } from './expr-traversal';
import { asString } from './convert';
import { callFunction } from './functions';
import type { DataFile, FileSet } from './root-files';
import { FILE_FUNCTIONS, fileFunction } from './expr-files';
import {
  bool,
  child,
  error,
  isError,
  isUnknown,
  list,
  map,
  nul,
  num,
  unknown,
  unknownOf,
  type Value,
} from './value';

export { iterate } from './expr-for';
export { getAttr, index, traversalText } from './expr-traversal';

/**
 * The steps one value may take while it is worked out (docs/reading.md, "cannot verify"): a rule
 * attribute, a local, a variable's default, a module argument or output, a count or for_each. Each
 * gets its own, so an expensive value elsewhere never makes this one unknown; a value read by
 * another (a local) is worked out once, with its own budget.
 */
export interface Budget {
  steps: number;
  /** Steps this value may still take once the run's allowance is spent. */
  floor: number;
  run: RunBudget;
}

/** What one analysis shares: an allowance that bounds the whole run, and the nesting depth. */
export interface RunBudget {
  steps: number;
  depth: number;
}

/** Far more than any real value takes (a `for` over 500 items inside another over 500 fits). */
export const VALUE_STEPS = 1_000_000;
/** The run's allowance: with it spent, each value still gets FLOOR_STEPS (plain text costs none). */
export const RUN_STEPS = 10_000_000;
/** Enough for any value that is not a computation (a reference chain, a small local). */
export const FLOOR_STEPS = 20_000;

/**
 * The same environment with other names bound (a `for` iteration, a template `%{ for }`): written
 * out, since adding a property to a spread copy (`{ ...env, names }`) is slow in V8.
 */
export function withNames(env: EvalEnv, names: ReadonlyMap<string, Value>): EvalEnv {
  return { host: env.host, file: env.file, names, budget: env.budget };
}

export function valueBudget(run: RunBudget): Budget {
  return { steps: VALUE_STEPS, floor: FLOOR_STEPS, run };
}

export interface EvalHost {
  variable(name: string, at: Loc): Value;
  local(name: string, at: Loc): Value;
  path(attr: string): Value;
  /** `module.<call>` when it is a local module the host evaluates (see ModuleInstance.module). */
  module?(call: string): ModuleRef | undefined;
  /** A resource's configured argument (`alicloud_vpc.main.cidr_block`); undefined when not set. */
  resourceArgument?(type: string, name: string, key: Value | undefined, attr: string): Value | undefined;
  /** `terraform.<attr>` (`workspace`), undefined where the host cannot tell. */
  terraform?(attr: string): Value | undefined;
  /** `file(path)`: the file's text, absolute path and a short name, or why it was not read. */
  readFile?(path: string): DataFile;
  /** `fileset(path, pattern)`: the matching files' paths relative to `path`, or why not. */
  fileset?(path: string, pattern: string): FileSet;
  /** Set while a `templatefile()` template is evaluated (it may not call templatefile). */
  inTemplate?: boolean;
  /** Prefix for references to this module's resources in deps: `module.admin.` (empty at root). */
  refPrefix: string;
}

export interface EvalEnv {
  host: EvalHost;
  file: string;
  /** Names bound by for-expressions, `count` and `each`. */
  names: ReadonlyMap<string, Value>;
  /** The value being worked out's budget. */
  budget: Budget;
}

const MAX_DEPTH = 250;

export function evaluate(e: Expr, env: EvalEnv): Value {
  // Plain text costs nothing: no limit can make a value written as a literal unknown.
  if (e.kind === 'Literal' || (e.kind === 'Template' && isPlainText(e))) return evalInner(e, env);
  const b = env.budget;
  const run = b.run;
  if (--b.steps < 0 || (--run.steps < 0 && --b.floor < 0)) return unknown([BUDGET_EXHAUSTED]);
  if (run.depth >= MAX_DEPTH) return unknown(['(expression nested too deeply)']);
  run.depth++;
  try {
    return evalInner(e, env);
  } catch {
    // Defensive: a bug here must cost a finding, never the editor session.
    return unknown();
  } finally {
    run.depth--;
  }
}

export const BUDGET_EXHAUSTED = '(evaluation budget exhausted)';

/** A template of text only (`"0.0.0.0/0"`): a literal. */
function isPlainText(e: Expr & { kind: 'Template' }): boolean {
  const parts = e.parts;
  for (let i = 0; i < parts.length; i++) if (parts[i]!.kind !== 'Text') return false;
  return true;
}

/**
 * Charges the work a function did beyond one step (a `range`, a `join`, a `flatten`): its result's
 * size. False when that spends the value's budget.
 */
export function charge(env: EvalEnv, units: number): boolean {
  if (units <= 0) return true;
  const b = env.budget;
  b.steps -= units;
  b.run.steps -= units;
  if (b.run.steps < 0) b.floor -= units;
  return b.steps >= 0 && (b.run.steps >= 0 || b.floor >= 0);
}

export function locOf(env: EvalEnv, range: Range): Loc {
  return { file: env.file, range };
}

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
    case 'Unary':
      return evalUnary(e, env);
    case 'For':
      return evalFor(e, env);
    case 'Invalid':
      return unknown(e.reason ? [e.reason] : []);
  }
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
  if (FILE_FUNCTIONS.has(name)) return fileFunction(name, args, env);
  const out = callFunction(name, args);
  return charge(env, sizeOf(out)) ? out : unknown([BUDGET_EXHAUSTED]);
}

/** A value's size in steps: its items (nested) and every 1,000 characters of its strings. */
function sizeOf(v: Value, depth = 0): number {
  if (v.t === 'string') return v.v.length >> 10;
  if (depth > 2) return 1;
  if (v.t === 'list') {
    let n = v.items.length;
    for (const i of v.items) n += sizeOf(i, depth + 1);
    return n;
  }
  if (v.t === 'map') {
    let n = v.entries.size;
    for (const x of v.entries.values()) n += sizeOf(x, depth + 1);
    return n;
  }
  return 0;
}
