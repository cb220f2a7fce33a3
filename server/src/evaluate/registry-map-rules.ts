/**
 * The registry module's map-rule inputs: `${dir}_with_cidr_blocks` (and the deprecated
 * `${dir}_with_cidr_block`), `${dir}_with_cidr_blocks_and_ports` and
 * `${dir}_with_source_security_group_id`. Each element is a map; missing keys fall back to the
 * module's defaults or to the named rule it gives.
 */
import type { FieldValue, Loc } from '../model/types';
import { fieldOf } from '../model/extract';
import { asString } from './convert';
import { elements, entry, locIn, num, type Generator, type Input } from './registry-generator';
import { NAMED_RULES } from './registry-rules';
import { isUnknown, list, str, type Value } from './value';

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

export function withCidrBlocks(
  g: Generator,
  dir: 'ingress' | 'egress',
  cidrBlocks: Input,
  dflt: Input,
): void {
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

export function withCidrBlocksAndPorts(
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

export function withSourceGroup(g: Generator, dir: 'ingress' | 'egress'): void {
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
