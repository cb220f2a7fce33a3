/**
 * What the registry module's rule generation is built from: the call's inputs (with the submodules'
 * argument forwarding), where a value inside an argument was written, and the `Generator` that turns
 * each generated rule into a `registry-module` candidate.
 */
import type { FieldValue, Loc, RuleCandidate } from '../model/types';
import { absentField, fieldOf, knownField } from '../model/extract';
import { asNumber, asString } from './convert';
import { NAMED_RULES } from './registry-rules';
import type { RegistryCall } from './registry';
import { child, depsOf, isUnknown, list, type Value } from './value';

export interface Input {
  value: Value;
  loc?: Loc;
}

const within = (inner: Loc | undefined, outer: Loc | undefined): inner is Loc =>
  !!inner &&
  !!outer &&
  inner.file === outer.file &&
  inner.range.start >= outer.range.start &&
  inner.range.end <= outer.range.end;

/** Where a value inside an argument was written: its literal, its constructor, or the argument. */
export function locIn(v: Value, arg: Loc | undefined, fallback?: Loc): Loc | undefined {
  if (within(v.literal, arg)) return v.literal;
  if (within(v.origin, arg)) return v.origin;
  return arg ?? fallback;
}

export const elements = (v: Value): Value[] | undefined =>
  v.t === 'list' ? v.items.map((i) => child(v, i)) : undefined;

/** `lookup(obj, key, null)`: the entry when present and not null. */
export function entry(obj: Value, key: string): Value | undefined {
  if (obj.t !== 'map') return undefined;
  const v = obj.entries.get(key);
  return v && v.t !== 'null' ? child(obj, v) : undefined;
}

/** Arguments the submodules forward to the root module (under the root module's names). */
const SUBMODULE_FORWARDS: Record<string, string> = {
  ingress_ports: 'ingress_with_ports',
  egress_ports: 'egress_with_ports',
};
const SUBMODULE_DROPS = new Set([
  'ingress_with_cidr_block',
  'egress_with_cidr_block',
  'priority_for_ingress_with_ports',
  'priority_for_egress_with_ports',
  'protocol_for_ingress_with_ports',
  'protocol_for_egress_with_ports',
]);

export class Generator {
  readonly out: RuleCandidate[] = [];
  constructor(
    private readonly call: RegistryCall,
    private readonly groupKey: string,
    private readonly extraUnknown: string[] | undefined,
  ) {}

  /** Whether the call sets argument `name` (v1's inputs are read only when it does). */
  has(name: string): boolean {
    return this.call.arg(name) !== undefined;
  }

  input(name: string, dflt: Value): Input {
    const sub = this.call.submodule !== undefined;
    if (sub && SUBMODULE_DROPS.has(name)) return { value: dflt };
    const a = this.call.arg(sub ? (SUBMODULE_FORWARDS[name] ?? name) : name);
    return a && a.value.t !== 'null' ? a : { value: dflt };
  }

  emit(
    direction: string,
    dirLoc: Loc | undefined,
    f: {
      protocol: FieldValue<string>;
      portRange: FieldValue<string>;
      sourceCidr?: FieldValue<string>;
      sourceGroupId?: FieldValue<string>;
      priority: FieldValue<number>;
      /** v1's lists give each rule's direction and policy as values (else `direction`, accept). */
      direction?: FieldValue<string>;
      policy?: FieldValue<string>;
    },
    partial = false,
  ): void {
    const c: RuleCandidate = {
      address: this.call.address,
      kind: 'registry-module',
      block: { file: this.call.file, range: this.call.block.range },
      modulePath: this.call.modulePath,
      groupKey: this.groupKey,
      direction: f.direction ?? knownField(direction, dirLoc),
      policy: f.policy ?? absentField(),
      protocol: f.protocol,
      portRange: f.portRange,
      sourceCidr: f.sourceCidr ?? absentField(),
      sourceIpv6Cidr: absentField(),
      sourceGroupId: f.sourceGroupId ?? absentField(),
      prefixListId: absentField(),
      priority: f.priority,
    };
    const deps = [...(this.call.instancesUnknown?.deps ?? []), ...(this.extraUnknown ?? [])];
    if (this.call.instancesUnknown || this.extraUnknown || partial) {
      c.instancesUnknown = true;
      c.instancesDeps = [...new Set(deps)];
    }
    this.out.push(c);
  }

  /** A field from a value found inside argument `arg`. */
  field(v: Value, kind: 'string' | 'number', arg: Loc | undefined): FieldValue<never> {
    return fieldOf(v, kind, locIn(v, arg, this.call.sourceLoc));
  }

  /** `${from}/${to}` for a port range built from two values. */
  range(from: Value, to: Value, loc: Loc | undefined): FieldValue<string> {
    if (isUnknown(from) || isUnknown(to))
      return { state: 'unknown', trace: [], deps: depsOf(list([from, to])), ...(loc ? { loc } : {}) };
    const a = asString(from);
    const b = asString(to);
    if (a.t !== 'string' || b.t !== 'string')
      return { state: 'unknown', trace: [], deps: [], ...(loc ? { loc } : {}) };
    const trace = from.trace ?? to.trace ?? [];
    return { state: 'known', value: `${a.v}/${b.v}`, trace, ...(loc ? { loc } : {}) };
  }

  /** Protocol and ports of a named rule; unknown when the name is unknown or not in the table. */
  named(name: Value, loc: Loc | undefined): { protocol: FieldValue<string>; portRange: FieldValue<string> } {
    const rule = name.t === 'string' ? NAMED_RULES[name.v] : undefined;
    const at = loc ? { loc } : {};
    if (!rule) {
      const deps = name.t === 'string' ? [`rules["${name.v}"]`] : depsOf(name);
      const u = { state: 'unknown' as const, trace: name.trace ?? [], deps, ...at };
      return { protocol: u, portRange: u };
    }
    const trace = name.trace ?? [];
    return {
      protocol: { state: 'known', value: rule[2], trace, ...at },
      portRange: { state: 'known', value: `${rule[0]}/${rule[1]}`, trace, ...at },
    };
  }
}

export function num(v: Value): number | undefined {
  const n = asNumber(v);
  return n.t === 'number' ? n.v : undefined;
}
