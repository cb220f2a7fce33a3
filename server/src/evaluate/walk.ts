/**
 * Walks a module instance: every security group rule instance becomes a candidate, every local
 * module call is evaluated as a child instance (recursively, with a depth and cycle guard), and
 * every registry security-group module call is expanded into the rules it would create.
 */
import { resolve } from 'node:path';
import type { Attribute, Block, Body } from '../parse/ast';
import { labelValue, transientBody } from '../parse/lazy';
import type { EmptyRuleBlock, Loc, ModuleCallFrame, RuleCandidate } from '../model/types';
import { extractRule } from '../model/extract';
import { attribute, attributeIn, loadModule, type Located } from './context';
import { constantValue } from './convert';
import { expandInstances, ModuleInstance, type BlockInstance, type VariableInput } from './module';
import { matchRegistrySource, registryCandidates } from './registry';

/** Deeper than any real configuration; guards against pathological or cyclic module trees. */
export const MAX_MODULE_DEPTH = 12;

/** Arguments of a module block that are meta-arguments, not inputs. */
const META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** What a walk produces: a candidate per rule instance, and the rule blocks with no instance. */
export interface WalkOutput {
  candidates: RuleCandidate[];
  empty: EmptyRuleBlock[];
}

export function collectCandidates(inst: ModuleInstance, out: WalkOutput, dirStack: string[]): void {
  for (const rule of inst.mod.rules) {
    // Read once per module instance and then dropped: rule bodies are most of a large module's tree.
    const body = transientBody(rule.node);
    const instances = expandInstances(inst, rule, body);
    for (const bi of instances) out.candidates.push(ruleCandidate(inst, rule, body, bi));
    if (instances.length === 0) out.empty.push(emptyRule(inst, rule, body));
  }
  for (const call of inst.mod.calls) moduleCall(inst, call, out, dirStack);
}

function emptyRule(inst: ModuleInstance, rule: Located<Block>, body: Body): EmptyRuleBlock {
  const file = rule.file.path;
  const count = attributeIn(body, 'count');
  const meta = count ?? attributeIn(body, 'for_each');
  return {
    address: `${inst.refPrefix}${labelValue(rule.node, 0) ?? ''}.${labelValue(rule.node, 1) ?? ''}`,
    block: { file, range: rule.node.range },
    meta: { file, range: meta ? meta.expr.range : rule.node.range },
    metaName: count ? 'count' : 'for_each',
  };
}

function ruleCandidate(
  inst: ModuleInstance,
  rule: Located<Block>,
  body: Body,
  bi: BlockInstance,
): RuleCandidate {
  const block = rule.node;
  const file = rule.file.path;
  const name = labelValue(block, 1) ?? '';
  return extractRule({
    address: `${inst.refPrefix}${labelValue(block, 0) ?? ''}.${name}${bi.key}`,
    block,
    body,
    file,
    modulePath: inst.modulePath,
    refPrefix: inst.refPrefix,
    attr: (attrName) => {
      const a = attributeIn(body, attrName);
      if (!a) return undefined;
      return { value: inst.eval(a.expr, file, bi.names), loc: { file, range: a.expr.range } };
    },
    ...(bi.unknown ? { instancesUnknown: bi.unknown } : {}),
  });
}

function moduleCall(parent: ModuleInstance, call: Located<Block>, out: WalkOutput, dirStack: string[]): void {
  const block = call.node;
  const file = call.file.path;
  const name = block.labels[0]?.value ?? '';
  const sourceAttr = attribute(block, 'source');
  if (!sourceAttr) return;
  const sv = constantValue(sourceAttr.expr);
  if (sv.t !== 'string') return;
  const source = sv.v;
  const sourceLoc: Loc = { file, range: sourceAttr.expr.range };
  const registry = matchRegistrySource(source);
  const isLocal = source.startsWith('./') || source.startsWith('../');
  if (!registry && !isLocal) return;

  let childDir: string | undefined;
  if (isLocal) {
    childDir = resolve(parent.mod.dir, source);
    if (dirStack.includes(childDir) || dirStack.length >= MAX_MODULE_DEPTH) {
      const why = dirStack.includes(childDir) ? 'calls itself' : 'is nested too deeply';
      parent.ctx.problems.push({
        loc: sourceLoc,
        severity: 'warning',
        message: `module "${name}" ${why}; not evaluated`,
      });
      return;
    }
    if (!loadModule(parent.ctx, childDir)) {
      parent.ctx.problems.push({
        loc: sourceLoc,
        severity: 'warning',
        message: `module source ${source} not found (${childDir})`,
      });
      return;
    }
    parent.ctx.calledModuleDirs.add(childDir);
  }

  for (const bi of expandInstances(parent, call)) {
    const prefix = `${parent.refPrefix}module.${name}${bi.key}`;
    const frame: ModuleCallFrame = { name, call: { file, range: block.range }, source };
    const args = block.body.attributes.filter((a) => !META.has(a.name));
    const argValue = (a: Attribute) => parent.eval(a.expr, file, bi.names);
    if (registry) {
      out.candidates.push(
        ...registryCandidates({
          address: prefix,
          block,
          file,
          modulePath: parent.modulePath,
          ...(registry.submodule ? { submodule: registry.submodule } : {}),
          sourceLoc,
          arg: (argName) => {
            const a = args.find((x) => x.name === argName);
            return a ? { value: argValue(a), loc: { file, range: a.expr.range } } : undefined;
          },
          ...(bi.unknown ? { instancesUnknown: bi.unknown } : {}),
        }),
      );
      continue;
    }
    const inputs = new Map<string, VariableInput>();
    for (const a of args) {
      inputs.set(a.name, {
        value: () => argValue(a),
        step: {
          kind: 'module-argument',
          label: `${prefix} argument ${a.name}`,
          loc: { file, range: a.expr.range },
        },
      });
    }
    const childMod = loadModule(parent.ctx, childDir!)!;
    const child = new ModuleInstance(parent.ctx, childMod, inputs, `${prefix}.`, [
      ...parent.modulePath,
      frame,
    ]);
    const before = out.candidates.length;
    collectCandidates(child, out, [...dirStack, childDir!]);
    if (bi.unknown) {
      for (const c of out.candidates.slice(before)) {
        c.instancesUnknown = true;
        c.instancesDeps = [...new Set([...(c.instancesDeps ?? []), ...bi.unknown.deps])];
      }
    }
  }
}
