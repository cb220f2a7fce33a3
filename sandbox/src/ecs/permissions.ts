/**
 * Turning `Permissions.N.*` request fields into stored rules, and matching revoke tuples against
 * them, with the API's normalisation (upper-case protocol, `Accept`/`Drop`, priority as a string).
 */
import ipaddr from 'ipaddr.js';
import { errors } from '../http/errors';
import { newId } from '../ids';
import { lookupTable } from '../names';
import { ecsErrors } from './errors';
import type { SandboxState, SecurityGroup, SgRule } from '../state';
import { portListFor } from './port-lists';

const PROTOCOLS = lookupTable({
  tcp: 'TCP',
  udp: 'UDP',
  icmp: 'ICMP',
  icmpv6: 'ICMPv6',
  gre: 'GRE',
  all: 'ALL',
});

/** A requested permission with defaults applied, before it gets an id. */
export type RuleFields = Omit<SgRule, 'SecurityGroupRuleId' | 'CreateTime' | 'seq'>;

export const EMPTY_RULE: Omit<RuleFields, 'Direction' | 'IpProtocol' | 'PortRange' | 'Policy' | 'Priority'> =
  {
    SourceCidrIp: '',
    Ipv6SourceCidrIp: '',
    SourceGroupId: '',
    SourcePrefixListId: '',
    SourcePortRange: '',
    DestCidrIp: '',
    Ipv6DestCidrIp: '',
    DestGroupId: '',
    DestPrefixListId: '',
    NicType: 'intranet',
    Description: '',
  };

function protocol(raw: string | undefined): string {
  if (raw === undefined || raw === '') throw errors.missingParameter('IpProtocol');
  const p = PROTOCOLS[raw.toLowerCase()];
  if (!p) throw ecsErrors.ipProtocol(raw);
  return p;
}

/** tcp/udp need `a/b` in 1..65535; the others only take `-1/-1` (the API's own check). */
function portRange(proto: string, raw: string | undefined): string {
  const value =
    raw === undefined || raw === '' ? (proto === 'TCP' || proto === 'UDP' ? undefined : '-1/-1') : raw;
  if (value === undefined) throw errors.missingParameter('PortRange');
  const m = /^(-?\d+)\/(-?\d+)$/.exec(value.trim());
  const bad = () => ecsErrors.portRange(value, proto);
  if (!m) throw bad();
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (proto === 'TCP' || proto === 'UDP') {
    if (from < 1 || to > 65535 || from > to) throw bad();
  } else if (from !== -1 || to !== -1) throw bad();
  return `${from}/${to}`;
}

function policy(raw: string | undefined): 'Accept' | 'Drop' {
  if (raw === undefined || raw === '' || raw.toLowerCase() === 'accept') return 'Accept';
  if (raw.toLowerCase() === 'drop') return 'Drop';
  throw ecsErrors.policy(raw);
}

function priority(raw: string | undefined): string {
  if (raw === undefined || raw === '') return '1';
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 100) {
    throw ecsErrors.priority(raw);
  }
  return String(Number(raw));
}

function cidr(name: string, raw: string | undefined, family: 'ipv4' | 'ipv6'): string {
  if (raw === undefined || raw === '') return '';
  const t = raw.trim();
  let ok = false;
  try {
    const addr = t.includes('/') ? ipaddr.parseCIDR(t)[0] : ipaddr.parse(t);
    ok = addr.kind() === family;
  } catch {
    ok = false;
  }
  if (!ok)
    throw errors.invalidParameter(
      name,
      `"${raw}" is not an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} CIDR block`,
    );
  return t;
}

/** Builds the stored fields of one requested permission (`direction` decides source vs destination). */
export function ruleFromRequest(
  p: Record<string, string>,
  direction: 'ingress' | 'egress',
  group: SecurityGroup,
  state: SandboxState,
): RuleFields {
  const IpProtocol = protocol(p.IpProtocol);
  // A rule may name a port list instead of a range (a given PortRange wins, as the model says).
  const listId = (p.PortRangeListId ?? '').trim();
  const viaList =
    listId !== '' && (p.PortRange ?? '') === '' && (IpProtocol === 'TCP' || IpProtocol === 'UDP');
  if (viaList) portListFor(state, listId, group.RegionId);
  const r: RuleFields = {
    ...EMPTY_RULE,
    Direction: direction,
    IpProtocol,
    PortRange: viaList ? '' : portRange(IpProtocol, p.PortRange),
    ...(viaList ? { PortRangeListId: listId } : {}),
    Policy: policy(p.Policy),
    Priority: priority(p.Priority),
    NicType: p.NicType ? p.NicType.toLowerCase() : 'intranet',
    Description: p.Description ?? '',
    SourcePortRange: p.SourcePortRange ?? '',
  };
  if (direction === 'ingress') {
    r.SourceCidrIp = cidr('SourceCidrIp', p.SourceCidrIp, 'ipv4');
    r.Ipv6SourceCidrIp = cidr('Ipv6SourceCidrIp', p.Ipv6SourceCidrIp, 'ipv6');
    r.SourceGroupId = p.SourceGroupId ?? '';
    r.SourcePrefixListId = p.SourcePrefixListId ?? '';
  } else {
    r.DestCidrIp = cidr('DestCidrIp', p.DestCidrIp, 'ipv4');
    r.Ipv6DestCidrIp = cidr('Ipv6DestCidrIp', p.Ipv6DestCidrIp, 'ipv6');
    r.DestGroupId = p.DestGroupId ?? '';
    r.DestPrefixListId = p.DestPrefixListId ?? '';
  }
  const peers =
    direction === 'ingress'
      ? [r.SourceCidrIp, r.Ipv6SourceCidrIp, r.SourceGroupId, r.SourcePrefixListId]
      : [r.DestCidrIp, r.Ipv6DestCidrIp, r.DestGroupId, r.DestPrefixListId];
  const set = peers.filter((x) => x !== '').length;
  const what = direction === 'ingress' ? 'SourceCidrIp' : 'DestCidrIp';
  if (set === 0) throw errors.missingParameter(what);
  if (set > 1)
    throw errors.invalidParameter(what, 'give exactly one of the CIDR, IPv6 CIDR, group or prefix list');
  const peerGroup = direction === 'ingress' ? r.SourceGroupId : r.DestGroupId;
  if (peerGroup !== '') {
    const other = state.securityGroups[peerGroup];
    if (!other || other.RegionId !== group.RegionId) {
      throw ecsErrors.groupNotFound(peerGroup);
    }
  }
  return r;
}

const IDENTITY_FIELDS = [
  'Direction',
  'IpProtocol',
  'PortRange',
  'SourceCidrIp',
  'Ipv6SourceCidrIp',
  'SourceGroupId',
  'SourcePrefixListId',
  'SourcePortRange',
  'DestCidrIp',
  'Ipv6DestCidrIp',
  'DestGroupId',
  'DestPrefixListId',
  'Policy',
  'Priority',
  'NicType',
] as const;

/** Two rules are the same rule when every field but the id, description and time agree. */
export function sameRule(a: RuleFields, b: RuleFields): boolean {
  return (
    IDENTITY_FIELDS.every((f) => a[f].toLowerCase() === b[f].toLowerCase()) &&
    (a.PortRangeListId ?? '') === (b.PortRangeListId ?? '')
  );
}

export function storeRule(state: SandboxState, fields: RuleFields, now: string): SgRule {
  return { SecurityGroupRuleId: newId(state, 'sgr-'), ...fields, CreateTime: now, seq: state.idSeq };
}
