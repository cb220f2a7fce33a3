/**
 * Turns evaluated values into the typed model: one RuleCandidate per `alicloud_security_group_rule`
 * instance, each field a FieldValue that says whether it is known and where it came from.
 */
import type { Block, Body } from '../parse/ast';
import type { FieldValue, Loc, ModuleCallFrame, RuleCandidate, TraceStep } from './types';
import { asNumber, asString } from '../evaluate/convert';
import { traversalText } from '../evaluate/expr';
import { depsOf, type Value } from '../evaluate/value';

/**
 * Shared by every field that has no trace, and the one absent field: a large module has tens of
 * thousands of fields, each kept to the end of the lint (and copied by the garbage collector).
 * Frozen, since they are shared: the model is read-only once extracted.
 */
const NO_TRACE: TraceStep[] = Object.freeze([]) as unknown as TraceStep[];
const ABSENT: FieldValue<never> = Object.freeze({ state: 'absent', trace: NO_TRACE });

export function absentField<T>(): FieldValue<T> {
  return ABSENT;
}

export function knownField<T>(value: T, loc?: Loc): FieldValue<T> {
  return { state: 'known', value, trace: [], ...(loc ? { loc } : {}) };
}

/**
 * A field from an evaluated value. `null` counts as absent (Terraform treats a null argument as
 * unset) but keeps `loc`, so a finding can still point at what was written.
 */
export function fieldOf(v: Value, kind: 'string' | 'number', loc: Loc | undefined): FieldValue<never> {
  // One object literal per combination of present fields: a property added after an object is
  // built goes to a separate backing store, one more object per field for the garbage collector
  // (a large module keeps tens of thousands of these to the end of the lint).
  const trace = v.trace ?? NO_TRACE;
  if (v.t === 'null') return loc ? { state: 'absent', trace, loc } : { state: 'absent', trace };
  const conv = kind === 'string' ? asString(v) : asNumber(v);
  if (conv.t === 'string' || conv.t === 'number') {
    const value = conv.v as never;
    let literal = v.literal ?? conv.literal;
    // An inline literal is the attribute's own expression: share its Loc (one object fewer per field).
    if (literal && loc && literal.range === loc.range && literal.file === loc.file) literal = loc;
    if (loc)
      return literal ? { state: 'known', value, trace, loc, literal } : { state: 'known', value, trace, loc };
    return literal ? { state: 'known', value, trace, literal } : { state: 'known', value, trace };
  }
  const deps = depsOf(v);
  const field: FieldValue<never> = loc
    ? { state: 'unknown', trace, loc, deps }
    : { state: 'unknown', trace, deps };
  if (v.t === 'unknown' && v.suffix !== undefined) field.suffix = v.suffix;
  return field;
}

/** What an extraction needs from the evaluator for one resource instance. */
export interface RuleInstance {
  address: string;
  block: Block;
  /** The block's body (read once by the caller, see `transientBody`). */
  body: Body;
  file: string;
  modulePath: ModuleCallFrame[];
  /** `module.a.` etc., prefixed to groupKey fallbacks. */
  refPrefix: string;
  /** Evaluates an attribute of the block for this instance (undefined when not written). */
  attr(name: string): { value: Value; loc: Loc } | undefined;
  instancesUnknown?: { deps: string[] };
}

function field(r: RuleInstance, name: string, kind: 'string' | 'number'): FieldValue<never> {
  const a = r.attr(name);
  return a ? fieldOf(a.value, kind, a.loc) : absentField();
}

export function extractRule(r: RuleInstance): RuleCandidate {
  // Evaluated in this order (string fields, group key, priority) so problems come out in a stable order.
  const direction = field(r, 'type', 'string');
  const policy = field(r, 'policy', 'string');
  const protocol = field(r, 'ip_protocol', 'string');
  const portRange = field(r, 'port_range', 'string');
  const sourceCidr = field(r, 'cidr_ip', 'string');
  const sourceIpv6Cidr = field(r, 'ipv6_cidr_ip', 'string');
  const sourceGroupId = field(r, 'source_security_group_id', 'string');
  const prefixListId = field(r, 'prefix_list_id', 'string');
  const candidate: RuleCandidate = {
    address: r.address,
    kind: 'resource',
    block: { file: r.file, range: r.block.range },
    modulePath: r.modulePath,
    groupKey: groupKey(r),
    direction,
    policy,
    protocol,
    portRange,
    sourceCidr,
    sourceIpv6Cidr,
    sourceGroupId,
    prefixListId,
    priority: field(r, 'priority', 'number'),
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
  const expr = r.body.attributes.find((x) => x.name === 'security_group_id')?.expr;
  return r.refPrefix + ((expr && traversalText(expr)) ?? `${r.address}.security_group_id`);
}
