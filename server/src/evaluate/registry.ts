/**
 * The registry module `alibaba/security-group/alicloud` (and its `//modules/<name>` submodules):
 * we do not have its source at lint time, so its rule-generating logic (main.tf at commit 46e53d4)
 * is reproduced here over the call's evaluated arguments. Each generated rule becomes a
 * `registry-module` candidate whose fields point at the module argument that carries the value.
 */
import type { Block } from '../parse/ast';
import type { FieldValue, Loc, ModuleCallFrame, RuleCandidate } from '../model/types';
import { absentField, fieldOf, knownField } from '../model/extract';
import { asNumber, asString } from './convert';
import { NAMED_RULES, SUBMODULE_RULES } from './registry-rules';
import { child, depsOf, isUnknown, list, str, type Value } from './value';

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

interface Input {
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
function locIn(v: Value, arg: Loc | undefined, fallback?: Loc): Loc | undefined {
  if (within(v.literal, arg)) return v.literal;
  if (within(v.origin, arg)) return v.origin;
  return arg ?? fallback;
}

const elements = (v: Value): Value[] | undefined =>
  v.t === 'list' ? v.items.map((i) => child(v, i)) : undefined;

/** `lookup(obj, key, null)`: the entry when present and not null. */
function entry(obj: Value, key: string): Value | undefined {
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

class Generator {
  readonly out: RuleCandidate[] = [];
  constructor(
    private readonly call: RegistryCall,
    private readonly groupKey: string,
    private readonly extraUnknown: string[] | undefined,
  ) {}

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
    },
    partial = false,
  ): void {
    const c: RuleCandidate = {
      address: this.call.address,
      kind: 'registry-module',
      block: { file: this.call.file, range: this.call.block.range },
      modulePath: this.call.modulePath,
      groupKey: this.groupKey,
      direction: knownField(direction, dirLoc),
      policy: absentField(),
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

function num(v: Value): number | undefined {
  const n = asNumber(v);
  return n.t === 'number' ? n.v : undefined;
}

/** Every rule a registry security-group module call creates. */
export function registryCandidates(call: RegistryCall): RuleCandidate[] {
  const probe = new Generator(call, '', undefined);
  const existing = probe.input('existing_group_id', str(''));
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

/** `${dir}_rules` x `${dir}_cidr_blocks` (plus a submodule's automatic rules). */
function namedRules(
  g: Generator,
  call: RegistryCall,
  dir: 'ingress' | 'egress',
  cidrs: Input,
  dflt: Input,
): void {
  const rulesArg = g.input(`${dir}_rules`, list([]));
  const ruleNames: { name: Value; loc: Loc | undefined }[] = [];
  const sub = call.submodule !== undefined ? SUBMODULE_RULES[call.submodule] : undefined;
  if (sub) {
    const auto = g.input(`auto_${dir}_rules`, list(sub[dir].map((n) => str(n))));
    for (const n of elements(auto.value) ?? [])
      ruleNames.push({ name: n, loc: locIn(n, auto.loc, call.sourceLoc) });
  }
  const userRules = elements(rulesArg.value);
  for (const n of userRules ?? []) ruleNames.push({ name: n, loc: locIn(n, rulesArg.loc) });
  const cidrList = elements(cidrs.value);
  const pFor = g.input(`priority_for_${dir}_rules`, { t: 'number', v: 1 });
  const pForN = num(pFor.value);
  const priority =
    pForN === undefined
      ? fieldOf(pFor.value, 'number', pFor.loc)
      : pForN > 0
        ? fieldOf(pFor.value, 'number', pFor.loc)
        : fieldOf(dflt.value, 'number', dflt.loc);
  if (!userRules || !cidrList) {
    // The list of rules or CIDRs is unknown: one stand-in rule for "whatever it generates".
    if (!userRules && ruleNames.length === 0) ruleNames.push({ name: rulesArg.value, loc: rulesArg.loc });
    const cidr = cidrList ? undefined : fieldOf(cidrs.value, 'string', cidrs.loc);
    for (const r of ruleNames) {
      for (const c of cidrList ?? [cidrs.value]) {
        g.emit(
          dir,
          rulesArg.loc ?? cidrs.loc,
          { ...g.named(r.name, r.loc), sourceCidr: cidr ?? g.field(c, 'string', cidrs.loc), priority },
          true,
        );
      }
    }
    return;
  }
  const seen = new Set<string>();
  for (const r of ruleNames) {
    const key = r.name.t === 'string' ? r.name.v : undefined;
    if (key === '' || (key !== undefined && seen.has(key))) continue; // compact(distinct(...)) in the submodules
    if (key !== undefined) seen.add(key);
    for (const c of cidrList) {
      g.emit(dir, rulesArg.loc ?? cidrs.loc, {
        ...g.named(r.name, r.loc),
        sourceCidr: g.field(c, 'string', cidrs.loc),
        priority,
      });
    }
  }
}

/** CIDRs of a map rule: its `cidr_blocks` split on commas, else the module's `${dir}_cidr_blocks`. */
function cidrsOf(obj: Value, cidrBlocks: Input): { values: Value[]; loc: Loc | undefined } | Value {
  const own = entry(obj, 'cidr_blocks');
  if (!own)
    return elements(cidrBlocks.value)
      ? { values: elements(cidrBlocks.value)!, loc: cidrBlocks.loc }
      : cidrBlocks.value;
  if (isUnknown(own)) return own;
  const s = asString(own);
  if (s.t !== 'string') return s;
  const parts = s.v.split(',');
  // A lone CIDR keeps its literal; a comma list points at the whole string.
  const values = parts.length === 1 ? [own] : parts.map((p) => str(p, { trace: own.trace ?? [] }));
  return { values, loc: own.literal };
}

function mapRules(
  g: Generator,
  dir: 'ingress' | 'egress',
  argName: string,
  each: (obj: Value, arg: Input) => void,
): void {
  const arg = g.input(argName, list([]));
  const objs = elements(arg.value);
  if (!objs) {
    if (isUnknown(arg.value)) {
      const u = fieldOf(arg.value, 'string', arg.loc);
      g.emit(dir, arg.loc, { protocol: u, portRange: u, sourceCidr: u, priority: u }, true);
    }
    return;
  }
  for (const obj of objs) {
    if (obj.t === 'map') {
      each(obj, arg);
      continue;
    }
    // An element that is not a known map: a rule exists, but what it opens cannot be known.
    const u = fieldOf(obj, 'string', locIn(obj, arg.loc));
    g.emit(dir, arg.loc, { protocol: u, portRange: u, sourceCidr: u, priority: u }, true);
  }
}

/** From/to ports and protocol of a map rule: its own keys, else its named `rule`, else 0/0 and "". */
function portsOf(
  g: Generator,
  obj: Value,
  arg: Input,
  deprecated: boolean,
): { protocol: FieldValue<string>; portRange: FieldValue<string> } {
  const rule = entry(obj, 'rule');
  const named = rule?.t === 'string' ? NAMED_RULES[rule.v] : undefined;
  const fallback = (i: 0 | 1 | 2): Value =>
    rule || deprecated
      ? named
        ? i === 2
          ? str(named[2])
          : { t: 'number', v: named[i] }
        : rule && isUnknown(rule)
          ? rule
          : str('')
      : i === 2
        ? str('')
        : { t: 'number', v: 0 };
  const from = entry(obj, 'from_port') ?? fallback(0);
  const to = entry(obj, 'to_port') ?? fallback(1);
  const protocol = entry(obj, 'protocol') ?? fallback(2);
  const portLoc = locIn(entry(obj, 'from_port') ?? rule ?? obj, arg.loc);
  return {
    protocol: g.field(protocol, 'string', arg.loc),
    portRange: g.range(from, to, portLoc),
  };
}

function withCidrBlocks(g: Generator, dir: 'ingress' | 'egress', cidrBlocks: Input, dflt: Input): void {
  mapRules(g, dir, `${dir}_with_cidr_blocks`, (obj, arg) => {
    const ports = portsOf(g, obj, arg, false);
    const priority = entry(obj, 'priority');
    const prio = priority ? g.field(priority, 'number', arg.loc) : fieldOf(dflt.value, 'number', dflt.loc);
    const cidrs = cidrsOf(obj, cidrBlocks);
    if (!('values' in cidrs)) {
      g.emit(dir, arg.loc, { ...ports, sourceCidr: g.field(cidrs, 'string', arg.loc), priority: prio }, true);
      return;
    }
    for (const c of cidrs.values) {
      g.emit(dir, arg.loc, {
        ...ports,
        sourceCidr: g.field(c, 'string', cidrs.loc ?? arg.loc),
        priority: prio,
      });
    }
  });
  // The deprecated single-CIDR form.
  mapRules(g, dir, `${dir}_with_cidr_block`, (obj, arg) => {
    const ports = portsOf(g, obj, arg, true);
    const priority = entry(obj, 'priority');
    const prio = priority ? g.field(priority, 'number', arg.loc) : fieldOf(dflt.value, 'number', dflt.loc);
    let cidr = entry(obj, 'cidr_block');
    if (!cidr) {
      const blocks = entry(obj, 'cidr_blocks');
      const s = blocks ? asString(blocks) : str('');
      cidr = s.t === 'string' ? str(s.v.split(',')[0]!, { trace: blocks?.trace ?? [] }) : s;
    }
    g.emit(dir, arg.loc, { ...ports, sourceCidr: g.field(cidr, 'string', arg.loc), priority: prio });
  });
}

function withCidrBlocksAndPorts(
  g: Generator,
  dir: 'ingress' | 'egress',
  cidrBlocks: Input,
  dflt: Input,
): void {
  const ports = g.input(`${dir}_ports`, list([]));
  const legacyPorts = g.input(`${dir}_with_ports`, list([]));
  const portList = ports.value.t === 'list' && ports.value.items.length > 0 ? ports : legacyPorts;
  const pFor = g.input(`priority_for_${dir}_with_ports`, { t: 'number', v: 1 });
  const pForN = num(pFor.value);
  const defaultProtocol = g.input(`protocol_for_${dir}_with_ports`, str('tcp'));
  mapRules(g, dir, `${dir}_with_cidr_blocks_and_ports`, (obj, arg) => {
    const priority = entry(obj, 'priority');
    const prio = priority
      ? g.field(priority, 'number', arg.loc)
      : pForN !== undefined && pForN > 0
        ? fieldOf(pFor.value, 'number', pFor.loc)
        : pForN === undefined
          ? fieldOf(pFor.value, 'number', pFor.loc)
          : fieldOf(dflt.value, 'number', dflt.loc);
    const protoValue = entry(obj, 'protocol');
    const protocol = protoValue
      ? g.field(protoValue, 'string', arg.loc)
      : fieldOf(defaultProtocol.value, 'string', defaultProtocol.loc);
    const own = entry(obj, 'ports');
    let portValues: { v: Value; loc: Loc | undefined }[];
    if (own) {
      const s = asString(own);
      portValues =
        s.t === 'string'
          ? s.v.split(',').map((p) => ({ v: str(p, { trace: own.trace ?? [] }), loc: locIn(own, arg.loc) }))
          : [{ v: s, loc: arg.loc }];
    } else {
      const ps = elements(portList.value);
      portValues = ps
        ? ps.map((p) => ({ v: p, loc: locIn(p, portList.loc, arg.loc) }))
        : [{ v: portList.value, loc: portList.loc }];
    }
    const cidrs = cidrsOf(obj, cidrBlocks);
    const cidrValues =
      'values' in cidrs
        ? cidrs.values.map((c) => g.field(c, 'string', cidrs.loc ?? arg.loc))
        : [g.field(cidrs, 'string', arg.loc)];
    for (const c of cidrValues) {
      for (const p of portValues) {
        g.emit(
          dir,
          arg.loc,
          { protocol, portRange: g.range(p.v, p.v, p.loc), sourceCidr: c, priority: prio },
          !('values' in cidrs),
        );
      }
    }
  });
}

function withSourceGroup(g: Generator, dir: 'ingress' | 'egress'): void {
  // The module gives these rules the egress default priority, whatever the direction.
  const dflt = g.input('default_egress_priority', { t: 'number', v: 50 });
  mapRules(g, dir, `${dir}_with_source_security_group_id`, (obj, arg) => {
    const ports = portsOf(g, obj, arg, false);
    const priority = entry(obj, 'priority');
    const prio = priority ? g.field(priority, 'number', arg.loc) : fieldOf(dflt.value, 'number', dflt.loc);
    const sg = entry(obj, 'source_security_group_id') ?? str('');
    g.emit(dir, arg.loc, { ...ports, sourceGroupId: g.field(sg, 'string', arg.loc), priority: prio });
  });
}
