/**
 * Walks a module instance: every security group rule instance becomes a candidate, every local
 * module call is evaluated as a child instance (recursively, with a depth and cycle guard), and
 * every registry security-group module call is expanded into the rules it would create.
 */
import type { Block, Body } from '../parse/ast';
import { labelValue, transientBody } from '../parse/lazy';
import type { EmptyRuleBlock, RuleCandidate } from '../model/types';
import { extractRule } from '../model/extract';
import { attributeIn, type Located } from './context';
import { expandInstances, expansionOf, type BlockInstance } from './instances';
import type { ModuleInstance } from './module';
import { callArguments, callSource } from './module-call';
import { registryCandidates } from './registry';
import { shortPath } from './expr-files';
import { addressKey } from '../model/safe-text';

/** What a walk produces: a candidate per rule instance, and the rule blocks with no instance. */
export interface WalkOutput {
  candidates: RuleCandidate[];
  empty: EmptyRuleBlock[];
}

/** A block label as an address shows it (bounded and escaped: labels are echoed in every report). */
export function addressLabel(block: Block, i: number): string {
  return addressKey(labelValue(block, i) ?? '');
}

export function collectCandidates(inst: ModuleInstance, out: WalkOutput): void {
  for (const rule of inst.mod.rules) {
    // Read once per module instance and then dropped: rule bodies are most of a large module's tree.
    const body = transientBody(rule.node);
    const instances = expandInstances(inst, rule, body);
    for (const bi of instances) out.candidates.push(ruleCandidate(inst, rule, body, bi));
    if (instances.length === 0) out.empty.push(emptyRule(inst, rule, body));
  }
  for (const call of inst.mod.calls) moduleCall(inst, call, out);
}

function emptyRule(inst: ModuleInstance, rule: Located<Block>, body: Body): EmptyRuleBlock {
  const file = rule.file.path;
  const meta = expansionOf(body);
  return {
    address: `${inst.refPrefix}${addressLabel(rule.node, 0)}.${addressLabel(rule.node, 1)}`,
    block: { file, range: rule.node.range },
    meta: { file, range: meta ? meta.attr.expr.range : rule.node.range },
    metaName: meta?.name ?? 'for_each',
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
  return extractRule({
    address: `${inst.refPrefix}${addressLabel(block, 0)}.${addressLabel(block, 1)}${bi.key}`,
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

function moduleCall(parent: ModuleInstance, call: Located<Block>, out: WalkOutput): void {
  const block = call.node;
  const file = call.file.path;
  const name = addressLabel(block, 0);
  const src = callSource(parent, call);
  if (!src) return;
  const { source, sourceLoc, registry, childDir } = src;

  if (childDir) {
    // The same child instances `module.<name>` references read: a module is evaluated once per call.
    const children = parent.localChildren(call, childDir, source);
    if (children === 'pending') return;
    // A module the source declined to read: the source names it (Restricted Mode's warning).
    if (children.skipped === 'not read') return;
    if (children.skipped) {
      parent.ctx.problems.push({
        loc: sourceLoc,
        severity: 'warning',
        message:
          children.skipped === 'not found'
            ? `module source ${shortPath(source)} not found (${shortPath(childDir)})`
            : children.skipped === 'outside the project'
              ? `module "${name}" is in ${shortPath(childDir)}, outside the project: not read, its rules cannot be verified`
              : `module "${name}" ${children.skipped}; not evaluated`,
      });
      return;
    }
    parent.ctx.calledModuleDirs.add(childDir);
    for (const { bi, inst } of children.instances) {
      const before = out.candidates.length;
      collectCandidates(inst, out);
      if (bi.unknown) {
        for (const c of out.candidates.slice(before)) {
          c.instancesUnknown = true;
          c.instancesDeps = [...new Set([...(c.instancesDeps ?? []), ...bi.unknown.deps])];
        }
      }
    }
    return;
  }

  if (!registry) return;
  const args = callArguments(call);
  for (const bi of expandInstances(parent, call)) {
    out.candidates.push(
      ...registryCandidates({
        address: `${parent.refPrefix}module.${name}${bi.key}`,
        block,
        file,
        modulePath: parent.modulePath,
        ...(registry.submodule ? { submodule: registry.submodule } : {}),
        sourceLoc,
        arg: (argName) => {
          const a = args.find((x) => x.name === argName);
          return a
            ? { value: parent.eval(a.expr, file, bi.names), loc: { file, range: a.expr.range } }
            : undefined;
        },
        ...(bi.unknown ? { instancesUnknown: bi.unknown } : {}),
      }),
    );
  }
}
