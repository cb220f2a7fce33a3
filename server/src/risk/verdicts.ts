/** The verdicts of one rule on its own: risky ports, every port, an invalid port_range. */
import { isWorldCidr } from './cidr';
import { DEFAULT_RISKY_PORTS, describePort, parsePortRange, serviceName } from './ports';
import type {
  ExposedPort,
  NormalisedRule,
  PublicAccessVerdict,
  RiskOptions,
  RiskyPortsVerdict,
} from './types';

const lc = (s: string | undefined): string => (s ?? '').trim().toLowerCase();

/** `lc(s) === word` for a lower-case `word`; the exact spelling (nearly always) allocates nothing. */
const is = (s: string | undefined, word: string): boolean => s === word || lc(s) === word;

export function isIngress(rule: NormalisedRule): boolean {
  return is(rule.direction, 'ingress');
}

export function isAccept(rule: NormalisedRule): boolean {
  return rule.policy === undefined || is(rule.policy, 'accept');
}

export function isDrop(rule: NormalisedRule): boolean {
  return is(rule.policy, 'drop');
}

/** The world source of the rule (IPv4 first), or undefined when the source is not world-open. */
export function worldSource(rule: NormalisedRule): string | undefined {
  if (isWorldCidr(rule.sourceCidr)) return rule.sourceCidr!.trim();
  if (isWorldCidr(rule.sourceIpv6Cidr)) return rule.sourceIpv6Cidr!.trim();
  return undefined;
}

/** Protocols whose ports a rule opens: `all` opens both tcp and udp; icmp/icmpv6/gre open none. */
export function openedProtocols(rule: NormalisedRule): ('tcp' | 'udp')[] {
  switch (lc(rule.protocol)) {
    case 'tcp':
      return ['tcp'];
    case 'udp':
      return ['udp'];
    case 'all':
      return ['tcp', 'udp'];
    default:
      return [];
  }
}

/**
 * The ports a range would open if applied, read generously: an out-of-bounds end such as `0/65535`
 * (written by modules that think in from_port/to_port) still covers what it names. Undefined when
 * it names nothing (e.g. `30/20` or not a range at all).
 */
function coverageRange(portRange: string | undefined): { from: number; to: number } | undefined {
  const parsed = parsePortRange(portRange);
  if (parsed.kind === 'all') return { from: 1, to: 65535 };
  if (parsed.kind === 'range') return parsed;
  const m = /^\s*(-?\d+)\s*\/\s*(-?\d+)\s*$/.exec(portRange ?? '');
  if (!m) return undefined;
  const from = Math.max(1, Number(m[1]));
  const to = Math.min(65535, Number(m[2]));
  return from <= to ? { from, to } : undefined;
}

/** Every configured port (per protocol) this rule would open, ignoring its source and policy. */
export function coveredPorts(rule: NormalisedRule, options: RiskOptions = {}): ExposedPort[] {
  const ports = options.ports ?? DEFAULT_RISKY_PORTS;
  const protocols = openedProtocols(rule);
  if (protocols.length === 0) return [];
  const allProtocols = lc(rule.protocol) === 'all';
  const range = coverageRange(rule.portRange);
  // `all` opens every port whatever port_range says (the API ignores it).
  const inRange = (p: number): boolean =>
    allProtocols || (range !== undefined && p >= range.from && p <= range.to);
  const out: ExposedPort[] = [];
  for (const port of ports) {
    if (!inRange(port)) continue;
    for (const protocol of protocols) out.push({ port, protocol, service: serviceName(port) });
  }
  return out;
}

/** Groups `22/tcp, 22/udp, 3389/tcp` into `SSH (22/tcp, 22/udp) and RDP (3389/tcp)`. */
export function describeExposed(exposed: readonly ExposedPort[]): string {
  const byPort = new Map<number, string[]>();
  for (const e of exposed) {
    const list = byPort.get(e.port) ?? [];
    if (!list.includes(e.protocol)) list.push(e.protocol);
    byPort.set(e.port, list);
  }
  const parts = [...byPort.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([p, protos]) => describePort(p, protos));
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
}

/** True when the rule is ingress, accept and from a world CIDR. */
export function isWorldOpenIngress(rule: NormalisedRule): boolean {
  return isIngress(rule) && isAccept(rule) && worldSource(rule) !== undefined;
}

export function riskyPortsMessage(
  exposed: readonly ExposedPort[],
  source: string,
  allProtocols: boolean,
): string {
  const what = describeExposed(exposed);
  const where = `to the whole Internet (${source})`;
  return allProtocols
    ? `opens every port and protocol, including ${what}, ${where}`
    : `opens ${what} ${where}`;
}

/**
 * sg-risky-ports-check for one rule on its own (no shadowing): a verdict when the rule is ingress,
 * accept, from a world CIDR, and opens a configured port over tcp/udp; otherwise undefined.
 */
export function assessRiskyPorts(
  rule: NormalisedRule,
  options: RiskOptions = {},
): RiskyPortsVerdict | undefined {
  if (!isWorldOpenIngress(rule)) return undefined;
  const exposed = coveredPorts(rule, options);
  if (exposed.length === 0) return undefined;
  const source = worldSource(rule)!;
  const allProtocols = lc(rule.protocol) === 'all';
  return {
    ruleId: 'sg-risky-ports-check',
    exposed,
    source,
    allProtocols,
    message: riskyPortsMessage(exposed, source, allProtocols),
  };
}

/** True when the rule opens every port: protocol `all`, or tcp/udp with `-1/-1` (or no range). */
export function opensEveryPort(rule: NormalisedRule): boolean {
  const proto = lc(rule.protocol);
  if (proto === 'all') return true;
  if (proto !== 'tcp' && proto !== 'udp') return false;
  const range = coverageRange(rule.portRange);
  return range !== undefined && range.from <= 1 && range.to >= 65535;
}

/** sg-public-access-check: ingress accept from the world opening every port. */
export function assessPublicAccess(rule: NormalisedRule): PublicAccessVerdict | undefined {
  if (!isWorldOpenIngress(rule) || !opensEveryPort(rule)) return undefined;
  return publicAccessVerdict(rule, worldSource(rule)!);
}

/** The public-access verdict of a rule opening every port from `source` (the world, alone or with others). */
export function publicAccessVerdict(rule: NormalisedRule, source: string): PublicAccessVerdict {
  const what =
    lc(rule.protocol) === 'all' ? 'every port of every protocol' : `every ${lc(rule.protocol)} port`;
  return {
    ruleId: 'sg-public-access-check',
    source,
    message: `opens ${what} to the whole Internet (${source})`,
  };
}

/**
 * The port_range the provider rejects at apply time, with the reason; undefined when valid.
 * tcp/udp need `a/b` within 1..65535 with a <= b; icmp/icmpv6/gre/all need `-1/-1`. `names` are
 * the two fields' names in the user's language (ROS says `PortRange` and `IpProtocol`).
 */
export function portRangeProblem(
  protocol: string,
  portRange: string | undefined,
  names: { portRange: string; protocol: string } = { portRange: 'port_range', protocol: 'ip_protocol' },
): string | undefined {
  const proto = lc(protocol);
  const range = parsePortRange(portRange);
  if (portRange !== undefined && range.kind === 'invalid') return range.reason;
  if (proto === 'tcp' || proto === 'udp') {
    if (range.kind === 'all') {
      return `${proto} needs a port range such as "22/22" or "1/65535"; "-1/-1" is only for icmp, gre and all`;
    }
    return undefined;
  }
  if (['icmp', 'icmpv6', 'gre', 'all'].includes(proto) && range.kind !== 'all') {
    return `${names.portRange} must be "-1/-1" when ${names.protocol} is "${proto}"`;
  }
  return undefined;
}
