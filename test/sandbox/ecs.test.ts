// ECS conformance through the unmodified @alicloud/ecs20140526 SDK.
import * as $Ecs from '@alicloud/ecs20140526';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sdkError, setup, type Env } from './helpers';

let env: Env;
before(async () => {
  env = await setup({ seed: 'demo' });
});
after(async () => {
  await env.h.close();
});

const R = 'cn-hangzhou';

async function allGroups(regionId: string, maxResults: number) {
  const out: $Ecs.DescribeSecurityGroupsResponseBodySecurityGroupsSecurityGroup[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const res = await env.ecs.describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({ regionId, maxResults, nextToken }),
    );
    out.push(...(res.body!.securityGroups?.securityGroup ?? []));
    nextToken = res.body!.nextToken || undefined;
    pages++;
  } while (nextToken);
  return { groups: out, pages };
}

async function createGroup(extra: Partial<$Ecs.CreateSecurityGroupRequest> = {}): Promise<string> {
  const res = await env.ecs.createSecurityGroup(
    new $Ecs.CreateSecurityGroupRequest({
      regionId: R,
      securityGroupName: 'test',
      vpcId: 'vpc-test',
      ...extra,
    }),
  );
  return res.body!.securityGroupId!;
}

async function rules(securityGroupId: string, direction = 'ingress') {
  const res = await env.ecs.describeSecurityGroupAttribute(
    new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: R, securityGroupId, direction }),
  );
  return res.body!.permissions?.permission ?? [];
}

void describe('regions and demo seed', () => {
  void it('lists the three demo regions', async () => {
    const res = await env.ecs.describeRegions(new $Ecs.DescribeRegionsRequest({}));
    assert.deepEqual(
      res.body!.regions?.region?.map((r) => r.regionId),
      ['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1'],
    );
    assert.equal(res.body!.regions?.region?.[0]?.localName, 'China (Hangzhou)');
    assert.match(res.body!.requestId ?? '', /^[0-9A-F-]{36}$/);
  });

  void it('holds about 60 groups over 3 regions, including a service-managed and an exempt-tagged one', async () => {
    let total = 0;
    const all: $Ecs.DescribeSecurityGroupsResponseBodySecurityGroupsSecurityGroup[] = [];
    for (const region of env.h.regions) {
      const { groups } = await allGroups(region, 100);
      total += groups.length;
      all.push(...groups);
    }
    assert.ok(total >= 55 && total <= 75, `${total} groups`);
    assert.ok(all.some((g) => g.serviceManaged === true));
    assert.ok(all.some((g) => g.tags?.tag?.some((t) => t.tagKey === 'sg-guard:exempt')));
  });
});

void describe('DescribeSecurityGroups paging', () => {
  void it('pages with MaxResults/NextToken and returns every group exactly once', async () => {
    const whole = await allGroups(R, 100);
    const paged = await allGroups(R, 7);
    assert.equal(paged.pages, Math.ceil(whole.groups.length / 7));
    assert.deepEqual(
      paged.groups.map((g) => g.securityGroupId),
      whole.groups.map((g) => g.securityGroupId),
    );
  });

  void it('defaults to 10 per page and rejects MaxResults above 100', async () => {
    const res = await env.ecs.describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({ regionId: R }));
    assert.equal(res.body!.securityGroups?.securityGroup?.length, 10);
    assert.notEqual(res.body!.nextToken, '');
    const err = await sdkError(
      env.ecs.describeSecurityGroups(
        new $Ecs.DescribeSecurityGroupsRequest({ regionId: R, maxResults: 101 }),
      ),
    );
    assert.equal(err.code, 'InvalidParameter');
    assert.equal(err.statusCode, 400);
  });

  void it('rejects a forged NextToken', async () => {
    const err = await sdkError(
      env.ecs.describeSecurityGroups(
        new $Ecs.DescribeSecurityGroupsRequest({ regionId: R, nextToken: 'garbage' }),
      ),
    );
    assert.equal(err.statusCode, 400);
  });

  void it('supports the legacy PageNumber/PageSize form with TotalCount', async () => {
    const res = await env.ecs.describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({ regionId: R, pageNumber: 2, pageSize: 5 }),
    );
    assert.equal(res.body!.pageNumber, 2);
    assert.equal(res.body!.securityGroups?.securityGroup?.length, 5);
    assert.ok((res.body!.totalCount ?? 0) > 10);
  });

  void it('filters by VpcId, SecurityGroupIds, tags and ServiceManaged', async () => {
    const id = await createGroup({
      vpcId: 'vpc-filter-me',
      tag: [new $Ecs.CreateSecurityGroupRequestTag({ key: 'k1', value: 'v1' })],
    });
    const byVpc = await env.ecs.describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({ regionId: R, vpcId: 'vpc-filter-me' }),
    );
    assert.deepEqual(
      byVpc.body!.securityGroups?.securityGroup?.map((g) => g.securityGroupId),
      [id],
    );
    const byIds = await env.ecs.describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({
        regionId: R,
        securityGroupIds: JSON.stringify([id, 'sg-nope']),
      }),
    );
    assert.deepEqual(
      byIds.body!.securityGroups?.securityGroup?.map((g) => g.securityGroupId),
      [id],
    );
    const byTag = await env.ecs.describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({
        regionId: R,
        tag: [new $Ecs.DescribeSecurityGroupsRequestTag({ key: 'k1', value: 'v1' })],
      }),
    );
    assert.deepEqual(
      byTag.body!.securityGroups?.securityGroup?.map((g) => g.securityGroupId),
      [id],
    );
    const managed = await env.ecs.describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({ regionId: R, serviceManaged: true, maxResults: 100 }),
    );
    assert.ok((managed.body!.securityGroups?.securityGroup ?? []).every((g) => g.serviceManaged === true));
    assert.ok((managed.body!.securityGroups?.securityGroup ?? []).length >= 1);
  });
});

void describe('security groups and rules', () => {
  void it('creates a group with tags and VpcId and describes it back', async () => {
    const id = await createGroup({
      securityGroupName: 'made-here',
      description: 'd',
      tag: [new $Ecs.CreateSecurityGroupRequestTag({ key: 'env', value: 'test' })],
    });
    assert.match(id, /^sg-[a-z0-9]{20}$/);
    const res = await env.ecs.describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({ regionId: R, securityGroupId: id }),
    );
    const g = res.body!.securityGroups?.securityGroup?.[0];
    assert.equal(g?.securityGroupName, 'made-here');
    assert.equal(g?.vpcId, 'vpc-test');
    assert.equal(g?.serviceManaged, false);
    assert.equal(g?.securityGroupType, 'normal');
    assert.deepEqual(
      g?.tags?.tag?.map((t) => [t.tagKey, t.tagValue]),
      [['env', 'test']],
    );
  });

  void it('authorizes rules with sgr- ids and the API spelling of every field', async () => {
    const id = await createGroup();
    await env.ecs.authorizeSecurityGroup(
      new $Ecs.AuthorizeSecurityGroupRequest({
        regionId: R,
        securityGroupId: id,
        permissions: [
          new $Ecs.AuthorizeSecurityGroupRequestPermissions({
            ipProtocol: 'tcp',
            portRange: '22/22',
            sourceCidrIp: '0.0.0.0/0',
            description: 'ssh',
          }),
          new $Ecs.AuthorizeSecurityGroupRequestPermissions({
            ipProtocol: 'all',
            portRange: '-1/-1',
            ipv6SourceCidrIp: '::/0',
            policy: 'drop',
            priority: '5',
          }),
        ],
      }),
    );
    const list = await rules(id);
    assert.equal(list.length, 2);
    const [ssh, v6] = list;
    assert.match(ssh!.securityGroupRuleId!, /^sgr-[a-z0-9]{20}$/);
    assert.equal(ssh!.ipProtocol, 'TCP');
    assert.equal(ssh!.portRange, '22/22');
    assert.equal(ssh!.sourceCidrIp, '0.0.0.0/0');
    assert.equal(ssh!.ipv6SourceCidrIp, '');
    assert.equal(ssh!.policy, 'Accept');
    assert.equal(ssh!.priority, '1');
    assert.equal(ssh!.direction, 'ingress');
    assert.equal(ssh!.nicType, 'intranet');
    assert.equal(ssh!.description, 'ssh');
    assert.match(ssh!.createTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(v6!.ipProtocol, 'ALL');
    assert.equal(v6!.policy, 'Drop');
    assert.equal(v6!.priority, '5');
    assert.equal(v6!.ipv6SourceCidrIp, '::/0');
  });

  void it('treats a duplicate authorize as a success that adds nothing', async () => {
    const id = await createGroup();
    const perm = () =>
      new $Ecs.AuthorizeSecurityGroupRequestPermissions({
        ipProtocol: 'TCP',
        portRange: '443/443',
        sourceCidrIp: '0.0.0.0/0',
      });
    await env.ecs.authorizeSecurityGroup(
      new $Ecs.AuthorizeSecurityGroupRequest({ regionId: R, securityGroupId: id, permissions: [perm()] }),
    );
    await env.ecs.authorizeSecurityGroup(
      new $Ecs.AuthorizeSecurityGroupRequest({
        regionId: R,
        securityGroupId: id,
        permissions: [perm(), perm()],
      }),
    );
    assert.equal((await rules(id)).length, 1);
  });

  void it('rejects invalid rules with the API codes', async () => {
    const id = await createGroup();
    const bad = (p: Partial<$Ecs.AuthorizeSecurityGroupRequestPermissions>) =>
      sdkError(
        env.ecs.authorizeSecurityGroup(
          new $Ecs.AuthorizeSecurityGroupRequest({
            regionId: R,
            securityGroupId: id,
            permissions: [new $Ecs.AuthorizeSecurityGroupRequestPermissions(p)],
          }),
        ),
      );
    const cases: [Partial<$Ecs.AuthorizeSecurityGroupRequestPermissions>, string][] = [
      [{ ipProtocol: 'tcp', portRange: '-1/-1', sourceCidrIp: '0.0.0.0/0' }, 'InvalidPortRange.Malformed'],
      [{ ipProtocol: 'tcp', portRange: '30/20', sourceCidrIp: '0.0.0.0/0' }, 'InvalidPortRange.Malformed'],
      [{ ipProtocol: 'icmp', portRange: '22/22', sourceCidrIp: '0.0.0.0/0' }, 'InvalidPortRange.Malformed'],
      [{ ipProtocol: 'sctp', portRange: '1/2', sourceCidrIp: '0.0.0.0/0' }, 'InvalidIpProtocol.Malformed'],
      [{ ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '::/0' }, 'InvalidParameter'],
      [
        { ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '1.2.3.4/32', priority: '101' },
        'InvalidPriority.Malformed',
      ],
      [{ ipProtocol: 'tcp', portRange: '22/22' }, 'MissingParameter'],
    ];
    for (const [p, code] of cases) assert.equal((await bad(p)).code, code, JSON.stringify(p));
  });

  void it('answers InvalidSecurityGroupId.NotFound (404) for unknown groups and groups of other regions', async () => {
    const err = await sdkError(
      env.ecs.describeSecurityGroupAttribute(
        new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: R, securityGroupId: 'sg-doesnotexist' }),
      ),
    );
    assert.equal(err.code, 'InvalidSecurityGroupId.NotFound');
    assert.equal(err.statusCode, 404);
    const id = await createGroup();
    const other = await sdkError(
      env.ecs.describeSecurityGroupAttribute(
        new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: 'cn-shanghai', securityGroupId: id }),
      ),
    );
    assert.equal(other.code, 'InvalidSecurityGroupId.NotFound');
  });

  void it('requires RegionId', async () => {
    const err = await sdkError(env.ecs.describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({})));
    assert.equal(err.code, 'MissingRegionId');
  });

  void it('revokes by SecurityGroupRuleId, failing the whole call on an unknown id', async () => {
    const id = await createGroup();
    await env.ecs.authorizeSecurityGroup(
      new $Ecs.AuthorizeSecurityGroupRequest({
        regionId: R,
        securityGroupId: id,
        permissions: ['22/22', '80/80', '443/443'].map(
          (portRange) =>
            new $Ecs.AuthorizeSecurityGroupRequestPermissions({
              ipProtocol: 'TCP',
              portRange,
              sourceCidrIp: '0.0.0.0/0',
            }),
        ),
      }),
    );
    const [a, b] = await rules(id);
    const err = await sdkError(
      env.ecs.revokeSecurityGroup(
        new $Ecs.RevokeSecurityGroupRequest({
          regionId: R,
          securityGroupId: id,
          securityGroupRuleId: [a!.securityGroupRuleId!, 'sgr-unknown'],
        }),
      ),
    );
    assert.equal(err.code, 'InvalidParam.SecurityGroupRuleId');
    assert.equal((await rules(id)).length, 3, 'nothing revoked when one id is unknown');
    await env.ecs.revokeSecurityGroup(
      new $Ecs.RevokeSecurityGroupRequest({
        regionId: R,
        securityGroupId: id,
        securityGroupRuleId: [a!.securityGroupRuleId!, b!.securityGroupRuleId!],
      }),
    );
    assert.deepEqual(
      (await rules(id)).map((r) => r.portRange),
      ['443/443'],
    );
    const tooMany = await sdkError(
      env.ecs.revokeSecurityGroup(
        new $Ecs.RevokeSecurityGroupRequest({
          regionId: R,
          securityGroupId: id,
          securityGroupRuleId: Array.from({ length: 101 }, (_, i) => `sgr-${i}`),
        }),
      ),
    );
    assert.equal(tooMany.code, 'InvalidParam.SecurityGroupRuleId');
  });

  void it('revokes by Permissions tuples; a tuple matching nothing is a silent success', async () => {
    const id = await createGroup();
    await env.ecs.authorizeSecurityGroup(
      new $Ecs.AuthorizeSecurityGroupRequest({
        regionId: R,
        securityGroupId: id,
        permissions: [
          new $Ecs.AuthorizeSecurityGroupRequestPermissions({
            ipProtocol: 'TCP',
            portRange: '22/22',
            sourceCidrIp: '0.0.0.0/0',
            priority: '3',
          }),
        ],
      }),
    );
    await env.ecs.revokeSecurityGroup(
      new $Ecs.RevokeSecurityGroupRequest({
        regionId: R,
        securityGroupId: id,
        permissions: [
          new $Ecs.RevokeSecurityGroupRequestPermissions({
            ipProtocol: 'tcp',
            portRange: '22/22',
            sourceCidrIp: '0.0.0.0/0',
          }),
        ],
      }),
    );
    assert.equal((await rules(id)).length, 1, 'priority 1 (the default) does not match the priority-3 rule');
    await env.ecs.revokeSecurityGroup(
      new $Ecs.RevokeSecurityGroupRequest({
        regionId: R,
        securityGroupId: id,
        permissions: [
          new $Ecs.RevokeSecurityGroupRequestPermissions({
            ipProtocol: 'tcp',
            portRange: '22/22',
            sourceCidrIp: '0.0.0.0/0',
            priority: '3',
          }),
        ],
      }),
    );
    assert.equal((await rules(id)).length, 0);
  });

  void it('pages rules with MaxResults 10..1000 and filters by direction', async () => {
    const id = await createGroup();
    const perms = Array.from(
      { length: 25 },
      (_, i) =>
        new $Ecs.AuthorizeSecurityGroupRequestPermissions({
          ipProtocol: 'TCP',
          portRange: `${1000 + i}/${1000 + i}`,
          sourceCidrIp: '10.0.0.0/8',
        }),
    );
    await env.ecs.authorizeSecurityGroup(
      new $Ecs.AuthorizeSecurityGroupRequest({ regionId: R, securityGroupId: id, permissions: perms }),
    );
    await env.ecs.authorizeSecurityGroupEgress(
      new $Ecs.AuthorizeSecurityGroupEgressRequest({
        regionId: R,
        securityGroupId: id,
        permissions: [
          new $Ecs.AuthorizeSecurityGroupEgressRequestPermissions({
            ipProtocol: 'ALL',
            portRange: '-1/-1',
            destCidrIp: '0.0.0.0/0',
          }),
        ],
      }),
    );
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const res = await env.ecs.describeSecurityGroupAttribute(
        new $Ecs.DescribeSecurityGroupAttributeRequest({
          regionId: R,
          securityGroupId: id,
          maxResults: 10,
          nextToken,
        }),
      );
      seen.push(...(res.body!.permissions?.permission ?? []).map((p) => p.portRange!));
      nextToken = res.body!.nextToken || undefined;
      pages++;
    } while (nextToken);
    assert.equal(pages, 3);
    assert.equal(seen.length, 26);
    assert.equal(new Set(seen).size, 26);
    const egress = await rules(id, 'egress');
    assert.deepEqual(
      egress.map((r) => [r.direction, r.destCidrIp, r.ipProtocol]),
      [['egress', '0.0.0.0/0', 'ALL']],
    );
    for (const maxResults of [9, 1001]) {
      const err = await sdkError(
        env.ecs.describeSecurityGroupAttribute(
          new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: R, securityGroupId: id, maxResults }),
        ),
      );
      assert.equal(err.code, 'InvalidParameter');
    }
  });

  void it('refuses to change service-managed groups and groups still referenced', async () => {
    const managed = await createGroup({ serviceManaged: true });
    const err = await sdkError(
      env.ecs.authorizeSecurityGroup(
        new $Ecs.AuthorizeSecurityGroupRequest({
          regionId: R,
          securityGroupId: managed,
          permissions: [
            new $Ecs.AuthorizeSecurityGroupRequestPermissions({
              ipProtocol: 'TCP',
              portRange: '1/2',
              sourceCidrIp: '10.0.0.0/8',
            }),
          ],
        }),
      ),
    );
    assert.equal(err.statusCode, 403);
    const target = await createGroup();
    const referrer = await createGroup();
    await env.ecs.authorizeSecurityGroup(
      new $Ecs.AuthorizeSecurityGroupRequest({
        regionId: R,
        securityGroupId: referrer,
        permissions: [
          new $Ecs.AuthorizeSecurityGroupRequestPermissions({
            ipProtocol: 'TCP',
            portRange: '5432/5432',
            sourceGroupId: target,
          }),
        ],
      }),
    );
    assert.equal(
      (
        await sdkError(
          env.ecs.deleteSecurityGroup(
            new $Ecs.DeleteSecurityGroupRequest({ regionId: R, securityGroupId: target }),
          ),
        )
      ).code,
      'DependencyViolation',
    );
    await env.ecs.deleteSecurityGroup(
      new $Ecs.DeleteSecurityGroupRequest({ regionId: R, securityGroupId: referrer }),
    );
    await env.ecs.deleteSecurityGroup(
      new $Ecs.DeleteSecurityGroupRequest({ regionId: R, securityGroupId: target }),
    );
    const gone = await sdkError(
      env.ecs.deleteSecurityGroup(
        new $Ecs.DeleteSecurityGroupRequest({ regionId: R, securityGroupId: target }),
      ),
    );
    assert.equal(gone.code, 'InvalidSecurityGroupId.NotFound');
  });
});
