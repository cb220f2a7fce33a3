/**
 * One security group end to end: read its tags and live ingress rules from ECS (never a Config
 * snapshot, which may be stale), plan, and carry the plan out unless this is a dry run.
 */
import type { LivePermission } from '../../server/src/risk';
import { ECS_ACTIONS } from './actions';
import type { EcsCaller } from './caller';
import { cloudErrorInfo } from './cloud/errors';
import type { GroupInfo } from './ecs-api';
import type { ResourceRef } from './event';
import { executePlan } from './executor';
import { portListIds, resolvePortLists, type PortLists } from './judge';
import type { Logger } from './log';
import { groupSkipReason, planGroup } from './planner';
import type { Settings } from './settings';
import { emptySummary, finalStatus } from './summary';
import type { GroupSummary } from './summary';

/** The largest page DescribeSecurityGroupAttribute allows; a group has at most a few hundred rules. */
const PAGE_SIZE = 1000;
/** A runaway NextToken loop must not spin forever. */
const MAX_PAGES = 50;
const NOT_FOUND = /^InvalidSecurityGroupId\.NotFound$/;

async function describeGroup(ecs: EcsCaller, ref: ResourceRef): Promise<GroupInfo | undefined> {
  const res = await ecs.call(ECS_ACTIONS.describeGroups, {
    RegionId: ref.regionId,
    SecurityGroupIds: [ref.resourceId],
  });
  return res.SecurityGroups.find((g) => g.SecurityGroupId === ref.resourceId);
}

export async function liveIngress(ecs: EcsCaller, ref: ResourceRef): Promise<LivePermission[]> {
  const out: LivePermission[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await ecs.call(ECS_ACTIONS.describeRules, {
      RegionId: ref.regionId,
      SecurityGroupId: ref.resourceId,
      Direction: 'ingress',
      MaxResults: PAGE_SIZE,
      ...(token ? { NextToken: token } : {}),
    });
    out.push(...res.Permissions);
    token = res.NextToken || undefined;
    if (!token) return out;
  }
  throw Object.assign(new Error(`more than ${MAX_PAGES} pages of rules`), { code: 'TooManyPages' });
}

/** The entries of the port lists the group's rules use; one that cannot be read stays unknown. */
export function livePortLists(
  ecs: EcsCaller,
  ref: ResourceRef,
  permissions: readonly LivePermission[],
): Promise<PortLists> {
  return resolvePortLists(
    portListIds(permissions),
    async (id) => {
      const res = await ecs.call(ECS_ACTIONS.portRangeListEntries, {
        RegionId: ref.regionId,
        PortRangeListId: id,
      });
      return res.Entries.map((e) => e.PortRange).filter(Boolean);
    },
    (e) => cloudErrorInfo(e).code,
  );
}

export async function remediateGroup(
  ref: ResourceRef,
  ecs: EcsCaller,
  settings: Settings,
  baseLog: Logger,
): Promise<GroupSummary> {
  const summary = emptySummary(ref, settings.mode);
  const log = baseLog.with({ regionId: ref.regionId, securityGroupId: ref.resourceId, mode: settings.mode });
  const retriesBefore = ecs.retries;
  const finish = (): GroupSummary => {
    summary.retries = ecs.retries - retriesBefore;
    summary.status = finalStatus(summary);
    log.info('group-summary', {
      summary: { ...summary, revoked: summary.revoked.length, narrowed: summary.narrowed.length },
    });
    return summary;
  };
  let permissions: LivePermission[];
  let portLists: PortLists;
  try {
    const group = await describeGroup(ecs, ref);
    if (!group) {
      summary.skipped.push({ scope: 'group', reason: 'not-found' });
      return finish();
    }
    const reason = groupSkipReason(group, settings.exemptTag);
    if (reason) {
      summary.skipped.push({ scope: 'group', reason });
      return finish();
    }
    permissions = await liveIngress(ecs, ref);
    portLists = await livePortLists(ecs, ref, permissions);
  } catch (e) {
    const info = cloudErrorInfo(e);
    if (NOT_FOUND.test(info.code)) summary.skipped.push({ scope: 'group', reason: 'not-found' });
    else summary.failed.push({ stage: 'describe', code: info.code, message: log.redact(info.message) });
    return finish();
  }
  const plan = planGroup(permissions, settings, portLists);
  for (const s of plan.skipped) {
    summary.skipped.push({
      scope: 'rule',
      ...(s.ruleId ? { ruleId: s.ruleId } : {}),
      reason: s.reason,
      finding: s.finding,
    });
  }
  if (settings.mode === 'dry-run') {
    for (const item of plan.revoke) {
      summary.planned.push({ ruleId: item.ruleId, rule: item.permission, finding: item.finding });
      log.info('rule-would-be-revoked', {
        ruleId: item.ruleId,
        finding: item.finding,
        rule: item.permission,
      });
    }
    return finish();
  }
  await executePlan(plan, {
    ecs,
    regionId: ref.regionId,
    groupId: ref.resourceId,
    log,
    summary,
    reread: () => liveIngress(ecs, ref),
  });
  return finish();
}
