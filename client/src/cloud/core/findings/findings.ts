/**
 * What the tree shows about one security group, judged by the shared rule module only (the same
 * verdict as the editor, the custom Config rule and the remediation function), port lists resolved:
 * risky rules, and rules that cannot be verified (a port list that cannot be read).
 */
import { describePort, type LivePermission } from '../../../../../server/src/risk';
import { judgeLiveGroup, type PortLists } from '../../../../../remediation-fn/src/public';
import type { GroupSummary } from '../api/ecs';
import type { Exposure } from './exposure';

export interface RuleFinding {
  /** `sgr-...` (empty when the API gave none). */
  ruleId: string;
  protocol: string;
  /** The rule's range, or `list prl-…` when it names a port list. */
  portRange: string;
  /** The world source: `0.0.0.0/0` or `::/0`. */
  source: string;
  policy: string;
  priority: string;
  description: string;
  /** The exposed configured ports, e.g. `SSH (22/tcp)`. */
  ports: string[];
  /** The rule module's message: why this is risky (or why it cannot be verified). */
  why: string;
  /** Set when the rule cannot be judged: never revoked on a guess, never shown as clean. */
  cannotVerify?: boolean;
}

export interface GroupFindings {
  accountId: string;
  region: string;
  groupId: string;
  name: string;
  vpcId: string;
  serviceManaged: boolean;
  tags: { TagKey: string; TagValue: string }[];
  findings: RuleFinding[];
  /** Set when the data came from Cloud Config: its annotation, shown when our own verdict is empty. */
  configAnnotation?: string;
  /**
   * Set when the deployed Config rule calls the group compliant but the shared module flags it
   * (the managed rule checks IPv4 0.0.0.0/0 only): what it cannot see.
   */
  ruleBlindSpot?: string;
  /** What the group is attached to (read for groups with findings: findings/exposure.ts). */
  exposure?: Exposure;
}

export interface JudgeOptions {
  ports?: readonly number[];
}

const s = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function ruleOf(p: LivePermission, extra: Pick<RuleFinding, 'source' | 'ports' | 'why'>): RuleFinding {
  const list = s(p.PortRangeListId);
  return {
    ruleId: s(p.SecurityGroupRuleId),
    protocol: s(p.IpProtocol),
    portRange: s(p.PortRange) || (list ? `list ${list}` : '-1/-1'),
    policy: s(p.Policy) || 'Accept',
    priority: s(p.Priority) || '1',
    description: s(p.Description),
    ...extra,
  };
}

/** The risky and unverifiable rules of one group's permissions (after drop-rule shadowing). */
export function judgePermissions(
  permissions: readonly LivePermission[],
  lists: PortLists = new Map(),
  opts: JudgeOptions = {},
): RuleFinding[] {
  const judged = judgeLiveGroup(permissions, lists, opts.ports ? { ports: opts.ports } : {});
  return [
    ...judged.risky.map((r) =>
      ruleOf(r.permission, {
        source: r.source,
        ports: r.exposed.map((e) => describePort(e.port, [e.protocol])),
        why: r.message,
      }),
    ),
    ...judged.unverifiable.map((u) => ({
      ...ruleOf(u.permission, {
        source: s(u.permission.SourceCidrIp) || s(u.permission.Ipv6SourceCidrIp),
        ports: [],
        why: `cannot verify: ${u.reason}`,
      }),
      cannotVerify: true,
    })),
  ];
}

export function groupFindings(
  accountId: string,
  region: string,
  group: GroupSummary,
  permissions: readonly LivePermission[],
  lists: PortLists = new Map(),
  opts: JudgeOptions = {},
): GroupFindings {
  return {
    accountId,
    region,
    groupId: group.SecurityGroupId,
    name: group.SecurityGroupName,
    vpcId: group.VpcId,
    serviceManaged: group.ServiceManaged,
    tags: group.Tags,
    findings: judgePermissions(permissions, lists, opts),
  };
}
