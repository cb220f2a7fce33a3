/**
 * Carries out a plan against ECS: in narrow mode authorize the trusted replacements first (a rule
 * whose replacement could not be added is left in place, so nobody is locked out), then revoke by
 * rule id in batches of at most 100. A rule already gone counts as done.
 */
import type { LivePermission } from '../../server/src/risk';
import { ECS_ACTIONS } from './actions';
import type { EcsCaller } from './caller';
import { cloudErrorInfo, isRuleGone } from './cloud/errors';
import type { Logger } from './log';
import type { PlannedRevoke, Plan } from './planner';
import type { GroupSummary } from './summary';

export const REVOKE_BATCH = 100;

/** Authorizing a rule that already exists; the exact code is (unverified), so match loosely. */
const isDuplicate = (code: string): boolean => /Duplicate|AlreadyExist/i.test(code);

export interface ExecContext {
  ecs: EcsCaller;
  regionId: string;
  groupId: string;
  log: Logger;
  summary: GroupSummary;
  /** The group's live ingress rules now: a rule the API calls gone must really be gone. */
  reread: () => Promise<LivePermission[]>;
}

const RESTORE_FIELDS = [
  'IpProtocol',
  'PortRange',
  'SourceCidrIp',
  'Ipv6SourceCidrIp',
  'SourceGroupId',
  'SourcePrefixListId',
  'SourcePortRange',
  'Policy',
  'Priority',
  'NicType',
  'Description',
] as const;

/** The AuthorizeSecurityGroup parameters that would put a removed rule back exactly. */
export function restoreRequest(
  regionId: string,
  groupId: string,
  rule: LivePermission,
): Record<string, unknown> {
  const permission: Record<string, unknown> = {};
  for (const f of RESTORE_FIELDS) {
    const v = rule[f];
    if (v !== undefined && v !== '') permission[f] = v;
  }
  return {
    Action: 'AuthorizeSecurityGroup',
    RegionId: regionId,
    SecurityGroupId: groupId,
    Permissions: [permission],
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function authorize(item: PlannedRevoke, ctx: ExecContext): Promise<boolean> {
  if (item.authorize.length === 0) return true;
  try {
    await ctx.ecs.call(ECS_ACTIONS.authorize, {
      RegionId: ctx.regionId,
      SecurityGroupId: ctx.groupId,
      Permissions: item.authorize,
    });
  } catch (e) {
    if (!isDuplicate(cloudErrorInfo(e).code)) {
      recordFailed(item, ctx, 'authorize', e);
      return false;
    }
  }
  for (const p of item.authorize) {
    ctx.log.info('rule-authorized', { replaces: item.ruleId, permission: p });
  }
  return true;
}

function recordRevoked(item: PlannedRevoke, ctx: ExecContext, alreadyGone: boolean): void {
  const outcome = { ruleId: item.ruleId, rule: item.permission, finding: item.finding };
  const withGone = alreadyGone ? { ...outcome, alreadyGone: true } : outcome;
  if (ctx.summary.mode === 'narrow') {
    ctx.summary.narrowed.push({
      ...withGone,
      authorized: item.authorize.map((p) => p.SourceCidrIp ?? p.Ipv6SourceCidrIp ?? ''),
      alreadyAuthorized: item.alreadyAuthorized,
    });
  } else {
    ctx.summary.revoked.push(withGone);
  }
  ctx.log.info(alreadyGone ? 'rule-already-gone' : 'rule-revoked', {
    ruleId: item.ruleId,
    finding: item.finding,
    rule: item.permission,
    restore: restoreRequest(ctx.regionId, ctx.groupId, item.permission),
  });
}

/** A call about `item` failed: in the summary (message redacted) and the log (`authorize-failed`...). */
function recordFailed(
  item: PlannedRevoke,
  ctx: ExecContext,
  stage: 'authorize' | 'revoke',
  e: unknown,
): void {
  const info = cloudErrorInfo(e);
  ctx.summary.failed.push({
    ruleId: item.ruleId,
    stage,
    code: info.code,
    message: ctx.log.redact(info.message),
  });
  ctx.log.error(`${stage}-failed`, { ruleId: item.ruleId, code: info.code, message: info.message });
}

async function revokeIds(ids: string[], ctx: ExecContext): Promise<void> {
  await ctx.ecs.call(ECS_ACTIONS.revoke, {
    RegionId: ctx.regionId,
    SecurityGroupId: ctx.groupId,
    SecurityGroupRuleId: ids,
  });
}

/**
 * One unknown id fails the whole call (see isRuleGone) without saying which, so that batch is
 * retried one rule at a time. A rule the API then calls unknown counts as done only once a fresh
 * read of the group confirms it is absent: the "gone" codes are partly unverified (contract/).
 */
async function revokeBatch(batch: PlannedRevoke[], ctx: ExecContext): Promise<void> {
  try {
    await revokeIds(
      batch.map((b) => b.ruleId),
      ctx,
    );
    for (const item of batch) recordRevoked(item, ctx, false);
    return;
  } catch (e) {
    if (!isRuleGone(e)) {
      for (const item of batch) recordFailed(item, ctx, 'revoke', e);
      return;
    }
  }
  const reportedGone: { item: PlannedRevoke; error: unknown }[] = [];
  for (const item of batch) {
    try {
      await revokeIds([item.ruleId], ctx);
      recordRevoked(item, ctx, false);
    } catch (e) {
      if (isRuleGone(e)) reportedGone.push({ item, error: e });
      else recordFailed(item, ctx, 'revoke', e);
    }
  }
  if (reportedGone.length === 0) return;
  let live: Set<string>;
  try {
    live = new Set((await ctx.reread()).map((p) => String(p.SecurityGroupRuleId ?? '')));
  } catch (e) {
    for (const { item } of reportedGone) recordFailed(item, ctx, 'revoke', e);
    return;
  }
  for (const { item, error } of reportedGone) {
    if (!live.has(item.ruleId)) {
      recordRevoked(item, ctx, true);
      continue;
    }
    const info = cloudErrorInfo(error);
    recordFailed(item, ctx, 'revoke', {
      code: info.code,
      message: `${info.code} says the rule is gone, but the group still has it`,
    });
  }
}

export async function executePlan(plan: Plan, ctx: ExecContext): Promise<void> {
  const ready: PlannedRevoke[] = [];
  const unauthorized = new Set<string>();
  for (const item of plan.revoke) {
    if (ctx.summary.mode !== 'narrow') {
      ready.push(item);
      continue;
    }
    // Revoking a world rule whose replacement is missing could lock people out: keep it.
    const missing = item.reliesOn.find((id) => unauthorized.has(id));
    if (missing !== undefined) {
      const message = `kept: the trusted-CIDR rule added for ${missing} could not be authorized`;
      ctx.summary.failed.push({
        ruleId: item.ruleId,
        stage: 'authorize',
        code: 'ReplacementNotAuthorized',
        message,
      });
      unauthorized.add(item.ruleId);
      continue;
    }
    if (await authorize(item, ctx)) ready.push(item);
    else unauthorized.add(item.ruleId);
  }
  for (const batch of chunks(ready, REVOKE_BATCH)) await revokeBatch(batch, ctx);
}
