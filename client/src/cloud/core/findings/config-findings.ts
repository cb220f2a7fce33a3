/**
 * Findings from the deployed Config rule: its NON_COMPLIANT evaluation results (paged, optionally
 * across the accounts of an aggregator), each group's recorded configuration from
 * GetDiscoveredResource, judged by the same rule module as the direct scan so the tree shows
 * which rule is risky and why. Emits the same events as the scanner.
 */
import { createLimiter } from '../api/limit';
import { parsePortList, type LivePermission } from '../../../../../server/src/risk';
import type { ConfigClient, ConfigRuleSummary, EvaluationResult } from '../api/config-client';
import { groupSummary } from '../api/ecs';
import { cloudErrorInfo, throwIfCancelled } from '../api/errors';
import { groupFindings, type GroupFindings } from './findings';
import type { RegionScan, ScanEvent } from './scanner';
import { obj } from '../api/wire';

export interface ConfigSourceOptions {
  ruleName: string;
  aggregatorId?: string;
  /** Only these regions (all the rule covers when empty). */
  regions?: readonly string[];
  concurrency?: number;
  signal?: AbortSignal;
}

export interface ConfigScan {
  rule: ConfigRuleSummary;
  ports?: number[];
  /** By account id, then region. */
  accounts: Map<string, Map<string, RegionScan>>;
}

/** Undefined when no rule with that name is deployed (the caller falls back to a direct scan). */
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

  async function judge(result: EvaluationResult): Promise<void> {
    const account = result.ResourceOwnerId;
    const region = regionOf(account, result.RegionId);
    try {
      const res = await limit(() =>
        config.getDiscoveredResource(result.ResourceId, result.RegionId, { ...scope, ownerId: account }),
      );
      if (!res.exists) return;
      const conf = res.Configuration;
      const permissions = (obj(conf.Permissions).Permission ?? []) as LivePermission[];
      const summary = groupSummary({
        ...conf,
        SecurityGroupName: conf.SecurityGroupName ?? result.ResourceName,
      });
      const g: GroupFindings = {
        ...groupFindings(
          account,
          result.RegionId,
          summary,
          Array.isArray(permissions) ? permissions : [],
          ports ? { ports } : {},
        ),
        configAnnotation: result.Annotation,
      };
      region.scanned++;
      region.groups.push(g);
      onEvent(account, { type: 'group', region: result.RegionId, group: g });
    } catch (e) {
      throwIfCancelled(opts.signal);
      const error = cloudErrorInfo(e);
      region.groupErrors.push({ groupId: result.ResourceId, error });
      onEvent(account, { type: 'group-error', region: result.RegionId, groupId: result.ResourceId, error });
    }
  }

  const pending: Promise<void>[] = [];
  let token: string | undefined;
  do {
    throwIfCancelled(opts.signal);
    const page = await config.listEvaluationResults(rule.ConfigRuleId, {
      ...scope,
      complianceType: 'NON_COMPLIANT',
      ...(opts.regions && opts.regions.length > 0 ? { regions: [...opts.regions] } : {}),
      ...(token ? { nextToken: token } : {}),
    });
    for (const r of page.items) pending.push(judge(r));
    token = page.nextToken;
  } while (token);
  await Promise.all(pending);
  throwIfCancelled(opts.signal);
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
  return { rule, ...(ports ? { ports } : {}), accounts };
}
