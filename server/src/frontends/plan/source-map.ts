/**
 * Finds where a planned rule is written in the Terraform source beside the plan: the plan's
 * `configuration` section names each module call's `source`, so `module.net.alicloud_security_group_rule.ssh`
 * is the `ssh` block of the folder `./modules/net` (or of the module `terraform init` downloaded,
 * per `.terraform/modules/modules.json`). The configuration section has no file positions: the
 * blocks themselves are found by parsing that folder.
 */
import { resolve } from 'node:path';
import type { Attribute, Expr } from '../../parse/ast';
import type { JValue } from '../../parse/json';
import type { Loc, ModuleCallFrame, TraceStep } from '../../model/types';
import type { FileSource } from '../../evaluate/index';
import {
  attributeIn,
  downloadedModuleDir,
  loadModule,
  newContext,
  type AnalysisContext,
  type ModuleFiles,
  type ReadPolicy,
} from '../../evaluate/context';
import { constantValue } from '../../evaluate/convert';
import { traversalText } from '../../evaluate/expr-traversal';
import { labelValue, transientBody } from '../../parse/lazy';
import { member, stringOf } from './json-access';

export interface SourceAttribute {
  /** The attribute's expression. */
  loc: Loc;
  expr: Expr;
}

export interface SourceResource {
  block: Loc;
  modulePath: ModuleCallFrame[];
  /** Attributes written in the block, by name. */
  attributes: Map<string, SourceAttribute>;
  /** The rule's own block is not present: `block` is the innermost module call that is. */
  partial: boolean;
}

/** `module.a["x"].module.b[0]` → `['a', 'b']` (instance keys dropped: one block serves them all). */
export function moduleNames(moduleAddress: string): string[] {
  const names: string[] = [];
  let i = 0;
  const s = moduleAddress;
  while (i < s.length) {
    if (!s.startsWith('module.', i)) return names;
    i += 7;
    const start = i;
    while (i < s.length && s[i] !== '.' && s[i] !== '[') i++;
    names.push(s.slice(start, i));
    if (s[i] === '[') {
      // Skip the instance key, quotes respected (a key may hold `]` or `.`).
      let quoted = false;
      for (i++; i < s.length && (quoted || s[i] !== ']'); i++) {
        if (s[i] === '\\' && quoted) i++;
        else if (s[i] === '"') quoted = !quoted;
      }
      i++;
    }
    if (s[i] === '.') i++;
  }
  return names;
}

interface ModuleLevel {
  dir: string;
  files: ModuleFiles | undefined;
  frame?: ModuleCallFrame;
}

export class SourceMap {
  readonly ctx: AnalysisContext;
  private readonly levels = new Map<string, ModuleLevel[]>();

  constructor(
    readonly rootDir: string,
    source: FileSource,
    private readonly configuration: JValue | undefined,
    policy?: ReadPolicy,
  ) {
    // The same read policy as the source analysis: the project's regular files, size-capped.
    this.ctx = newContext(source, rootDir, policy);
  }

  /** Every file read to locate rules (for the language server's re-lint on change). */
  dependencies(): string[] {
    return [...this.ctx.dependencies];
  }

  /** Terraform files beside the plan that exist but could not be read: they fail the run too. */
  unreadable(): { file: string; reason: string }[] {
    return [...this.ctx.unreadable].map(([file, reason]) => ({ file, reason }));
  }

  /** The configuration section's module at `names` (`root_module`, then `module_calls.x.module`...). */
  private configModule(names: string[]): JValue | undefined {
    let config = member(this.configuration, 'root_module');
    for (const name of names) config = member(member(member(config, 'module_calls'), name), 'module');
    return config;
  }

  /**
   * The module chain from the root towards the module at `moduleAddress`, as far as its source is
   * present: a module neither local nor downloaded ends the chain at its call.
   */
  private chain(moduleAddress: string): ModuleLevel[] {
    const names = moduleNames(moduleAddress);
    const key = names.join('.');
    const hit = this.levels.get(key);
    if (hit) return hit;
    const out: ModuleLevel[] = [{ dir: this.rootDir, files: loadModule(this.ctx, this.rootDir) }];
    for (let i = 0; i < names.length; i++) {
      const parent = out[i]!;
      const block = parent.files?.calls.find((c) => labelValue(c.node, 0) === names[i]);
      if (!block) break;
      const call = member(member(this.configModule(names.slice(0, i)), 'module_calls'), names[i]!);
      const src = stringOf(member(call, 'source'));
      const local = src !== undefined && (src.startsWith('./') || src.startsWith('../'));
      const dir = local
        ? resolve(parent.dir, src)
        : downloadedModuleDir(this.ctx, names.slice(0, i + 1).join('.'));
      out.push({
        dir: dir ?? '',
        files: dir ? loadModule(this.ctx, dir) : undefined,
        frame: {
          name: names[i]!,
          call: { file: block.file.path, range: block.node.range },
          source: src ?? '',
        },
      });
      if (!dir) break;
    }
    this.levels.set(key, out);
    return out;
  }

  /**
   * The `resource "<type>" "<name>"` block of that module when its source is present (`partial`
   * false); else, when only some module calls on the way are, the innermost of them (`partial`).
   * Undefined when nothing of it is written beside the plan.
   */
  resource(moduleAddress: string, type: string, name: string): SourceResource | undefined {
    const chain = this.chain(moduleAddress);
    const frames = chain.flatMap((l) => (l.frame ? [l.frame] : []));
    const complete = chain.length === moduleNames(moduleAddress).length + 1 && chain[chain.length - 1]!.files;
    const rule = complete
      ? chain[chain.length - 1]!.files!.rules.find(
          (r) => labelValue(r.node, 0) === type && labelValue(r.node, 1) === name,
        )
      : undefined;
    if (rule) {
      const attributes = new Map<string, SourceAttribute>();
      for (const a of transientBody(rule.node).attributes)
        attributes.set(a.name, { loc: { file: rule.file.path, range: a.expr.range }, expr: a.expr });
      return {
        block: { file: rule.file.path, range: rule.node.range },
        modulePath: frames,
        attributes,
        partial: false,
      };
    }
    const last = frames[frames.length - 1];
    return last ? { block: last.call, modulePath: frames, attributes: new Map(), partial: true } : undefined;
  }

  /**
   * The module arguments a `var.x` attribute came through, nearest first (how the evaluator orders
   * them), and the last expression in that chain: where the value is written when it is a literal.
   */
  argumentChain(
    moduleAddress: string,
    attr: SourceAttribute,
  ): { trace: TraceStep[]; written: SourceAttribute } {
    const chain = this.chain(moduleAddress);
    const trace: TraceStep[] = [];
    let written = attr;
    for (let level = chain.length - 1; level > 0; level--) {
      const variable = variableName(written.expr);
      const frame = chain[level]!.frame!;
      const call = chain[level - 1]!.files?.calls.find((c) => labelValue(c.node, 0) === frame.name);
      const arg: Attribute | undefined = variable && call ? attributeIn(call.node.body, variable) : undefined;
      if (!arg || !call) break;
      written = { loc: { file: call.file.path, range: arg.expr.range }, expr: arg.expr };
      trace.push({
        kind: 'module-argument',
        label: `module.${frame.name} argument ${variable}`,
        loc: written.loc,
      });
    }
    return { trace, written };
  }

  /** The configuration section's entry for a resource (module-relative address), if any. */
  private configResource(moduleAddress: string, resourceAddress: string): JValue | undefined {
    const resources = member(this.configModule(moduleNames(moduleAddress)), 'resources');
    return resources?.kind === 'array'
      ? resources.items.find((r) => stringOf(member(r, 'address')) === resourceAddress)
      : undefined;
  }

  /** The configuration's references for an attribute (`["alicloud_eip.nat.ip_address", ...]`). */
  references(moduleAddress: string, resourceAddress: string, attr: string): string[] {
    const refs = member(
      member(member(this.configResource(moduleAddress, resourceAddress), 'expressions'), attr),
      'references',
    );
    return refs?.kind === 'array' ? refs.items.flatMap((r) => (r.kind === 'string' ? [r.value] : [])) : [];
  }

  /**
   * Whether the configuration sets the attribute: undefined when the plan has no configuration
   * for the resource (a state, or a plan without the section).
   */
  configured(moduleAddress: string, resourceAddress: string, attr: string): boolean | undefined {
    const entry = this.configResource(moduleAddress, resourceAddress);
    return entry ? member(member(entry, 'expressions'), attr) !== undefined : undefined;
  }
}

/** `x` for `var.x` (or `"${var.x}"` in Terraform JSON syntax); else undefined. */
export function variableName(e: Expr): string | undefined {
  const text = referenceText(e);
  const m = text === undefined ? null : /^var\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(text);
  return m ? m[1] : undefined;
}

/** The expression's constant string (a literal, written without references), if it is one. */
export function constantString(e: Expr): string | undefined {
  const v = constantValue(e);
  return v.t === 'string' ? v.v : v.t === 'number' ? String(v.v) : undefined;
}

/** The expression as a reference (`alicloud_eip.nat.ip_address`), for "depends on" messages. */
export function referenceText(e: Expr): string | undefined {
  const only = e.kind === 'Template' && e.parts.length === 1 ? e.parts[0]! : undefined;
  return traversalText(only?.kind === 'Interp' ? only.expr : e);
}
