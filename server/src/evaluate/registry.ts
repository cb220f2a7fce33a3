/**
 * The registry module `alibaba/security-group/alicloud` (and its `//modules/<name>` submodules):
 * we do not have its source at lint time, so its rule-generating logic (main.tf at commit 46e53d4)
 * is reproduced here over the call's evaluated arguments. Each generated rule becomes a
 * `registry-module` candidate whose fields point at the module argument that carries the value.
 */
import type { Block } from '../parse/ast';
import type { Loc, ModuleCallFrame, RuleCandidate } from '../model/types';
import { Generator } from './registry-generator';
import { withCidrBlocks, withCidrBlocksAndPorts, withSourceGroup } from './registry-map-rules';
import { namedRules } from './registry-named-rules';
import { v1ListRules } from './registry-v1';
import { depsOf, isUnknown, list, str, type Value } from './value';

const SOURCE_RE =
  /^(?:(?:git::)?(?:https?:\/\/|ssh:\/\/git@|git@)?(?:[\w.-]+[/:])*?)?(?:registry\.terraform\.io\/)?(?:alibaba|terraform-alicloud-modules)\/(?:terraform-alicloud-)?security-group(?:\/alicloud)?(?:\.git)?(?:\/\/modules\/([\w-]+)\/?)?(?:\?.*)?$/;

/** Recognises the registry module's source spellings; `submodule` for `//modules/<name>`. */
export function matchRegistrySource(source: string): { submodule?: string } | undefined {
  const m = SOURCE_RE.exec(source.trim());
  if (!m) return undefined;
  return m[1] ? { submodule: m[1] } : {};
}

export interface RegistryCall {
  address: string;
  block: Block;
  file: string;
  modulePath: ModuleCallFrame[];
  submodule?: string;
  /** The `source` attribute (where rules a submodule adds by itself are reported). */
  sourceLoc: Loc;
  arg(name: string): { value: Value; loc: Loc } | undefined;
  instancesUnknown?: { deps: string[] };
}

/** Every rule a registry security-group module call creates. */
export function registryCandidates(call: RegistryCall): RuleCandidate[] {
  const probe = new Generator(call, '', undefined);
  // v1 named the group to add rules to `group_id`; later versions `existing_group_id`.
  const existing = probe.input(
    probe.has('group_id') && !probe.has('existing_group_id') ? 'group_id' : 'existing_group_id',
    str(''),
  );
  const create = probe.input('create', { t: 'bool', v: true });
  const existingKnown = existing.value.t === 'string' ? existing.value.v : undefined;
  const createKnown =
    create.value.t === 'bool'
      ? create.value.v
      : create.value.t === 'string'
        ? create.value.v === 'true'
        : undefined;
  if (existingKnown === '' && createKnown === false) return [];
  const unknownCreate =
    existingKnown === undefined || (existingKnown === '' && createKnown === undefined)
      ? depsOf(list([existing.value, create.value]))
      : undefined;
  const groupKey =
    existingKnown && existingKnown !== ''
      ? existingKnown
      : isUnknown(existing.value) && existing.value.deps.length === 1
        ? existing.value.deps[0]!
        : call.address;
  const g = new Generator(call, groupKey, unknownCreate);
  for (const dir of ['ingress', 'egress'] as const) generate(g, call, dir);
  v1ListRules(g);
  return g.out;
}

function generate(g: Generator, call: RegistryCall, dir: 'ingress' | 'egress'): void {
  const defaultPriority = g.input(`default_${dir}_priority`, { t: 'number', v: 50 });
  const cidrBlocks = g.input(`${dir}_cidr_blocks`, list([]));
  namedRules(g, call, dir, cidrBlocks, defaultPriority);
  withCidrBlocks(g, dir, cidrBlocks, defaultPriority);
  withCidrBlocksAndPorts(g, dir, cidrBlocks, defaultPriority);
  withSourceGroup(g, dir);
}
