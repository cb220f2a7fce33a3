/**
 * The ECS calls the extension makes, as a small interface over the official SDK so the scanner and
 * the tree's actions stay testable (and every call gets retries with backoff).
 */
import type { LivePermission } from '../../../../../server/src/risk';
import { withRetry, type RetryOptions } from '../../../../../remediation-fn/src/public';
import type { CloudSession } from './session';
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

/** The real thing, over `@alicloud/ecs20140526`; `hooks` carry cancellation and retry reporting. */
export function sdkEcsApi(session: CloudSession, hooks: RetryOptions = {}): EcsApi {
  return {
    async describeRegions() {
      const [sdk, client] = await Promise.all([session.ecsSdk(), session.ecs('cn-hangzhou')]);
      const res = await withRetry(() => client.describeRegions(new sdk.DescribeRegionsRequest({})), hooks);
      return list(obj(obj(res.body?.toMap()).Regions).Region)
        .map((r) => text(r.RegionId))
        .filter(Boolean);
    },
    async describeSecurityGroups(region, nextToken) {
      const [sdk, client] = await Promise.all([session.ecsSdk(), session.ecs(region)]);
      const res = await withRetry(
        () =>
          client.describeSecurityGroups(
            new sdk.DescribeSecurityGroupsRequest({ regionId: region, maxResults: 100, nextToken }),
          ),
        hooks,
      );
      const body = obj(res.body?.toMap());
      const next = text(body.NextToken);
      return {
        groups: list(obj(body.SecurityGroups).SecurityGroup).map(groupSummary),
        ...(next ? { nextToken: next } : {}),
      };
    },
    async describeIngress(region, groupId, nextToken) {
      const [sdk, client] = await Promise.all([session.ecsSdk(), session.ecs(region)]);
      const res = await withRetry(
        () =>
          client.describeSecurityGroupAttribute(
            new sdk.DescribeSecurityGroupAttributeRequest({
              regionId: region,
              securityGroupId: groupId,
              direction: 'ingress',
              maxResults: 1000,
              nextToken,
            }),
          ),
        hooks,
      );
      const body = obj(res.body?.toMap());
      const next = text(body.NextToken);
      return {
        permissions: list(obj(body.Permissions).Permission),
        ...(next ? { nextToken: next } : {}),
      };
    },
    async instancesOfGroup(region, groupId, nextToken) {
      const [sdk, client] = await Promise.all([session.ecsSdk(), session.ecs(region)]);
      const res = await withRetry(
        () =>
          client.describeInstances(
            new sdk.DescribeInstancesRequest({
              regionId: region,
              securityGroupId: groupId,
              maxResults: 100,
              nextToken,
            }),
          ),
        hooks,
      );
      const body = obj(res.body?.toMap());
      const next = text(body.NextToken);
      return {
        attachments: list(obj(body.Instances).Instance).map(instanceAttachment),
        ...(next ? { nextToken: next } : {}),
      };
    },
    async interfacesOfGroup(region, groupId, nextToken) {
      const [sdk, client] = await Promise.all([session.ecsSdk(), session.ecs(region)]);
      // Secondary interfaces: a SecurityGroupId query is for them (primary ones are the instances').
      const res = await withRetry(
        () =>
          client.describeNetworkInterfaces(
            new sdk.DescribeNetworkInterfacesRequest({
              regionId: region,
              securityGroupId: groupId,
              type: 'Secondary',
              maxResults: 500,
              nextToken,
            }),
          ),
        hooks,
      );
      const body = obj(res.body?.toMap());
      const next = text(body.NextToken);
      return {
        attachments: list(obj(body.NetworkInterfaceSets).NetworkInterfaceSet).map(interfaceAttachment),
        ...(next ? { nextToken: next } : {}),
      };
    },
    async portRangeListEntries(region, listId) {
      const [sdk, client] = await Promise.all([session.ecsSdk(), session.ecs(region)]);
      const res = await withRetry(
        () =>
          client.describePortRangeListEntries(
            new sdk.DescribePortRangeListEntriesRequest({ regionId: region, portRangeListId: listId }),
          ),
        hooks,
      );
      return list(obj(res.body?.toMap()).Entries)
        .map((e) => text(e.PortRange))
        .filter(Boolean);
    },
    async revokeRules(region, groupId, ruleIds) {
      const [sdk, client] = await Promise.all([session.ecsSdk(), session.ecs(region)]);
      for (let i = 0; i < ruleIds.length; i += 100) {
        const batch = ruleIds.slice(i, i + 100);
        await withRetry(
          () =>
            client.revokeSecurityGroup(
              new sdk.RevokeSecurityGroupRequest({
                regionId: region,
                securityGroupId: groupId,
                securityGroupRuleId: batch,
              }),
            ),
          hooks,
        );
      }
    },
  };
}
