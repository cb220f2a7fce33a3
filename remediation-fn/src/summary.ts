/** The JSON the handler returns: one summary per resource, saying exactly what happened. */
import type { LivePermission } from '../../server/src/risk';
import type { Mode } from './settings';

export interface RuleOutcome {
  ruleId: string;
  /** The full live rule as ECS returned it before the change. */
  rule: LivePermission;
  finding: string;
  /** The rule was already gone when revoked (InvalidParam.SecurityGroupRuleId): counted as done. */
  alreadyGone?: boolean;
}

export interface NarrowOutcome extends RuleOutcome {
  /** Trusted CIDRs authorized for the same protocol and port range before the revoke. */
  authorized: string[];
  /** Trusted CIDRs that already had an equivalent accept rule. */
  alreadyAuthorized: string[];
}

export interface SkipOutcome {
  /** A whole group (service-managed, exempt, gone, other resource type) or one rule. */
  scope: 'group' | 'rule';
  ruleId?: string;
  reason: string;
  finding?: string;
}

export interface FailureOutcome {
  ruleId?: string;
  stage: 'describe' | 'authorize' | 'revoke';
  code: string;
  message: string;
}

export type GroupStatus = 'compliant' | 'remediated' | 'would-remediate' | 'partial' | 'failed' | 'skipped';

export interface GroupSummary {
  resourceId: string;
  regionId: string;
  accountId?: string;
  resourceType: string;
  mode: Mode;
  status: GroupStatus;
  revoked: RuleOutcome[];
  narrowed: NarrowOutcome[];
  /** Dry-run: what revoke (or narrow) would have removed. */
  planned: RuleOutcome[];
  skipped: SkipOutcome[];
  failed: FailureOutcome[];
  /** How many throttled or 5xx calls were retried for this group. */
  retries: number;
}

export interface HandlerResult {
  ok: boolean;
  mode?: Mode;
  groups: GroupSummary[];
  error?: { code: string; message: string };
  reevaluation?: { configRuleId: string; ok: boolean; code?: string; message?: string };
}

export function emptySummary(
  ref: { resourceId: string; regionId: string; accountId?: string; resourceType: string },
  mode: Mode,
): GroupSummary {
  const s: GroupSummary = {
    resourceId: ref.resourceId,
    regionId: ref.regionId,
    resourceType: ref.resourceType,
    mode,
    status: 'compliant',
    revoked: [],
    narrowed: [],
    planned: [],
    skipped: [],
    failed: [],
    retries: 0,
  };
  if (ref.accountId !== undefined) s.accountId = ref.accountId;
  return s;
}

/** The status that follows from what was done and what failed. */
export function finalStatus(s: GroupSummary): GroupStatus {
  const done = s.revoked.length + s.narrowed.length;
  const ruleSkips = s.skipped.filter((k) => k.scope === 'rule').length;
  if (s.skipped.some((k) => k.scope === 'group')) return 'skipped';
  if (s.failed.length > 0) return done > 0 ? 'partial' : 'failed';
  if (s.planned.length > 0) return 'would-remediate';
  if (ruleSkips > 0) return done > 0 ? 'partial' : 'skipped';
  if (done > 0) return 'remediated';
  return 'compliant';
}
