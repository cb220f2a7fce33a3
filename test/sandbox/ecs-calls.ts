/**
 * The ECS calls the sandbox conformance tests make, each through the unmodified
 * @alicloud/ecs20140526 SDK: one place spells each request, so a test reads as the API behaviour it
 * checks. `ecsSuite()` starts a demo-seeded sandbox for the test file and closes it after.
 */
import * as $Ecs from '@alicloud/ecs20140526';
import { after, before } from 'node:test';
import { setup, type Env } from './helpers';

/** The region the tests create their groups in. */
export const R = 'cn-hangzhou';

export type Permission = Partial<$Ecs.AuthorizeSecurityGroupRequestPermissions>;
type Group = $Ecs.DescribeSecurityGroupsResponseBodySecurityGroupsSecurityGroup;

export function ecsSuite() {
  let env: Env;
  before(async () => {
    env = await setup({ seed: 'demo' });
  });
  after(async () => {
    await env.h.close();
  });
  const ecs = () => env.ecs;

  const describeGroups = (req: Partial<$Ecs.DescribeSecurityGroupsRequest>) =>
    ecs().describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({ regionId: R, ...req }));

  const describeRules = (req: Partial<$Ecs.DescribeSecurityGroupAttributeRequest>) =>
    ecs().describeSecurityGroupAttribute(
      new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: R, ...req }),
    );

  return {
    get env(): Env {
      return env;
    },
    describeGroups,
    describeRules,

    /** Every group of a region, following NextToken; how many pages it took. */
    async allGroups(regionId: string, maxResults: number): Promise<{ groups: Group[]; pages: number }> {
      const groups: Group[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const res = await describeGroups({ regionId, maxResults, nextToken });
        groups.push(...(res.body!.securityGroups?.securityGroup ?? []));
        nextToken = res.body!.nextToken || undefined;
        pages++;
      } while (nextToken);
      return { groups, pages };
    },

    async createGroup(extra: Partial<$Ecs.CreateSecurityGroupRequest> = {}): Promise<string> {
      const res = await ecs().createSecurityGroup(
        new $Ecs.CreateSecurityGroupRequest({
          regionId: R,
          securityGroupName: 'test',
          vpcId: 'vpc-test',
          ...extra,
        }),
      );
      return res.body!.securityGroupId!;
    },

    deleteGroup: (securityGroupId: string) =>
      ecs().deleteSecurityGroup(new $Ecs.DeleteSecurityGroupRequest({ regionId: R, securityGroupId })),

    /** A group's rules of one direction (the first page, which holds all of a small group). */
    async rules(securityGroupId: string, direction = 'ingress') {
      const res = await describeRules({ securityGroupId, direction });
      return res.body!.permissions?.permission ?? [];
    },

    authorize: (securityGroupId: string, permissions: Permission[]) =>
      ecs().authorizeSecurityGroup(
        new $Ecs.AuthorizeSecurityGroupRequest({
          regionId: R,
          securityGroupId,
          permissions: permissions.map((p) => new $Ecs.AuthorizeSecurityGroupRequestPermissions(p)),
        }),
      ),

    authorizeEgress: (
      securityGroupId: string,
      permissions: Partial<$Ecs.AuthorizeSecurityGroupEgressRequestPermissions>[],
    ) =>
      ecs().authorizeSecurityGroupEgress(
        new $Ecs.AuthorizeSecurityGroupEgressRequest({
          regionId: R,
          securityGroupId,
          permissions: permissions.map((p) => new $Ecs.AuthorizeSecurityGroupEgressRequestPermissions(p)),
        }),
      ),

    /** RevokeSecurityGroup by rule ids or by permission tuples. */
    revoke: (
      securityGroupId: string,
      by: {
        securityGroupRuleId?: string[];
        permissions?: Partial<$Ecs.RevokeSecurityGroupRequestPermissions>[];
      },
    ) =>
      ecs().revokeSecurityGroup(
        new $Ecs.RevokeSecurityGroupRequest({
          regionId: R,
          securityGroupId,
          securityGroupRuleId: by.securityGroupRuleId,
          permissions: by.permissions?.map((p) => new $Ecs.RevokeSecurityGroupRequestPermissions(p)),
        }),
      ),
  };
}

/** The ids of the groups a DescribeSecurityGroups response lists. */
export const groupIds = (res: $Ecs.DescribeSecurityGroupsResponse): (string | undefined)[] =>
  res.body!.securityGroups?.securityGroup?.map((g) => g.securityGroupId) ?? [];
