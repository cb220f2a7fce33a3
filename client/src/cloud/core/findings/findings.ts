/**
 * What the tree shows about one security group, judged by the shared rule module only (the same
 * verdict as the editor, the Config sandbox and the remediation function).
 */
import {
  assessGroup,
  describePort,
  fromLivePermission,
  type LivePermission,
} from '../../../../../server/src/risk';
import type { GroupSummary } from '../api/ecs';

export interface RuleFinding {
  /** `sgr-...` (empty when the API gave none). */
  ruleId: string;
  protocol: string;
  portRange: string;
  /** The world source: `0.0.0.0/0` or `::/0`. */
  source: string;
  policy: string;
  priority: string;
  description: string;
  /** The exposed configured ports, e.g. `SSH (22/tcp)`. */
  ports: string[];
  /** The rule module's message: why this is risky. */
  why: string;
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
}

export interface JudgeOptions {
  ports?: readonly number[];
}

const s = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The risky rules of one group's ingress permissions (after drop-rule shadowing). */
export function judgePermissions(
  permissions: readonly LivePermission[],
  opts: JudgeOptions = {},
): RuleFinding[] {
  const ingress = permissions.filter((p) => (p.Direction ?? 'ingress').toLowerCase() === 'ingress');
  const assessed = assessGroup(
    ingress.map((p) => fromLivePermission(p)),
    opts.ports ? { ports: opts.ports } : {},
  );
  const out: RuleFinding[] = [];
  for (const a of assessed) {
    if (!a.riskyPorts) continue;
    const p = ingress[a.index]!;
    out.push({
      ruleId: s(p.SecurityGroupRuleId),
      protocol: s(p.IpProtocol),
      portRange: s(p.PortRange) || '-1/-1',
      source: a.riskyPorts.source,
      policy: s(p.Policy) || 'Accept',
      priority: s(p.Priority) || '1',
      description: s(p.Description),
      ports: a.riskyPorts.exposed.map((e) => describePort(e.port, [e.protocol])),
      why: a.riskyPorts.message,
    });
  }
  return out;
}

export function groupFindings(
  accountId: string,
  region: string,
  group: GroupSummary,
  permissions: readonly LivePermission[],
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
    findings: judgePermissions(permissions, opts),
  };
}
