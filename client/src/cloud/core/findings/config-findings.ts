/**
 * Findings from the deployed Config rule: its NON_COMPLIANT evaluation results (paged, optionally
 * across the accounts of an aggregator), each group's recorded configuration from
 * GetDiscoveredResource, judged by the same rule module as the direct scan so the tree shows which
 * rule is risky and why. Emits the same events as the scanner.
 *
 * NOT_APPLICABLE results (the sg-guard rule's service-managed and exempt groups) are judged too and
 * listed when still exposed. Under the managed rule (`sg-risky-ports-check`, documented to check
 * 0.0.0.0/0 only) so are the COMPLIANT ones: a group the shared module flags there (IPv6 `::/0`, say)
 * is listed with `ruleBlindSpot` — the deployed rule cannot see it, the `sg-guard` rule form would.
 */
import { createLimiter } from '../api/limit';
import { parsePortList } from '../../../../../server/src/risk';
import {
  CloudError,
  cloudErrorInfo,
  describeErrorInfo,
  portListIds,
  recordedPermissions,
  recordedTags,
  resolvePortLists,
  throwIfCancelled,
  type ConfigClient,
  type ConfigRuleSummary,
  type EvaluationResult,
} from '../../../../../remediation-fn/src/public';
import { groupSummary } from '../api/ecs';
import { groupFindings, type GroupFindings } from './findings';
import type { RegionScan, ScanEvent } from './scanner';

export interface ConfigSourceOptions {
  ruleName: string;
  aggregatorId?: string;
  /** Only these regions (all the rule covers when empty). */
  regions?: readonly string[];
  concurrency?: number;
  signal?: AbortSignal;
  /** Reads a port list's ranges (ECS); without it, rules through a port list cannot be verified. */
  portListEntries?: (region: string, listId: string) => Promise<string[]>;
}

export interface ConfigScan {
  rule: ConfigRuleSummary;
  ports?: number[];
  /** By account id, then region. */
  accounts: Map<string, Map<string, RegionScan>>;
}

/** Why a group the managed rule calls compliant is still listed. */
export const MANAGED_BLIND_SPOT =
  'the managed rule sg-risky-ports-check is documented to flag 0.0.0.0/0 only, so Config calls this group compliant; the sg-guard rule form judges it as the editor does';

/**
 * Undefined when no rule with that name is deployed, and a `ConfigRuleNotEvaluated` error when it has
 * no results yet: the caller falls back to a direct scan either way, never to an empty "clean" tree.
 */
export async function findingsFromConfig(
  config: ConfigClient,
  opts: ConfigSourceOptions,
  onEvent: (accountId: string, e: ScanEvent) => void = () => undefined,
): Promise<ConfigScan | undefined> {
  const scope = opts.aggregatorId ? { aggregatorId: opts.aggregatorId } : {};
  const rule = await config.findConfigRule(opts.ruleName, scope);
  if (!rule) return undefined;
  const detail = await config.getConfigRule(rule.ConfigRuleId, scope);
  const portsParam = detail.InputParameters.ports;
  const ports = portsParam ? parsePortList(portsParam) : undefined;
  const managed = detail.SourceOwner === 'ALIYUN';
  const limit = await createLimiter(opts.concurrency ?? 8);
  const accounts = new Map<string, Map<string, RegionScan>>();
  const regionOf = (account: string, region: string): RegionScan => {
    let regions = accounts.get(account);
    if (!regions) accounts.set(account, (regions = new Map<string, RegionScan>()));
    let r = regions.get(region);
    if (!r) {
      regions.set(region, (r = { region, scanned: 0, groups: [], groupErrors: [] }));
      onEvent(account, { type: 'region-start', region });
    }
    return r;
  };

  /** Results Config does not call non-compliant are listed only when the shared module flags them. */
  async function judge(result: EvaluationResult, listedByConfig: boolean): Promise<void> {
    const account = result.ResourceOwnerId;
    const region = regionOf(account, result.RegionId);
    try {
      const res = await limit(() =>
        config.getDiscoveredResource(result.ResourceId, result.RegionId, { ...scope, accountId: account }),
      );
      if (!res.exists) return;
      const conf = res.Configuration;
      const permissions = recordedPermissions(conf);
      const lists = await resolvePortLists(
        portListIds(permissions),
        (id) =>
          opts.portListEntries
            ? limit(() => opts.portListEntries!(result.RegionId, id))
            : Promise.reject(new Error('no ECS access to read port lists')),
        (e) => describeErrorInfo(cloudErrorInfo(e)),
      );
      const summary = groupSummary({
        ...conf,
        SecurityGroupName: conf.SecurityGroupName ?? result.ResourceName,
        Tags: { Tag: recordedTags(conf) },
      });
      const found = groupFindings(
        account,
        result.RegionId,
        summary,
        permissions,
        lists,
        ports ? { ports } : {},
      );
      region.scanned++;
      if (!listedByConfig && found.findings.length === 0) return;
      const g: GroupFindings =
        result.ComplianceType === 'COMPLIANT'
          ? { ...found, ruleBlindSpot: MANAGED_BLIND_SPOT }
          : { ...found, configAnnotation: result.Annotation };
      region.groups.push(g);
      onEvent(account, { type: 'group', region: result.RegionId, group: g });
    } catch (e) {
      throwIfCancelled(opts.signal);
      const error = cloudErrorInfo(e);
      region.groupErrors.push({ groupId: result.ResourceId, error });
      onEvent(account, { type: 'group-error', region: result.RegionId, groupId: result.ResourceId, error });
    }
  }

  const regions = opts.regions && opts.regions.length > 0 ? { regions: [...opts.regions] } : {};
  let listed = 0;
  async function each(complianceType: string): Promise<void> {
    const pending: Promise<void>[] = [];
    let token: string | undefined;
    do {
      throwIfCancelled(opts.signal);
      const page = await config.listEvaluationResults(rule!.ConfigRuleId, {
        ...scope,
        complianceType,
        ...regions,
        ...(token ? { nextToken: token } : {}),
      });
      listed += page.items.length;
      for (const r of page.items) pending.push(judge(r, complianceType === 'NON_COMPLIANT'));
      token = page.nextToken;
    } while (token);
    await Promise.all(pending);
  }

  await each('NON_COMPLIANT');
  // Service-managed and exempt groups (NOT_APPLICABLE for the sg-guard rule) stay exposed: shown, flagged.
  await each('NOT_APPLICABLE');
  if (managed) await each('COMPLIANT');
  throwIfCancelled(opts.signal);
  // Nothing listed may mean "all compliant" or "not evaluated yet" (a new rule takes minutes): only a
  // rule with results of some kind may say the account is clean; otherwise the caller scans directly.
  if (
    listed === 0 &&
    (await config.listEvaluationResults(rule.ConfigRuleId, { ...scope, ...regions })).items.length === 0
  )
    throw new CloudError({
      code: 'ConfigRuleNotEvaluated',
      message: `${rule.ConfigRuleName} has no evaluation results yet (its first evaluation may still be running)`,
    });
  for (const [account, regions] of accounts) {
    for (const r of regions.values()) {
      onEvent(account, {
        type: 'region-done',
        region: r.region,
        scanned: r.scanned,
        failedGroups: r.groupErrors.length,
      });
    }
  }
  return { rule: detail, ...(ports ? { ports } : {}), accounts };
}
