// ECS conformance through the unmodified @alicloud/ecs20140526 SDK: regions, the demo seed, listing
// and paging groups, creating and deleting them.
import * as $Ecs from '@alicloud/ecs20140526';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ecsSuite, groupIds, R } from './ecs-calls';
import { sdkError } from './helpers';

const api = ecsSuite();

void describe('regions and demo seed', () => {
  void it('lists the three demo regions', async () => {
    const res = await api.env.ecs.describeRegions(new $Ecs.DescribeRegionsRequest({}));
    assert.deepEqual(
      res.body!.regions?.region?.map((r) => r.regionId),
      ['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1'],
    );
    assert.equal(res.body!.regions?.region?.[0]?.localName, 'China (Hangzhou)');
    assert.match(res.body!.requestId ?? '', /^[0-9A-F-]{36}$/);
  });

  void it('holds about 60 groups over 3 regions, including a service-managed and an exempt-tagged one', async () => {
    const all: $Ecs.DescribeSecurityGroupsResponseBodySecurityGroupsSecurityGroup[] = [];
    for (const region of api.env.h.regions) all.push(...(await api.allGroups(region, 100)).groups);
    assert.ok(all.length >= 55 && all.length <= 75, `${all.length} groups`);
    assert.ok(all.some((g) => g.serviceManaged === true));
    assert.ok(all.some((g) => g.tags?.tag?.some((t) => t.tagKey === 'sg-guard:exempt')));
  });
});

void describe('DescribeSecurityGroups paging', () => {
  void it('pages with MaxResults/NextToken and returns every group exactly once', async () => {
    const whole = await api.allGroups(R, 100);
    const paged = await api.allGroups(R, 7);
    assert.equal(paged.pages, Math.ceil(whole.groups.length / 7));
    assert.deepEqual(
      paged.groups.map((g) => g.securityGroupId),
      whole.groups.map((g) => g.securityGroupId),
    );
  });

  void it('defaults to 10 per page and rejects MaxResults above 100', async () => {
    const res = await api.describeGroups({});
    assert.equal(res.body!.securityGroups?.securityGroup?.length, 10);
    assert.notEqual(res.body!.nextToken, '');
    const err = await sdkError(api.describeGroups({ maxResults: 101 }));
    assert.equal(err.code, 'InvalidParameter');
    assert.equal(err.statusCode, 400);
  });

  void it('rejects a forged NextToken', async () => {
    const err = await sdkError(api.describeGroups({ nextToken: 'garbage' }));
    assert.equal(err.statusCode, 400);
  });

  void it('supports the legacy PageNumber/PageSize form with TotalCount', async () => {
    const res = await api.describeGroups({ pageNumber: 2, pageSize: 5 });
    assert.equal(res.body!.pageNumber, 2);
    assert.equal(res.body!.securityGroups?.securityGroup?.length, 5);
    assert.ok((res.body!.totalCount ?? 0) > 10);
  });

  void it('filters by VpcId, SecurityGroupIds, tags and ServiceManaged', async () => {
    const id = await api.createGroup({
      vpcId: 'vpc-filter-me',
      tag: [new $Ecs.CreateSecurityGroupRequestTag({ key: 'k1', value: 'v1' })],
    });
    assert.deepEqual(groupIds(await api.describeGroups({ vpcId: 'vpc-filter-me' })), [id]);
    const byIds = await api.describeGroups({ securityGroupIds: JSON.stringify([id, 'sg-nope']) });
    assert.deepEqual(groupIds(byIds), [id]);
    const byTag = await api.describeGroups({
      tag: [new $Ecs.DescribeSecurityGroupsRequestTag({ key: 'k1', value: 'v1' })],
    });
    assert.deepEqual(groupIds(byTag), [id]);
    const managed = await api.describeGroups({ serviceManaged: true, maxResults: 100 });
    assert.ok((managed.body!.securityGroups?.securityGroup ?? []).every((g) => g.serviceManaged === true));
    assert.ok((managed.body!.securityGroups?.securityGroup ?? []).length >= 1);
  });
});

void describe('security groups', () => {
  void it('creates a group with tags and VpcId and describes it back', async () => {
    const id = await api.createGroup({
      securityGroupName: 'made-here',
      description: 'd',
      tag: [new $Ecs.CreateSecurityGroupRequestTag({ key: 'env', value: 'test' })],
    });
    assert.match(id, /^sg-[a-z0-9]{20}$/);
    const g = (await api.describeGroups({ securityGroupId: id })).body!.securityGroups?.securityGroup?.[0];
    assert.equal(g?.securityGroupName, 'made-here');
    assert.equal(g?.vpcId, 'vpc-test');
    assert.equal(g?.serviceManaged, false);
    assert.equal(g?.securityGroupType, 'normal');
    assert.deepEqual(
      g?.tags?.tag?.map((t) => [t.tagKey, t.tagValue]),
      [['env', 'test']],
    );
  });

  void it('answers InvalidSecurityGroupId.NotFound (404) for unknown groups and groups of other regions', async () => {
    const err = await sdkError(api.describeRules({ securityGroupId: 'sg-doesnotexist' }));
    assert.equal(err.code, 'InvalidSecurityGroupId.NotFound');
    assert.equal(err.statusCode, 404);
    const id = await api.createGroup();
    const other = await sdkError(api.describeRules({ regionId: 'cn-shanghai', securityGroupId: id }));
    assert.equal(other.code, 'InvalidSecurityGroupId.NotFound');
  });

  void it('requires RegionId', async () => {
    const err = await sdkError(
      api.env.ecs.describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({})),
    );
    assert.equal(err.code, 'MissingRegionId');
  });

  void it('refuses to change service-managed groups and groups still referenced', async () => {
    const managed = await api.createGroup({ serviceManaged: true });
    const err = await sdkError(
      api.authorize(managed, [{ ipProtocol: 'TCP', portRange: '1/2', sourceCidrIp: '10.0.0.0/8' }]),
    );
    assert.equal(err.statusCode, 403);
    const target = await api.createGroup();
    const referrer = await api.createGroup();
    await api.authorize(referrer, [{ ipProtocol: 'TCP', portRange: '5432/5432', sourceGroupId: target }]);
    assert.equal((await sdkError(api.deleteGroup(target))).code, 'DependencyViolation');
    await api.deleteGroup(referrer);
    await api.deleteGroup(target);
    assert.equal((await sdkError(api.deleteGroup(target))).code, 'InvalidSecurityGroupId.NotFound');
  });
});
