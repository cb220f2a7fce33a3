/**
 * One instance of a module (the root, or one call of a child module): resolves `var.*` from its
 * inputs, `local.*` lazily with cycle detection, `module.<call>.<output>` through child instances
 * (made once per call), and, through the root's files, `file()` and `terraform.workspace`.
 * `count`/`for_each` expansion is in instances.ts.
 */
import type { Block, Expr } from '../parse/ast';
import { labelValue } from '../parse/lazy';
import { addressKey } from '../model/safe-text';
import type { Loc, ModuleCallFrame, TraceStep } from '../model/types';
import {
  attribute,
  inProject,
  loadModule,
  type AnalysisContext,
  type Located,
  type ModuleFiles,
} from './context';
import { convertToType } from './convert';
import { evaluate, valueBudget, type EvalEnv, type EvalHost } from './expr';
import { expandInstances, expansionOf, instanceKey, NO_NAMES, type BlockInstance } from './instances';
import { callSource, childInputs } from './module-call';
import { ResourceArguments } from './resources';
import { filesetOf, readDataFile, workspace, type FileSet } from './root-files';
import { addStep, error, list, map, str, unknown, type Value } from './value';

/** A variable's value before type conversion, with the hop that set it. */
export interface VariableInput {
  value: () => Value;
  step: TraceStep;
}

const LOCAL_PENDING = Symbol('pending');

/** Deeper than any real configuration; guards against pathological or cyclic module trees. */
export const MAX_MODULE_DEPTH = 12;

/** A local module call as references see it: `module.x` (value) and `module.x.y` (output). */
export interface ModuleRef {
  value(): Value;
  /** Set when the call has one instance (no count/for_each): its output alone, without the others. */
  output?(name: string): Value;
}

/**
 * The child instances of one local module call, made once and shared by the walk (the rules inside)
 * and `module.<name>` references (the outputs); `skipped` says why there are none.
 */
export interface LocalChildren {
  skipped?: 'calls itself' | 'is nested too deeply' | 'not found' | 'not read' | 'outside the project';
  /** The call has `count` (a list of instances) or `for_each` (a map), or neither (one object). */
  shape: 'single' | 'count' | 'for_each';
  instances: { key: string; bi: BlockInstance; inst: ModuleInstance }[];
}

export class ModuleInstance implements EvalHost {
  private readonly locals = new Map<string, Value | typeof LOCAL_PENDING>();
  private readonly vars = new Map<string, Value>();
  private readonly localStack: string[] = [];
  private readonly outputs = new Map<string, Value | typeof LOCAL_PENDING>();
  /** Per local module call: its child instances ('pending' while they are being made). */
  private readonly children = new Map<Located<Block>, LocalChildren | 'pending'>();
  private resources: ResourceArguments | undefined;

  constructor(
    readonly ctx: AnalysisContext,
    readonly mod: ModuleFiles,
    private readonly inputs: Map<string, VariableInput>,
    /** `module.a.` / `module.a["k"].module.b.`: prefixes addresses and reference deps. */
    readonly refPrefix: string,
    readonly modulePath: ModuleCallFrame[],
    /** The instance whose module block created this one (none for the root). */
    readonly parent?: ModuleInstance,
  ) {}

  /** The child instance for one instance `bi` of a local module call. */
  childInstance(
    call: Located<Block>,
    bi: BlockInstance,
    childMod: ModuleFiles,
    source: string,
  ): ModuleInstance {
    const name = labelValue(call.node, 0) ?? '';
    const prefix = `${this.refPrefix}module.${addressKey(name)}${bi.key}`;
    const frame: ModuleCallFrame = { name, call: { file: call.file.path, range: call.node.range }, source };
    return new ModuleInstance(
      this.ctx,
      childMod,
      childInputs(this, call, bi, prefix),
      `${prefix}.`,
      [...this.modulePath, frame],
      this,
    );
  }

  /** An environment for one value being worked out: it gets its own budget. */
  env(file: string, names: ReadonlyMap<string, Value> = NO_NAMES): EvalEnv {
    return { host: this, file, names, budget: valueBudget(this.ctx.run) };
  }

  /** Works out one value (a rule attribute, a local, an argument...) with its own budget. */
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

  /**
   * `module.<call>` when the call is a local module this instance can evaluate (undefined otherwise:
   * the reference stays an opaque unknown, as any resource's).
   */
  module(name: string): ModuleRef | undefined {
    const call = this.mod.calls.find((c) => labelValue(c.node, 0) === name);
    const src = call && callSource(this, call);
    if (!call || !src?.childDir) return undefined;
    const children = this.localChildren(call, src.childDir, src.source);
    // A call whose own arguments read its outputs sees an unknown, not a loop.
    if (children === 'pending') {
      const u = unknown([`${this.refPrefix}module.${name}`]);
      return { value: () => u, output: () => u };
    }
    if (children.skipped) return undefined;
    const { shape, instances } = children;
    const unknownInstances = instances[0]?.bi.unknown;
    if (unknownInstances) {
      const u = unknown(unknownInstances.deps);
      return { value: () => u, output: () => u };
    }
    return {
      value: () => {
        const objects = instances.map(({ key, inst }): [string, Value] => [
          key,
          map([...inst.mod.outputs.keys()].map((n) => [n, inst.output(n)])),
        ]);
        if (shape === 'single') return objects[0]![1];
        if (shape === 'count') return list(objects.map(([, v]) => v));
        return map(objects, 'map');
      },
      // Only a call with one instance is read as `module.x.y`; the others are indexed first.
      ...(shape === 'single' ? { output: (n: string) => instances[0]!.inst.output(n) } : {}),
    };
  }

  /** This instance's output `name` (an error when it has none, as Terraform reports). */
  output(name: string): Value {
    const cached = this.outputs.get(name);
    // Modules that feed each other's arguments in a loop: Terraform rejects it; we cannot know.
    if (cached === LOCAL_PENDING) return unknown([`${this.refPrefix}${name}`]);
    if (cached) return cached;
    const self = this.refPrefix.slice(0, -1);
    const decl = this.mod.outputs.get(name);
    const valueAttr = decl && attribute(decl.node, 'value');
    if (!decl || !valueAttr) return error(`${self} has no output "${name}"`);
    this.outputs.set(name, LOCAL_PENDING);
    const value = addStep(this.eval(valueAttr.expr, decl.file.path), {
      kind: 'module-output',
      label: `${self} output ${name}`,
      loc: { file: decl.file.path, range: valueAttr.expr.range },
    });
    this.outputs.set(name, value);
    return value;
  }

  /** The child instances of a local module call in `childDir`, made on first need. */
  localChildren(call: Located<Block>, childDir: string, source: string): LocalChildren | 'pending' {
    const cached = this.children.get(call);
    if (cached) return cached;
    this.children.set(call, 'pending');
    const result = this.makeChildren(call, childDir, source);
    this.children.set(call, result);
    return result;
  }

  private makeChildren(call: Located<Block>, childDir: string, source: string): LocalChildren {
    const shape = expansionOf(call.node.body)?.name ?? 'single';
    if (this.hasAncestorDir(childDir)) return { skipped: 'calls itself', shape, instances: [] };
    // Never listed nor read: a downloaded module's recorded folder may be anything (/proc, /dev).
    if (!inProject(this.ctx, childDir)) return { skipped: 'outside the project', shape, instances: [] };
    // Counting this instance's callers: the child would be one level deeper still.
    if (this.modulePath.length + 1 >= MAX_MODULE_DEPTH)
      return { skipped: 'is nested too deeply', shape, instances: [] };
    const childMod = loadModule(this.ctx, childDir);
    if (!childMod)
      return {
        skipped: this.ctx.source.declines?.(childDir) ? 'not read' : 'not found',
        shape,
        instances: [],
      };
    return {
      shape,
      instances: expandInstances(this, call).map((bi) => ({
        key: instanceKey(bi),
        bi,
        inst: this.childInstance(call, bi, childMod, source),
      })),
    };
  }

  /** Whether `dir` is this instance's module or one of its callers' (a module calling itself). */
  private hasAncestorDir(dir: string): boolean {
    return this.mod.dir === dir || (this.parent?.hasAncestorDir(dir) ?? false);
  }

  readFile(path: string): ReturnType<typeof readDataFile> {
    return readDataFile(this.ctx, path);
  }

  fileset(path: string, pattern: string): FileSet {
    return filesetOf(this.ctx, path, pattern);
  }

  resourceArgument(type: string, name: string, key: Value | undefined, attr: string): Value | undefined {
    return (this.resources ??= new ResourceArguments(this)).get(type, name, key, attr);
  }

  terraform(attr: string): Value | undefined {
    return attr === 'workspace' ? workspace(this.ctx) : undefined;
  }

  path(attr: string): Value {
    if (attr === 'module') return str(this.mod.dir);
    if (attr === 'root') return str(this.ctx.rootDir);
    return unknown([`path.${attr}`]);
  }
}
