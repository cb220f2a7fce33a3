/**
 * Issue 12, mismatches 1, 6 and 9: requests the product used to send, checked against the vendor's
 * models. Each old shape is now refused by the strict sandbox (as a contract violation, or as the
 * service answers it), and the product's current request passes.
 *   1. DeletePolicy without CascadingDelete fails once the policy has non-default versions.
 *   6. Aggregate calls named the member account with ResourceOwnerId (deprecated in the model).
 *   9. ListRemediations paged with MaxResults/NextToken (the model pages with PageNumber/PageSize);
 *      UpdateConfigRule carried SourceOwner and SourceIdentifier (not in its model).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as $Ram from '@alicloud/ram20150501';
import { configClient } from '../../client/src/cloud/core/api/config-client';
import type { CloudSession } from '../../client/src/cloud/core/api/session';
import { sdkGuardrailApi } from '../../client/src/cloud/core/deploy/api';
import { cloudErrorInfo, rpcConnection, type RpcConnection } from '../../remediation-fn/src/public';
import type { SandboxHandle } from '../../sandbox/src/index';
import { sandboxSession } from '../cloud/helpers';
import { configCall } from './config-rpc';

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return cloudErrorInfo(e);
  }
  return assert.fail('the request was accepted');
};

describe('old requests, refused as the vendor’s models have it', () => {
  let sb: SandboxHandle;
  let session: CloudSession;
  let conn: RpcConnection;
  let ruleId: string;
  before(async () => {
    ({ sb, session } = await sandboxSession({ seed: 'demo' }));
    conn = await rpcConnection(
      { accessKeyId: sb.accessKeyId, accessKeySecret: sb.accessKeySecret },
      { regionId: 'cn-shanghai', endpoint: sb.endpoint, protocol: 'HTTP' },
    );
    ruleId = await (
      await configClient(session)
    ).createConfigRule({
      ConfigRuleName: 'r',
      SourceOwner: 'ALIYUN',
      SourceIdentifier: 'sg-risky-ports-check',
      ConfigRuleTriggerTypes: 'ConfigurationItemChangeNotification',
      RiskLevel: 1,
      ResourceTypesScope: 'ACS::ECS::SecurityGroup',
      InputParameters: { ports: '22' },
      Description: 'd',
    });
  });
  after(() => sb.close());

  it('1: DeletePolicy without CascadingDelete after an update fails; Remove Guardrail’s call does not', async () => {
    const api = sdkGuardrailApi(session);
    const doc = (a: string) =>
      JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: [a], Resource: '*' }] });
    for (const name of ['old', 'new']) {
      await api.createPolicy(name, doc('ecs:DescribeSecurityGroups'), 'd');
      await api.setPolicyDocument(name, doc('ecs:DescribeSecurityGroupAttribute'));
    }
    const ram = await session.ram();
    const old = await refusal(ram.deletePolicy(new $Ram.DeletePolicyRequest({ policyName: 'old' })));
    assert.equal(old.code, 'DeleteConflict.Policy.Version');
    await api.deletePolicy('new');
    assert.equal(await api.getPolicy('new'), undefined);
    // Six updates in a row: versions rotate (RAM keeps five), so the 6th change applies.
    for (let i = 0; i < 6; i++) await api.setPolicyDocument('old', doc(`ecs:Describe${i}`));
    assert.equal(sb.sandbox.state.ram.policies.old!.Versions!.length, 5);
  });

  it('6: GetAggregateDiscoveredResource names the member account with ResourceAccountId, not ResourceOwnerId', async () => {
    const aggregatorId = String(
      (await configCall(conn, 'CreateAggregator', { AggregatorName: 'a', AggregatorType: 'CUSTOM' }))
        .AggregatorId,
    );
    const group = Object.values(sb.sandbox.state.securityGroups)[0]!;
    const base = {
      AggregatorId: aggregatorId,
      ResourceId: group.SecurityGroupId,
      ResourceType: 'ACS::ECS::SecurityGroup',
      Region: group.RegionId,
    };
    const old = await refusal(
      configCall(conn, 'GetAggregateDiscoveredResource', { ...base, ResourceOwnerId: Number(sb.accountId) }),
    );
    assert.equal(old.code, 'Sandbox.ContractViolation');
    assert.match(old.message, /ResourceOwnerId is deprecated/);
    const now = await (
      await configClient(session)
    ).getDiscoveredResource(group.SecurityGroupId, group.RegionId, {
      aggregatorId,
      accountId: sb.accountId,
    });
    assert.equal(now.ResourceId, group.SecurityGroupId);
  });

  it('9: ListRemediations takes PageNumber/PageSize, not MaxResults/NextToken', async () => {
    const old = await refusal(
      configCall(conn, 'ListRemediations', { ConfigRuleIds: ruleId, MaxResults: 100 }),
    );
    assert.match(old.message, /unknown parameter MaxResults/);
    assert.deepEqual(await (await configClient(session)).listRemediations([ruleId]), []);
  });

  it('9: UpdateConfigRule takes neither SourceOwner nor SourceIdentifier', async () => {
    const old = await refusal(
      configCall(conn, 'UpdateConfigRule', {
        ConfigRuleId: ruleId,
        SourceOwner: 'ALIYUN',
        SourceIdentifier: 'sg-risky-ports-check',
        RiskLevel: 2,
      }),
    );
    assert.match(old.message, /unknown parameter SourceOwner/);
    assert.match(old.message, /unknown parameter SourceIdentifier/);
    await (
      await configClient(session)
    ).updateConfigRule(ruleId, {
      ConfigRuleName: 'r',
      ConfigRuleTriggerTypes: 'ConfigurationItemChangeNotification',
      RiskLevel: 2,
      ResourceTypesScope: 'ACS::ECS::SecurityGroup',
      InputParameters: { ports: '22' },
      Description: 'd',
    });
    assert.equal(sb.sandbox.state.config.rules[ruleId]!.RiskLevel, 2);
  });

  it('every list/get Config parameter goes where the generated client puts it (query here, not a form body)', async () => {
    const old = await refusal(
      // What the old client sent: everything in a form body.
      (async () => {
        const { $OpenApiUtil, OpenApiUtil } = conn.core;
        const { RuntimeOptions } = await import('@darabonba/typescript');
        return conn.client.callApi(
          new $OpenApiUtil.Params({
            action: 'ListConfigRules',
            version: '2020-09-07',
            protocol: 'HTTPS',
            pathname: '/',
            method: 'POST',
            authType: 'AK',
            style: 'RPC',
            reqBodyType: 'formData',
            bodyType: 'json',
          }),
          new $OpenApiUtil.OpenApiRequest({ body: OpenApiUtil.parseToMap({ PageNumber: 1, PageSize: 10 }) }),
          new RuntimeOptions({}),
        );
      })(),
    );
    assert.match(old.message, /PageNumber goes in the query, not the body/);
  });
});
