/**
 * What a `module` block means before its child is evaluated: where its source is (a local
 * directory, the registry security-group module, or a module `terraform init` downloaded), and,
 * per instance, the arguments the child
 * receives as its variables. Shared by the walk (rules inside the child) and by `module.<name>`
 * references (the child's outputs), so both see the same child.
 */
import { resolve } from 'node:path';
import type { Attribute, Block } from '../parse/ast';
import type { Loc } from '../model/types';
import { labelValue } from '../parse/lazy';
import { attribute, downloadedModuleDir, type Located } from './context';
import { constantValue } from './convert';
import type { BlockInstance } from './instances';
import type { ModuleInstance, VariableInput } from './module';
import { matchRegistrySource } from './registry';

/** Arguments of a module block that are meta-arguments, not inputs. */
const META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

export interface CallSource {
  source: string;
  sourceLoc: Loc;
  /** Set for the registry security-group module (and its submodules). */
  registry?: { submodule?: string };
  /** Set for a local module (`./x`, `../x`), or one `terraform init` downloaded: its directory. */
  childDir?: string;
}

/** The call's source when it is a constant local path or the registry module; else undefined. */
export function callSource(parent: ModuleInstance, call: Located<Block>): CallSource | undefined {
  const sourceAttr = attribute(call.node, 'source');
  if (!sourceAttr) return undefined;
  const sv = constantValue(sourceAttr.expr);
  if (sv.t !== 'string') return undefined;
  const source = sv.v;
  const sourceLoc: Loc = { file: call.file.path, range: sourceAttr.expr.range };
  const registry = matchRegistrySource(source);
  if (registry) return { source, sourceLoc, registry };
  if (source.startsWith('./') || source.startsWith('../'))
    return { source, sourceLoc, childDir: resolve(parent.mod.dir, source) };
  // A registry or git module: evaluated from its code if `terraform init` downloaded it.
  const key = [...parent.modulePath.map((f) => f.name), labelValue(call.node, 0) ?? ''].join('.');
  const childDir = downloadedModuleDir(parent.ctx, key);
  return childDir ? { source, sourceLoc, childDir } : undefined;
}

/** The call's arguments (meta-arguments left out). */
export function callArguments(call: Located<Block>): Attribute[] {
  return call.node.body.attributes.filter((a) => !META.has(a.name));
}

/**
 * The child's variables for one instance of the call: each argument evaluated on first use in the
 * parent, with `count.index` / `each` of that instance, and a trace step back to the argument.
 */
export function childInputs(
  parent: ModuleInstance,
  call: Located<Block>,
  bi: BlockInstance,
  prefix: string,
): Map<string, VariableInput> {
  const file = call.file.path;
  const inputs = new Map<string, VariableInput>();
  for (const a of callArguments(call)) {
    inputs.set(a.name, {
      value: () => parent.eval(a.expr, file, bi.names),
      step: {
        kind: 'module-argument',
        label: `${prefix} argument ${a.name}`,
        loc: { file, range: a.expr.range },
      },
    });
  }
  return inputs;
}
