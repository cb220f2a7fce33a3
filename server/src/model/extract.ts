/**
 * Turns evaluated values into the typed model: one RuleCandidate per `alicloud_security_group_rule`
 * instance, each field a FieldValue that says whether it is known and where it came from.
 */
import type { Block } from '../parse/ast';
import type { FieldValue, Loc, ModuleCallFrame, RuleCandidate } from './types';
import { asNumber, asString } from '../evaluate/convert';
import { traversalText } from '../evaluate/expr';
import { depsOf, type Value } from '../evaluate/value';

export function absentField<T>(): FieldValue<T> {
  return { state: 'absent', trace: [] };
}

export function knownField<T>(value: T, loc?: Loc): FieldValue<T> {
  return { state: 'known', value, trace: [], ...(loc ? { loc } : {}) };
}

/**
 * A field from an evaluated value. `null` counts as absent (Terraform treats a null argument as
 * unset) but keeps `loc`, so a finding can still point at what was written.
 */
export function fieldOf(v: Value, kind: 'string' | 'number', loc: Loc | undefined): FieldValue<never> {
  const base = { trace: v.trace ?? [], ...(loc ? { loc } : {}) };
  if (v.t === 'null') return { state: 'absent', ...base };
  const conv = kind === 'string' ? asString(v) : asNumber(v);
  if (conv.t === 'string' || conv.t === 'number') {
    const literal = v.literal ?? conv.literal;
    return { state: 'known', value: conv.v as never, ...base, ...(literal ? { literal } : {}) };
  }
  return { state: 'unknown', ...base, deps: depsOf(v) };
}

/** What an extraction needs from the evaluator for one resource instance. */
export interface RuleInstance {
  address: string;
  block: Block;
  file: string;
  modulePath: ModuleCallFrame[];
  /** `module.a.` etc., prefixed to groupKey fallbacks. */
  refPrefix: string;
  /** Evaluates an attribute of the block for this instance (undefined when not written). */
  attr(name: string): { value: Value; loc: Loc } | undefined;
  instancesUnknown?: { deps: string[] };
}

const STRING_FIELDS = {
  direction: 'type',
  policy: 'policy',
  protocol: 'ip_protocol',
  portRange: 'port_range',
  sourceCidr: 'cidr_ip',
  sourceIpv6Cidr: 'ipv6_cidr_ip',
  sourceGroupId: 'source_security_group_id',
  prefixListId: 'prefix_list_id',
} as const;

export function extractRule(r: RuleInstance): RuleCandidate {
  const field = (name: string, kind: 'string' | 'number'): FieldValue<never> => {
    const a = r.attr(name);
    return a ? fieldOf(a.value, kind, a.loc) : absentField();
  };
  const strings = Object.fromEntries(
    Object.entries(STRING_FIELDS).map(([k, attr]) => [k, field(attr, 'string') as FieldValue<string>]),
  ) as Record<keyof typeof STRING_FIELDS, FieldValue<string>>;
  const candidate: RuleCandidate = {
    address: r.address,
    kind: 'resource',
    block: { file: r.file, range: r.block.range },
    modulePath: r.modulePath,
    groupKey: groupKey(r),
    ...strings,
    priority: field('priority', 'number'),
  };
  if (r.instancesUnknown) {
    candidate.instancesUnknown = true;
    candidate.instancesDeps = r.instancesUnknown.deps;
  }
  return candidate;
}

/**
 * The evaluated group id when known; else the one resource it depends on (so rules of a child
 * module given `alicloud_security_group.default.id` group with the root's); else the written text.
 */
function groupKey(r: RuleInstance): string {
  const a = r.attr('security_group_id');
  if (!a) return `${r.refPrefix}(no security_group_id)`;
  if (a.value.t === 'string') return a.value.v;
  const deps = depsOf(a.value);
  if (deps.length === 1) return deps[0]!;
  const expr = r.block.body.attributes.find((x) => x.name === 'security_group_id')?.expr;
  return r.refPrefix + ((expr && traversalText(expr)) ?? `${r.address}.security_group_id`);
}
