/**
 * The whole guardrail loop in the local cloud: Config rule + AUTO_EXECUTION remediation + the
 * function with the template's policy. A world-open SSH rule appears → Config marks the group
 * non-compliant → the function runs → the rule is gone → the group is compliant again.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { renderedPolicy } from '../templates/hcl';
import { buildFunctionZip, Cloud, describeRules } from './sandbox-kit';

let cloud: Cloud;

before(async () => {
  cloud = await Cloud.start(await buildFunctionZip());
});
after(async () => {
  await cloud.close();
});

async function compliance(ruleId: string, groupId: string): Promise<string | undefined> {
  const res = await cloud.config('ListConfigRuleEvaluationResults', {
    ConfigRuleId: ruleId,
    MaxResults: 100,
  });
  const list = ((res.EvaluationResults as Record<string, unknown>).EvaluationResultList ?? []) as {
    ComplianceType: string;
    EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceId: string } };
  }[];
  return list.find((r) => r.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId === groupId)
    ?.ComplianceType;
}

void test('add a world-open SSH rule → non-compliant → the function revokes it → compliant', async () => {
  const ruleId = await cloud.riskyPortsRule('sg-guard-risky-ports');
  const policy = await renderedPolicy('revoke', true);
  const fn = await cloud.deploy(await cloud.role(policy), {
    SG_GUARD_CONFIG_RULE_ID: ruleId,
    SG_GUARD_PORTS: '22,3389',
  });
  await cloud.config('CreateRemediation', {
    ConfigRuleId: ruleId,
    RemediationType: 'FC',
    RemediationTemplateId: cloud.functionArn(fn),
    SourceType: 'CUSTOM',
    InvokeType: 'AUTO_EXECUTION',
    Params: '{}',
  });

  const g = await cloud.createGroup('web');
  await cloud.authorize(g, { protocol: 'TCP', ports: '443/443', cidr: '0.0.0.0/0' });
  assert.equal(await compliance(ruleId, g), 'COMPLIANT');

  // Hold the function's first call, so the non-compliant state can be observed before it acts.
  cloud.sb.sandbox.faults.add({
    action: 'DescribeSecurityGroups',
    kind: 'latency',
    count: 1,
    latencyMs: 1000,
  });
  await cloud.authorize(g, { protocol: 'TCP', ports: '22/22', cidr: '0.0.0.0/0' });
  assert.equal(await compliance(ruleId, g), 'NON_COMPLIANT');

  await cloud.sb.idle();
  assert.deepEqual(describeRules(await cloud.rules(g)), ['ingress TCP 443/443 0.0.0.0/0 Accept']);
  assert.equal(await compliance(ruleId, g), 'COMPLIANT');

  const executions = await cloud.config('ListRemediationExecutions', { ConfigRuleId: ruleId });
  assert.match(JSON.stringify(executions), /"ExecutionStatus":"Success"/);
  const invocation = cloud.sb.sandbox.invocations.at(-1)!;
  assert.equal(invocation.ok, true, invocation.errorMessage);
  assert.match(invocation.logs, /"event":"rule-revoked"/);
  assert.match(invocation.logs, /"event":"config-rule-reevaluation-started"/);
});
