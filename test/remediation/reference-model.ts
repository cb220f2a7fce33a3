/**
 * A reference model of "which live rules are risky", written from ../shared/spec/rule-semantics.md
 * alone — nothing from server/src/risk — so the planner (and the rule module) can be judged against
 * something they do not share code with. Deliberately plain: every configured port is tried one by one.
 *
 * A live permission is risky when it is ingress, accept (Policy absent = accept), from a CIDR of
 * prefix length 0, and opens a configured port over tcp or udp (`all` opens every port whatever
 * PortRange says; icmp/icmpv6/gre never), and no drop rule closes that port: a drop rule of the same
 * group, ingress, from the world of the same address family, for that protocol (or all) and port, at
 * a priority number lower than or equal to the accept rule's (absent = 1; on a tie drop wins).
 */
import fc from 'fast-check';
import { isIPv4, isIPv6 } from 'node:net';
import type { LivePermission } from '../../server/src/risk';

const lower = (s: unknown): string => (typeof s === 'string' ? s.trim().toLowerCase() : '');

/** `ipv4`/`ipv6` when the text is an address of that family with prefix length 0. */
function worldFamily(cidr: unknown): 'ipv4' | 'ipv6' | undefined {
  if (typeof cidr !== 'string') return undefined;
  const [address, length, extra] = cidr.trim().split('/');
  if (extra !== undefined || length === undefined || !/^\d+$/.test(length) || Number(length) !== 0)
    return undefined;
  if (isIPv4(address!)) return 'ipv4';
  if (isIPv6(address!)) return 'ipv6';
  return undefined;
}

/** The world family this permission is open to: its IPv4 source first, then its IPv6 source. */
function sourceWorld(p: LivePermission): 'ipv4' | 'ipv6' | undefined {
  return worldFamily(p.SourceCidrIp) ?? worldFamily(p.Ipv6SourceCidrIp);
}

function opens(p: LivePermission, port: number, protocol: 'tcp' | 'udp'): boolean {
  const proto = lower(p.IpProtocol);
  if (proto === 'all') return true;
  if (proto !== protocol) return false;
  const range = (p.PortRange ?? '').trim();
  if (range === '' || range === '-1/-1') return true;
  const [from, to] = range.split('/').map(Number);
  return from! <= port && port <= to!;
}

const isIngress = (p: LivePermission): boolean =>
  p.Direction === undefined || lower(p.Direction) === 'ingress';
const isAccept = (p: LivePermission): boolean => lower(p.Policy) === '' || lower(p.Policy) === 'accept';
const isDrop = (p: LivePermission): boolean => lower(p.Policy) === 'drop';
const priority = (p: LivePermission): number =>
  p.Priority === undefined || p.Priority === '' ? 1 : Number(p.Priority);

/** The permissions of `group` that remediation must revoke, for the configured `ports`. */
export function referenceRisky(group: readonly LivePermission[], ports: readonly number[]): LivePermission[] {
  return group.filter((p) => {
    if (!isIngress(p) || !isAccept(p)) return false;
    const family = sourceWorld(p);
    if (family === undefined) return false;
    return ports.some((port) =>
      (['tcp', 'udp'] as const).some(
        (protocol) =>
          opens(p, port, protocol) &&
          !group.some(
            (d) =>
              d !== p &&
              isIngress(d) &&
              isDrop(d) &&
              sourceWorld(d) === family &&
              priority(d) <= priority(p) &&
              opens(d, port, protocol),
          ),
      ),
    );
  });
}

/** `22,8000-8010` → every port it names. */
export function expandPorts(list: string): number[] {
  return list.split(',').flatMap((item) => {
    const [a, b] = item.split('-').map(Number);
    return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i);
  });
}

/** Port lists the properties run with: the defaults, one port, a range, both ends of 1..65535. */
export const portLists = fc.constantFrom('22,3389', '22', '3389', '80,443', '22,8000-8010', '1,65535');

/** Ports near the configured ones (both sides of each), and anything else. */
const port = fc.oneof(
  fc.constantFrom(1, 2, 21, 22, 23, 79, 80, 81, 443, 3388, 3389, 3390, 7999, 8000, 8010, 8011, 65534, 65535),
  fc.integer({ min: 1, max: 65535 }),
);
const range = fc.tuple(port, port).map(([a, b]) => `${Math.min(a, b)}/${Math.max(a, b)}`);

const source = fc.oneof(
  fc.constant({ SourceCidrIp: '0.0.0.0/0' }),
  fc.constant({ SourceCidrIp: '10.9.8.7/0' }),
  fc.constant({ Ipv6SourceCidrIp: '::/0' }),
  fc.constant({ Ipv6SourceCidrIp: '2001:db8::/0' }),
  fc.constant({ SourceCidrIp: '0.0.0.0/1' }),
  fc.constant({ SourceCidrIp: '203.0.113.0/24' }),
  fc.constant({ Ipv6SourceCidrIp: '2001:db8::/32' }),
  fc.constant({ Ipv6SourceCidrIp: '::/1' }),
  fc.constant({ SourceGroupId: 'sg-peer' }),
  fc.constant({ SourcePrefixListId: 'pl-office' }),
);

/**
 * A live permission as ECS returns it (every field present, empty when unset), with the spellings
 * the API and older SDKs use. Egress rules carry a world destination, and sometimes a world source too.
 */
export const livePermission = fc
  .record({
    Direction: fc.constantFrom('ingress', 'ingress', 'ingress', 'Ingress', 'egress', 'egress', 'EGRESS'),
    protocol: fc.constantFrom('TCP', 'TCP', 'tcp', 'UDP', 'udp', 'ALL', 'all', 'ICMP', 'ICMPv6', 'GRE'),
    range,
    source,
    egressSourceToo: fc.boolean(),
    Policy: fc.constantFrom('Accept', 'Accept', 'accept', '', 'Drop', 'drop'),
    Priority: fc.oneof(fc.integer({ min: 1, max: 100 }).map(String), fc.constantFrom('1', '2', '')),
  })
  .map(({ protocol, range: r, source: src, egressSourceToo, ...rest }) => {
    const tcpUdp = protocol.toLowerCase() === 'tcp' || protocol.toLowerCase() === 'udp';
    const egress = rest.Direction.toLowerCase() === 'egress';
    return {
      Direction: rest.Direction,
      IpProtocol: protocol,
      PortRange: tcpUdp ? r : '-1/-1',
      SourceCidrIp: '',
      Ipv6SourceCidrIp: '',
      SourceGroupId: '',
      SourcePrefixListId: '',
      DestCidrIp: egress ? '0.0.0.0/0' : '',
      Policy: rest.Policy,
      Priority: rest.Priority,
      NicType: 'intranet',
      Description: '',
      ...(egress && !egressSourceToo ? {} : src),
    } satisfies Omit<LivePermission, 'SecurityGroupRuleId'>;
  });
