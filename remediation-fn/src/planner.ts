/**
 * The pure decision: given a group's live ingress permissions, its tags and the settings, exactly
 * which rules to revoke and, in narrow mode, which trusted-CIDR rules to add first. "Risky" is
 * decided only by the shared rule module (riskyRules), the same verdict the editor shows.
 */
import { parseCidr } from '../../server/src/risk';
import type { LivePermission } from '../../server/src/risk';
import type { AuthorizePermission, GroupInfo } from './ecs-api';
import { ingressOnly, judgeLiveGroup, type PortLists } from './judge';
import type { Settings, TrustedCidr } from './settings';

export type GroupSkipReason = 'service-managed' | 'exempt-tag';
/** `cannot-verify`: its ports are unknown (a port list that cannot be read): never revoked on a guess. */
export type RuleSkipReason = 'no-rule-id' | 'cannot-verify';

export interface PlannedRevoke {
  ruleId: string;
  /** The live permission as ECS returned it: what a human needs to restore it. */
  permission: LivePermission;
  /** The rule module's message, e.g. "opens SSH (22/tcp) to the whole Internet (0.0.0.0/0)". */
  finding: string;
  /** Narrow mode: trusted-CIDR rules to authorize before revoking this one. */
  authorize: AuthorizePermission[];
  /** Narrow mode: trusted CIDRs that already have an equivalent accept rule (nothing to add). */
  alreadyAuthorized: string[];
  /** Narrow mode: earlier rules of this plan whose authorizations also serve this one. */
  reliesOn: string[];
}

export interface Plan {
  revoke: PlannedRevoke[];
  skipped: { ruleId?: string; reason: RuleSkipReason; finding: string }[];
}

export type PlanSettings = Pick<Settings, 'ports' | 'mode' | 'trustedCidrs' | 'exemptTag'>;

/** Why a whole group is left alone, or undefined when it is in scope. */
export function groupSkipReason(
  group: GroupInfo,
  exemptTag: Settings['exemptTag'],
): GroupSkipReason | undefined {
  if (group.ServiceManaged === true) return 'service-managed';
  const tagged = group.Tags.some(
    (t) =>
      t.TagKey === exemptTag.key && (exemptTag.value === undefined || (t.TagValue ?? '') === exemptTag.value),
  );
  return tagged ? 'exempt-tag' : undefined;
}

const lc = (s: unknown): string => (typeof s === 'string' ? s.trim().toLowerCase() : '');

/** The port range ECS stores for a protocol: `all`/icmp/gre carry -1/-1 whatever was asked. */
function effectiveRange(p: LivePermission): string {
  return lc(p.IpProtocol) === 'all' ? '-1/-1' : (p.PortRange ?? '-1/-1').trim();
}

function sourceOf(p: LivePermission): string {
  return lc(p.SourceCidrIp) || lc(p.Ipv6SourceCidrIp);
}

function grantKey(protocol: string, range: string, cidr: string): string {
  return `${lc(protocol)}|${range}|${cidr.trim().toLowerCase()}`;
}

function replacementFor(p: LivePermission, trusted: TrustedCidr, ruleId: string): AuthorizePermission {
  const grant: AuthorizePermission = {
    IpProtocol: String(p.IpProtocol ?? '').toUpperCase(),
    PortRange: effectiveRange(p),
    Policy: 'accept',
    Description: `sg-guard: narrowed from world-open rule ${ruleId}`,
  };
  if (trusted.family === 'ipv4') grant.SourceCidrIp = trusted.cidr;
  else grant.Ipv6SourceCidrIp = trusted.cidr;
  if (p.Priority !== undefined && p.Priority !== '') grant.Priority = String(p.Priority);
  if (typeof p.NicType === 'string' && p.NicType !== '') grant.NicType = p.NicType;
  return grant;
}

/**
 * The plan for one in-scope group. Narrow mode replaces a world rule by the trusted CIDRs of the same
 * address family (an IPv6 range does not serve IPv4 clients); with none of that family the world
 * rule is still revoked, since leaving it open is what the guardrail exists to prevent.
 */
export function planGroup(
  permissions: readonly LivePermission[],
  settings: PlanSettings,
  portLists: PortLists = new Map(),
): Plan {
  const live = ingressOnly(permissions);
  const judged = judgeLiveGroup(live, portLists, { ports: settings.ports });
  const existing = new Set<string>(
    live
      .filter((p) => lc(p.Policy) !== 'drop')
      .map((p) => grantKey(String(p.IpProtocol ?? ''), effectiveRange(p), sourceOf(p))),
  );
  // Grants this plan will add, and for which rule: a later rule needing the same one relies on it.
  const planned = new Map<string, string>();
  const plan: Plan = { revoke: [], skipped: [] };
  for (const u of judged.unverifiable) {
    const id = typeof u.permission.SecurityGroupRuleId === 'string' ? u.permission.SecurityGroupRuleId : '';
    plan.skipped.push({
      ...(id ? { ruleId: id } : {}),
      reason: 'cannot-verify',
      finding: `cannot verify: ${u.reason}`,
    });
  }
  for (const v of judged.risky) {
    const permission = v.permission;
    const finding = v.message;
    const ruleId =
      typeof permission.SecurityGroupRuleId === 'string' ? permission.SecurityGroupRuleId.trim() : '';
    if (ruleId === '') {
      plan.skipped.push({ reason: 'no-rule-id', finding });
      continue;
    }
    const item: PlannedRevoke = {
      ruleId,
      permission,
      finding,
      authorize: [],
      alreadyAuthorized: [],
      reliesOn: [],
    };
    if (settings.mode === 'narrow') {
      const family = parseCidr(v.source)?.family;
      for (const trusted of settings.trustedCidrs.filter((t) => t.family === family)) {
        const key = grantKey(String(permission.IpProtocol ?? ''), effectiveRange(permission), trusted.cidr);
        const plannedBy = planned.get(key);
        if (existing.has(key) || plannedBy !== undefined) {
          item.alreadyAuthorized.push(trusted.cidr);
          if (plannedBy !== undefined && !item.reliesOn.includes(plannedBy)) item.reliesOn.push(plannedBy);
          continue;
        }
        planned.set(key, ruleId);
        item.authorize.push(replacementFor(permission, trusted, ruleId));
      }
    }
    plan.revoke.push(item);
  }
  return plan;
}
