/**
 * One instance of a module (the root, or one call of a child module): resolves `var.*` from its
 * inputs, `local.*` lazily with cycle detection, and expands `count`/`for_each` of its security
 * group rules and module calls into instances.
 */
import type { Block, Body, Expr } from '../parse/ast';
import type { Loc, ModuleCallFrame, TraceStep } from '../model/types';
import { attribute, attributeIn, type AnalysisContext, type Located, type ModuleFiles } from './context';
import { convertToType } from './convert';
import { evaluate, iterate, type EvalEnv, type EvalHost } from './expr';
import { addStep, error, isUnknown, map, num, str, unknown, depsOf, type Value } from './value';

/** A variable's value before type conversion, with the hop that set it. */
export interface VariableInput {
  value: () => Value;
  step: TraceStep;
}

const LOCAL_PENDING = Symbol('pending');

/** No names bound (most evaluations): one shared map, never written (for-expressions copy it). */
const NO_NAMES: ReadonlyMap<string, Value> = new Map();

/** More instances than this from one count/for_each are treated as "cannot know" (keystroke budget). */
export const MAX_INSTANCES = 1000;

export class ModuleInstance implements EvalHost {
  readonly budget;
  private readonly locals = new Map<string, Value | typeof LOCAL_PENDING>();
  private readonly vars = new Map<string, Value>();
  private readonly localStack: string[] = [];

  constructor(
    readonly ctx: AnalysisContext,
    readonly mod: ModuleFiles,
    private readonly inputs: Map<string, VariableInput>,
    /** `module.a.` / `module.a["k"].module.b.`: prefixes addresses and reference deps. */
    readonly refPrefix: string,
    readonly modulePath: ModuleCallFrame[],
  ) {
    this.budget = ctx.budget;
  }

  env(file: string, names: ReadonlyMap<string, Value> = NO_NAMES): EvalEnv {
    return { host: this, file, names };
  }

  eval(e: Expr, file: string, names?: ReadonlyMap<string, Value>): Value {
    return evaluate(e, this.env(file, names));
  }

  variable(name: string, _at: Loc): Value {
    const cached = this.vars.get(name);
    if (cached) return cached;
    const decl = this.mod.variables.get(name);
    const value = decl ? this.resolveVariable(name, decl) : unknown([`${this.refPrefix}var.${name}`]);
    this.vars.set(name, value);
    return value;
  }

  private resolveVariable(name: string, decl: Located<Block>): Value {
    const typeExpr = attribute(decl.node, 'type')?.expr;
    const input = this.inputs.get(name);
    let v: Value;
    if (input) {
      v = addStep(input.value(), input.step);
    } else {
      const dflt = attribute(decl.node, 'default');
      if (!dflt) return unknown([`${this.refPrefix}var.${name}`]);
      const loc = { file: decl.file.path, range: dflt.expr.range };
      v = addStep(this.eval(dflt.expr, decl.file.path), {
        kind: 'variable-default',
        label: `${this.refPrefix}var.${name} (default)`,
        loc,
      });
    }
    return convertToType(v, typeExpr);
  }

  local(name: string, _at: Loc): Value {
    const cached = this.locals.get(name);
    if (cached === LOCAL_PENDING) return this.reportCycle(name);
    if (cached) return cached;
    const decl = this.mod.locals.get(name);
    if (!decl) return error(`local.${name} is not declared`);
    this.locals.set(name, LOCAL_PENDING);
    this.localStack.push(name);
    const raw = this.eval(decl.node.expr, decl.file.path);
    this.localStack.pop();
    const value = addStep(raw, {
      kind: 'local',
      label: `${this.refPrefix}local.${name}`,
      loc: { file: decl.file.path, range: decl.node.expr.range },
    });
    this.locals.set(name, value);
    return value;
  }

  private reportCycle(name: string): Value {
    const decl = this.mod.locals.get(name);
    const start = this.localStack.indexOf(name);
    const chain = this.localStack.slice(start + 1);
    const through = chain.length > 0 ? ` through ${chain.map((n) => `local.${n}`).join(', ')}` : '';
    if (decl) {
      const loc = { file: decl.file.path, range: decl.node.nameRange };
      const message = `local.${name} refers to itself${through}`;
      if (!this.ctx.problems.some((p) => p.message === message && p.loc.file === loc.file)) {
        this.ctx.problems.push({ loc, severity: 'warning', message });
      }
    }
    // Not an error value: `try()` must not turn a cycle into a fallback that hides the problem.
    return unknown([`${this.refPrefix}local.${name}`]);
  }

  path(attr: string): Value {
    if (attr === 'module') return str(this.mod.dir);
    if (attr === 'root') return str(this.ctx.rootDir);
    return unknown([`path.${attr}`]);
  }
}

/** One instance of a block with `count` or `for_each` (or neither). */
export interface BlockInstance {
  /** `[0]`, `["ssh"]`, or empty. */
  key: string;
  /** `count` / `each` bindings for expressions inside the block. */
  names: ReadonlyMap<string, Value>;
  /** The instances cannot be known; this single one stands for all of them. */
  unknown?: { deps: string[] };
}

/** Expands a resource or module block's `count` / `for_each` into its instances. */
export function expandInstances(
  inst: ModuleInstance,
  located: Located<Block>,
  body: Body = located.node.body,
): BlockInstance[] {
  const file = located.file.path;
  const count = attributeIn(body, 'count');
  const forEach = attributeIn(body, 'for_each');
  if (count) {
    const loc = { file, range: count.expr.range };
    const v = inst.eval(count.expr, file);
    const n = v.t === 'number' ? v.v : v.t === 'string' && /^\d+$/.test(v.v) ? Number(v.v) : undefined;
    if (n === undefined || n > MAX_INSTANCES) return [unknownInstance('count', v)];
    const out: BlockInstance[] = [];
    for (let i = 0; i < Math.floor(n); i++) {
      const step: TraceStep = { kind: 'count', label: `count.index = ${i}`, loc };
      out.push({ key: `[${i}]`, names: new Map([['count', map([['index', num(i, { trace: [step] })]])]]) });
    }
    return out;
  }
  if (forEach) {
    const loc = { file, range: forEach.expr.range };
    const v = inst.eval(forEach.expr, file);
    const pairs = v.t === 'map' || v.t === 'list' ? iterate(v) : v;
    if (!Array.isArray(pairs) || pairs.length > MAX_INSTANCES) return [unknownInstance('each', v)];
    const out: BlockInstance[] = [];
    for (const [k, val] of pairs) {
      const keyValue = v.t === 'list' ? val : k;
      if (keyValue.t !== 'string' || isUnknown(val)) {
        if (v.t === 'list') return [unknownInstance('each', keyValue)];
      }
      const key = keyValue.t === 'string' ? keyValue.v : keyValue.t === 'number' ? String(keyValue.v) : '?';
      const step: TraceStep = { kind: 'each', label: `each.value (${JSON.stringify(key)})`, loc };
      const each = map([
        ['key', str(key, { trace: [{ ...step, label: `each.key (${JSON.stringify(key)})` }] })],
        ['value', addStep(val, step)],
      ]);
      out.push({ key: `[${JSON.stringify(key)}]`, names: new Map([['each', each]]) });
    }
    return out;
  }
  return [{ key: '', names: NO_NAMES }];
}

function unknownInstance(name: 'count' | 'each', v: Value): BlockInstance {
  const deps = depsOf(v);
  const u = unknown(deps);
  const bound =
    name === 'count'
      ? map([['index', u]])
      : map([
          ['key', u],
          ['value', u],
        ]);
  return { key: '', names: new Map([[name, bound]]), unknown: { deps } };
}
