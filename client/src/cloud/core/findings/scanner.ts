/**
 * The direct scan: every security group of the chosen regions (DescribeSecurityGroups, paged),
 * each group's ingress rules (DescribeSecurityGroupAttribute, paged), judged by the rule module.
 * Calls run through one concurrency limit (p-limit) shared by all regions, so a big account does
 * not trip ECS's per-API throttling; throttled calls are retried with backoff (retry.ts).
 * Results stream: each group is reported as soon as its rules are judged, so the first finding
 * shows while the rest of the account is still being read.
 */
import { createLimiter } from '../api/limit';
import type { LivePermission } from '../../../../../server/src/risk';
import type { EcsApi, GroupSummary } from '../api/ecs';
import {
  cloudErrorInfo,
  describeErrorInfo,
  portListIds,
  throwIfCancelled,
  type CloudErrorInfo,
  type PortListEntries,
  type PortLists,
} from '../../../../../remediation-fn/src/public';
import { groupFindings, type GroupFindings, type JudgeOptions } from './findings';
import { readExposure } from './exposure';

export interface ScanOptions extends JudgeOptions {
  accountId: string;
  regions: readonly string[];
  /** Calls in flight at once, all regions together. Default 8. */
  concurrency?: number;
  signal?: AbortSignal;
}

export type ScanEvent =
  | { type: 'region-start'; region: string }
  | { type: 'group'; region: string; group: GroupFindings }
  | { type: 'region-done'; region: string; scanned: number; failedGroups: number }
  | { type: 'region-error'; region: string; error: CloudErrorInfo }
  | { type: 'group-error'; region: string; groupId: string; error: CloudErrorInfo };

export interface RegionScan {
  region: string;
  scanned: number;
  groups: GroupFindings[];
  error?: CloudErrorInfo;
  groupErrors: { groupId: string; error: CloudErrorInfo }[];
}

export const DEFAULT_CONCURRENCY = 8;

/** Scans the regions; `onEvent` sees each result as it arrives. Per-region errors do not stop the others. */
export async function scanAccount(
  ecs: EcsApi,
  opts: ScanOptions,
  onEvent: (e: ScanEvent) => void = () => undefined,
): Promise<RegionScan[]> {
  const limit = await createLimiter(opts.concurrency ?? DEFAULT_CONCURRENCY);
  // ECS throttles per API: the attachment reads (DescribeInstances, DescribeNetworkInterfaces) have
  // a limit of their own, so an exposed group's attachments are not queued behind every group's rules.
  const exposureLimit = await createLimiter(opts.concurrency ?? DEFAULT_CONCURRENCY);
  const judge: JudgeOptions = opts.ports ? { ports: opts.ports } : {};

  async function ingressOf(region: string, groupId: string): Promise<LivePermission[]> {
    const out: LivePermission[] = [];
    let token: string | undefined;
    do {
      throwIfCancelled(opts.signal);
      const page = await limit(() => ecs.describeIngress(region, groupId, token));
      out.push(...page.permissions);
      token = page.nextToken;
    } while (token);
    return out;
  }

  // A port list is read once per scan, however many groups use it.
  const listCache = new Map<string, Promise<PortListEntries>>();
  const readList = (region: string, id: string): Promise<PortListEntries> => {
    const key = `${region}/${id}`;
    let p = listCache.get(key);
    if (!p) {
      p = limit(() => ecs.portRangeListEntries(region, id)).then(
        (ranges) => ({ ranges }),
        (e: unknown) => ({ error: describeErrorInfo(cloudErrorInfo(e)) }),
      );
      listCache.set(key, p);
    }
    return p;
  };
  const portListsOf = async (region: string, permissions: LivePermission[]): Promise<PortLists> =>
    new Map(
      await Promise.all(
        portListIds(permissions).map(async (id) => [id, await readList(region, id)] as const),
      ),
    );

  async function scanGroup(region: string, g: GroupSummary, result: RegionScan): Promise<void> {
    try {
      const permissions = await ingressOf(region, g.SecurityGroupId);
      const found = groupFindings(
        opts.accountId,
        region,
        g,
        permissions,
        await portListsOf(region, permissions),
        judge,
      );
      // What an exposed group exposes: its instances and interfaces, and their public addresses.
      if (found.findings.length > 0 && ecs.instancesOfGroup && ecs.interfacesOfGroup) {
        const { instancesOfGroup, interfacesOfGroup } = ecs;
        const api = {
          instancesOfGroup: (r: string, id: string, t?: string) => instancesOfGroup.call(ecs, r, id, t),
          interfacesOfGroup: (r: string, id: string, t?: string) => interfacesOfGroup.call(ecs, r, id, t),
        };
        found.exposure = await readExposure(
          api,
          region,
          g.SecurityGroupId,
          exposureLimit,
          (e) => describeErrorInfo(cloudErrorInfo(e)),
          opts.signal,
        );
      }
      result.scanned++;
      result.groups.push(found);
      onEvent({ type: 'group', region, group: found });
    } catch (e) {
      throwIfCancelled(opts.signal);
      const error = cloudErrorInfo(e);
      result.groupErrors.push({ groupId: g.SecurityGroupId, error });
      onEvent({ type: 'group-error', region, groupId: g.SecurityGroupId, error });
    }
  }

  async function scanRegion(region: string): Promise<RegionScan> {
    const result: RegionScan = { region, scanned: 0, groups: [], groupErrors: [] };
    onEvent({ type: 'region-start', region });
    const pending: Promise<void>[] = [];
    try {
      let token: string | undefined;
      do {
        throwIfCancelled(opts.signal);
        const page = await limit(() => ecs.describeSecurityGroups(region, token));
        // Start judging this page's groups right away, while the next page is being listed.
        for (const g of page.groups) pending.push(scanGroup(region, g, result));
        token = page.nextToken;
      } while (token);
      await Promise.all(pending);
      onEvent({
        type: 'region-done',
        region,
        scanned: result.scanned,
        failedGroups: result.groupErrors.length,
      });
    } catch (e) {
      await Promise.allSettled(pending);
      throwIfCancelled(opts.signal);
      result.error = cloudErrorInfo(e);
      onEvent({ type: 'region-error', region, error: result.error });
    }
    return result;
  }

  const results = await Promise.all(opts.regions.map(scanRegion));
  throwIfCancelled(opts.signal);
  return results;
}
