// Cloud Config through openapi-core's callApi: rules, the managed rules evaluated as Alibaba documents
// them (not with the project's rule module), results by compliance with paging, discovered
// resources, aggregates.
import * as $Ecs from '@alicloud/ecs20140526';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EvaluationResult } from './config-wire-client';
import { sdkError, setup, type Env } from './helpers';

let env: Env;
let ruleId: string;
before(async () => {
  env = await setup({ seed: 'demo' });
  const res = await env.config.createConfigRule({
    ConfigRuleName: 'risky-ports',
    SourceOwner: 'ALIYUN',
    SourceIdentifier: 'sg-risky-ports-check',
    ConfigRuleTriggerTypes: 'ConfigurationItemChangeNotification',
    RiskLevel: 1,
    ResourceTypesScope: 'ACS::ECS::SecurityGroup',
    InputParameters: JSON.stringify({ ports: '22,3389' }),
  });
  ruleId = res.ConfigRuleId;
});
after(async () => {
  await env.h.close();
});

async function results(
  complianceType?: 'COMPLIANT' | 'NON_COMPLIANT',
  maxResults = 100,
  id = ruleId,
): Promise<EvaluationResult[]> {
  const out: EvaluationResult[] = [];
  let token: string | undefined;
  do {
    const res = await env.config.listConfigRuleEvaluationResults({
      ConfigRuleId: id,
      ComplianceType: complianceType,
      MaxResults: maxResults,
      NextToken: token,
    });
    out.push(...res.EvaluationResults.EvaluationResultList);
    token = res.EvaluationResults.NextToken || undefined;
  } while (token);
  return out;
}

const names = (list: EvaluationResult[]) =>
  list.map((r) => r.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceName).sort();

async function groupByName(name: string) {
  for (const regionId of env.h.regions) {
    const res = await env.ecs.describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({ regionId, securityGroupName: name }),
    );
    const g = res.body!.securityGroups?.securityGroup?.[0];
    if (g) return { id: g.securityGroupId!, regionId };
  }
  throw new Error(`no group ${name}`);
}

void describe('sg-risky-ports-check', () => {
  // The managed rule's documented logic (Cloud Config "sg-risky-ports-check" page; Alibaba's
  // InfraGuard policy of the same id): an inbound rule from 0.0.0.0/0 whose port range includes a
  // listed port. IPv6 ::/0 and drop rules are not part of it.
  void it('evaluates every demo group when the rule is created, as the managed rule is documented', async () => {
    const bad = names(await results('NON_COMPLIANT'));
    assert.deepEqual(bad, [
      'ack-managed-nodes',
      'bastion-legacy',
      'ci-runner',
      'dev-sandbox-open',
      'drop-too-late',
      'honeypot',
      'ops-all-tcp',
      'partly-shadowed',
      'rdp-udp',
      'shadowed-ssh',
      'test-wide-range',
      'windows-jump',
    ]);
    const good = names(await results('COMPLIANT'));
    for (const v6 of ['ipv6-admin', 'kube-api-v6'])
      assert.ok(good.includes(v6), `${v6} (open on ::/0 only) is compliant for the managed rule`);
    assert.equal(bad.length + good.length, (await results()).length);
  });

  void it('pages results with MaxResults/NextToken without repeating any', async () => {
    const all = await results(undefined, 100);
    const paged = await results(undefined, 7);
    assert.deepEqual(
      paged.map((r) => r.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId),
      all.map((r) => r.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId),
    );
    const one = (await results('NON_COMPLIANT'))[0]!;
    assert.equal(one.EvaluationResultIdentifier.EvaluationResultQualifier.ConfigRuleId, ruleId);
    assert.equal(
      one.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceType,
      'ACS::ECS::SecurityGroup',
    );
    assert.equal(one.RiskLevel, 1);
    assert.equal(typeof one.EvaluationResultIdentifier.OrderingTimestamp, 'number');
    assert.match((JSON.parse(one.Annotation ?? '{}') as { configuration: string }).configuration, /sgr-/);
  });

  void it('re-evaluates on every configuration change (authorize, revoke, create, delete)', async () => {
    const created = await env.ecs.createSecurityGroup(
      new $Ecs.CreateSecurityGroupRequest({ regionId: 'cn-shanghai', securityGroupName: 'fresh' }),
    );
    const id = created.body!.securityGroupId!;
    const status = async () =>
      (await results()).find((r) => r.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId === id)
        ?.ComplianceType;
    assert.equal(await status(), 'COMPLIANT');
    await env.ecs.authorizeSecurityGroup(
      new $Ecs.AuthorizeSecurityGroupRequest({
        regionId: 'cn-shanghai',
        securityGroupId: id,
        permissions: [
          new $Ecs.AuthorizeSecurityGroupRequestPermissions({
            ipProtocol: 'TCP',
            portRange: '3389/3389',
            sourceCidrIp: '0.0.0.0/0',
          }),
        ],
      }),
    );
    assert.equal(await status(), 'NON_COMPLIANT');
    await env.ecs.revokeSecurityGroup(
      new $Ecs.RevokeSecurityGroupRequest({
        regionId: 'cn-shanghai',
        securityGroupId: id,
        permissions: [
          new $Ecs.RevokeSecurityGroupRequestPermissions({
            ipProtocol: 'TCP',
            portRange: '3389/3389',
            sourceCidrIp: '0.0.0.0/0',
          }),
        ],
      }),
    );
    assert.equal(await status(), 'COMPLIANT');
    await env.ecs.deleteSecurityGroup(
      new $Ecs.DeleteSecurityGroupRequest({ regionId: 'cn-shanghai', securityGroupId: id }),
    );
    assert.equal(await status(), undefined);
  });

  void it('lists and gets the rule with its compliance summary and parameters', async () => {
    const list = await env.config.listConfigRules({ ConfigRuleName: 'risky-ports' });
    assert.equal(list.ConfigRules.TotalCount, 1);
    const summary = list.ConfigRules.ConfigRuleList[0]!;
    assert.equal(summary.ConfigRuleId, ruleId);
    assert.equal(summary.Compliance?.ComplianceType, 'NON_COMPLIANT');
    assert.equal(summary.Compliance?.Count, 12);
    const got = await env.config.getConfigRule({ ConfigRuleId: ruleId });
    assert.deepEqual(got.ConfigRule.InputParameters, { ports: '22,3389' });
    // GetConfigRule's model has the source under Source (ListConfigRules has it at the top).
    assert.equal(got.ConfigRule.Source?.Identifier, 'sg-risky-ports-check');
    assert.equal(got.ConfigRule.Source?.Owner, 'ALIYUN');
    assert.ok((got.ConfigRule.ConfigRuleEvaluationStatus?.LastSuccessfulEvaluationTimestamp ?? 0) > 0);
    assert.match(got.ConfigRule.ConfigRuleArn, /^acs:config::\d+:rule\/cr-/);
  });

  void it('takes new ports on UpdateConfigRule and re-evaluates on StartConfigRuleEvaluation', async () => {
    await env.config.updateConfigRule({
      ConfigRuleId: ruleId,
      InputParameters: JSON.stringify({ ports: '3389' }),
    });
    await env.config.startConfigRuleEvaluation({ ConfigRuleId: ruleId });
    const bad = names(await results('NON_COMPLIANT'));
    assert.ok(!bad.includes('bastion-legacy'), 'SSH is no longer a configured port');
    assert.ok(bad.includes('windows-jump'));
    await env.config.updateConfigRule({
      ConfigRuleId: ruleId,
      InputParameters: JSON.stringify({ ports: '22,3389' }),
    });
    assert.ok(names(await results('NON_COMPLIANT')).includes('bastion-legacy'));
  });

  void it('rejects bad parameters and unknown rules', async () => {
    const bad = await sdkError(
      env.config.createConfigRule({
        ConfigRuleName: 'x',
        SourceOwner: 'ALIYUN',
        SourceIdentifier: 'sg-risky-ports-check',
        ConfigRuleTriggerTypes: 'ConfigurationItemChangeNotification',
        RiskLevel: 1,
        ResourceTypesScope: 'ACS::ECS::SecurityGroup',
        InputParameters: '{"ports":"ssh"}',
      }),
    );
    assert.equal(bad.code, 'Invalid.InputParameters');
    assert.equal(
      (await sdkError(env.config.getConfigRule({ ConfigRuleId: 'cr-nope' }))).code,
      'ConfigRuleNotExists',
    );
  });
});

void describe('sg-public-access-check', () => {
  void it('flags only rules opening every port to the world', async () => {
    const res = await env.config.createConfigRule({
      ConfigRuleName: 'public-access',
      SourceOwner: 'ALIYUN',
      SourceIdentifier: 'sg-public-access-check',
      ConfigRuleTriggerTypes: 'ConfigurationItemChangeNotification',
      RiskLevel: 2,
      ResourceTypesScope: 'ACS::ECS::SecurityGroup',
    });
    // Documented: inbound accept from 0.0.0.0/0 with port range -1/-1; IPv6 and 1/65535 are not it.
    const bad = names(await results('NON_COMPLIANT', 100, res.ConfigRuleId));
    assert.deepEqual(bad, ['dev-sandbox-open']);
  });
});

void describe('discovered resources', () => {
  void it('returns the configuration as a JSON string shaped like DescribeSecurityGroupAttribute', async () => {
    const { id, regionId } = await groupByName('ack-managed-nodes');
    const res = await env.config.getDiscoveredResource({
      ResourceId: id,
      ResourceType: 'ACS::ECS::SecurityGroup',
      Region: regionId,
    });
    const d = res.DiscoveredResourceDetail;
    assert.equal(typeof d.Configuration, 'string');
    assert.equal(d.ResourceDeleted, 1);
    assert.equal(d.Region, regionId);
    const conf = JSON.parse(d.Configuration) as {
      ServiceManaged: boolean;
      Permissions: { Permission: { IpProtocol: string; SecurityGroupRuleId: string }[] };
    };
    assert.equal(conf.ServiceManaged, true);
    assert.equal(conf.Permissions.Permission[0]?.IpProtocol, 'TCP');
    assert.match(conf.Permissions.Permission[0]?.SecurityGroupRuleId ?? '', /^sgr-/);
  });

  void it('lists resources with paging and keeps deleted ones with ResourceDeleted 0', async () => {
    const created = await env.ecs.createSecurityGroup(
      new $Ecs.CreateSecurityGroupRequest({ regionId: 'cn-hangzhou', securityGroupName: 'short-lived' }),
    );
    const id = created.body!.securityGroupId!;
    await env.ecs.deleteSecurityGroup(
      new $Ecs.DeleteSecurityGroupRequest({ regionId: 'cn-hangzhou', securityGroupId: id }),
    );
    const seen: { ResourceId: string; ResourceDeleted: number }[] = [];
    let token: string | undefined;
    do {
      const res = await env.config.listDiscoveredResources({
        ResourceTypes: 'ACS::ECS::SecurityGroup',
        MaxResults: 20,
        NextToken: token,
      });
      seen.push(...res.DiscoveredResourceProfiles.DiscoveredResourceProfileList);
      token = res.DiscoveredResourceProfiles.NextToken || undefined;
    } while (token);
    assert.equal(new Set(seen.map((r) => r.ResourceId)).size, seen.length);
    assert.equal(seen.find((r) => r.ResourceId === id)?.ResourceDeleted, 0);
    const detail = await env.config.getDiscoveredResource({
      ResourceId: id,
      ResourceType: 'ACS::ECS::SecurityGroup',
      Region: 'cn-hangzhou',
    });
    assert.equal(detail.DiscoveredResourceDetail.ResourceDeleted, 0);
    const live = await env.config.listDiscoveredResources({
      ResourceDeleted: 1,
      MaxResults: 100,
      Regions: 'cn-hangzhou',
    });
    assert.ok(
      live.DiscoveredResourceProfiles.DiscoveredResourceProfileList.every(
        (r) => r.ResourceDeleted === 1 && r.Region === 'cn-hangzhou',
      ),
    );
  });

  void it('answers the Aggregate forms for an existing aggregator', async () => {
    const { id, regionId } = await groupByName('bastion-legacy');
    const err = await sdkError(
      env.config.getAggregateDiscoveredResource({
        AggregatorId: 'ca-nope',
        ResourceId: id,
        ResourceType: 'ACS::ECS::SecurityGroup',
        Region: regionId,
      }),
    );
    assert.equal(err.statusCode, 404);
    // CreateAggregator is not in the typed client (the product only reads aggregates): sign it via callApi-equivalent.
    const agg = env.h.sandbox.state.config.aggregators;
    agg['ca-test'] = { AggregatorId: 'ca-test', AggregatorName: 'org' };
    const got = await env.config.getAggregateDiscoveredResource({
      AggregatorId: 'ca-test',
      ResourceId: id,
      ResourceType: 'ACS::ECS::SecurityGroup',
      Region: regionId,
    });
    assert.equal(got.DiscoveredResourceDetail.ResourceId, id);
    const listed = await env.config.listAggregateConfigRuleEvaluationResults({
      AggregatorId: 'ca-test',
      ConfigRuleId: ruleId,
      ComplianceType: 'NON_COMPLIANT',
      MaxResults: 100,
    });
    assert.ok(listed.EvaluationResults.EvaluationResultList.length >= 10);
  });
});
