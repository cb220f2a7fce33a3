/** Live ECS permissions (DescribeSecurityGroupAttribute) as the rule module's normalised rules. */
import type { NormalisedRule } from './types';

/** A permission as ECS DescribeSecurityGroupAttribute (and Config's configuration JSON) returns it. */
export interface LivePermission {
  SecurityGroupRuleId?: string;
  Direction?: string;
  IpProtocol?: string;
  PortRange?: string;
  SourceCidrIp?: string;
  Ipv6SourceCidrIp?: string;
  SourceGroupId?: string;
  SourcePrefixListId?: string;
  Policy?: string;
  Priority?: number | string;
  [k: string]: unknown;
}

const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s === '' ? undefined : s);

/** Normalises a live ECS permission; empty strings (how the API says "not set") become absent. */
export function fromLivePermission(p: LivePermission): NormalisedRule {
  const priority = p.Priority === undefined || p.Priority === '' ? undefined : Number(p.Priority);
  return {
    direction: p.Direction ?? 'ingress',
    policy: nonEmpty(p.Policy),
    protocol: p.IpProtocol ?? '',
    portRange: nonEmpty(p.PortRange),
    sourceCidr: nonEmpty(p.SourceCidrIp),
    sourceIpv6Cidr: nonEmpty(p.Ipv6SourceCidrIp),
    sourceGroupId: nonEmpty(p.SourceGroupId),
    prefixListId: nonEmpty(p.SourcePrefixListId),
    priority: priority !== undefined && Number.isFinite(priority) ? priority : undefined,
  };
}
