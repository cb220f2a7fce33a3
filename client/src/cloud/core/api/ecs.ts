/**
 * The ECS calls the extension makes, as a small interface over the official SDK so the scanner and
 * the tree's actions stay testable (and every call gets retries with backoff).
 */
import type { LivePermission } from '../../../../../server/src/risk';
import { withRetry, type RetryOptions } from '../../../../../remediation-fn/src/public';
import type { CloudSession, EcsClient, EcsSdk } from './session';
import { list, obj, text, type Wire } from '../../../../../remediation-fn/src/public';
import { instanceAttachment, interfaceAttachment, type AttachmentsApi } from '../findings/exposure';

export interface GroupSummary {
  SecurityGroupId: string;
  SecurityGroupName: string;
  VpcId: string;
  ServiceManaged: boolean;
  Tags: { TagKey: string; TagValue: string }[];
}

/** Exposure (findings/exposure.ts) is read where the API can: fakes in tests may leave it out. */
export interface EcsApi extends Partial<AttachmentsApi> {
  describeSecurityGroups(
    region: string,
    nextToken?: string,
  ): Promise<{ groups: GroupSummary[]; nextToken?: string }>;
  describeIngress(
    region: string,
    groupId: string,
    nextToken?: string,
  ): Promise<{ permissions: LivePermission[]; nextToken?: string }>;
  revokeRules(region: string, groupId: string, ruleIds: string[]): Promise<void>;
  /** The port ranges of a port list (rules may name one instead of a PortRange). */
  portRangeListEntries(region: string, listId: string): Promise<string[]>;
  /** The regions the account can use (when the user configured none). */
  describeRegions?(): Promise<string[]>;
}

export function groupSummary(g: Wire): GroupSummary {
  return {
    SecurityGroupId: text(g.SecurityGroupId),
    SecurityGroupName: text(g.SecurityGroupName),
    VpcId: text(g.VpcId),
    ServiceManaged: g.ServiceManaged === true,
    Tags: list(obj(g.Tags).Tag).map((t) => ({ TagKey: text(t.TagKey), TagValue: text(t.TagValue) })),
  };
}

/** An SDK response: its body is read as plain data (`toMap()`), whatever its model class. */
interface SdkResponse {
  body?: { toMap(): Record<string, unknown> };
}

/** One page of a NextToken-paged listing: the items read from the body, and the token when more follow. */
function page<K extends string, T>(key: K, items: T[], body: Wire): Record<K, T[]> & { nextToken?: string } {
  const next = text(body.NextToken);
  return { [key]: items, ...(next ? { nextToken: next } : {}) } as Record<K, T[]> & { nextToken?: string };
}

/** The real thing, over `@alicloud/ecs20140526`; `hooks` carry cancellation and retry reporting. */
export function sdkEcsApi(session: CloudSession, hooks: RetryOptions = {}): EcsApi {
  /** One call in `region`, with retries; the answer's body as plain data. */
  const call = async (
    region: string,
    send: (sdk: EcsSdk, client: EcsClient) => Promise<SdkResponse>,
  ): Promise<Wire> => {
    const [sdk, client] = await Promise.all([session.ecsSdk(), session.ecs(region)]);
    const res = await withRetry(() => send(sdk, client), hooks);
    return obj(res.body?.toMap());
  };
  return {
    async describeRegions() {
      const body = await call('cn-hangzhou', (sdk, c) =>
        c.describeRegions(new sdk.DescribeRegionsRequest({})),
      );
      return list(obj(body.Regions).Region)
        .map((r) => text(r.RegionId))
        .filter(Boolean);
    },
    async describeSecurityGroups(region, nextToken) {
      const body = await call(region, (sdk, c) =>
        c.describeSecurityGroups(
          new sdk.DescribeSecurityGroupsRequest({ regionId: region, maxResults: 100, nextToken }),
        ),
      );
      return page('groups', list(obj(body.SecurityGroups).SecurityGroup).map(groupSummary), body);
    },
    async describeIngress(region, groupId, nextToken) {
      const body = await call(region, (sdk, c) =>
        c.describeSecurityGroupAttribute(
          new sdk.DescribeSecurityGroupAttributeRequest({
            regionId: region,
            securityGroupId: groupId,
            direction: 'ingress',
            maxResults: 1000,
            nextToken,
          }),
        ),
      );
      return page('permissions', list(obj(body.Permissions).Permission), body);
    },
    async instancesOfGroup(region, groupId, nextToken) {
      const body = await call(region, (sdk, c) =>
        c.describeInstances(
          new sdk.DescribeInstancesRequest({
            regionId: region,
            securityGroupId: groupId,
            maxResults: 100,
            nextToken,
          }),
        ),
      );
      return page('attachments', list(obj(body.Instances).Instance).map(instanceAttachment), body);
    },
    async interfacesOfGroup(region, groupId, nextToken) {
      // Secondary interfaces: a SecurityGroupId query is for them (primary ones are the instances').
      const body = await call(region, (sdk, c) =>
        c.describeNetworkInterfaces(
          new sdk.DescribeNetworkInterfacesRequest({
            regionId: region,
            securityGroupId: groupId,
            type: 'Secondary',
            maxResults: 500,
            nextToken,
          }),
        ),
      );
      const sets = list(obj(body.NetworkInterfaceSets).NetworkInterfaceSet);
      return page('attachments', sets.map(interfaceAttachment), body);
    },
    async portRangeListEntries(region, listId) {
      const body = await call(region, (sdk, c) =>
        c.describePortRangeListEntries(
          new sdk.DescribePortRangeListEntriesRequest({ regionId: region, portRangeListId: listId }),
        ),
      );
      return list(body.Entries)
        .map((e) => text(e.PortRange))
        .filter(Boolean);
    },
    async revokeRules(region, groupId, ruleIds) {
      for (let i = 0; i < ruleIds.length; i += 100) {
        const batch = ruleIds.slice(i, i + 100);
        await call(region, (sdk, c) =>
          c.revokeSecurityGroup(
            new sdk.RevokeSecurityGroupRequest({
              regionId: region,
              securityGroupId: groupId,
              securityGroupRuleId: batch,
            }),
          ),
        );
      }
    },
  };
}
