/**
 * The whole loop in the sandbox, as a user sees it, for both rule forms: deploy the guardrail, open
 * SSH to the world with the ECS SDK, Config judges the group, the remediation function revokes the
 * rule, and the tree shows what happened and why.
 *
 * The case that separates the forms: a group open to SSH on `::/0` alone. Under `sg-guard` (the
 * custom rule running the shared module) it is NON_COMPLIANT and remediated; under `managed`
 * (sg-risky-ports-check, documented to flag 0.0.0.0/0 only) it is COMPLIANT, left open, and the
 * tree lists it as a blind spot of the deployed rule.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as $Ecs from '@alicloud/ecs20140526';
import type { SandboxHandle } from '../../sandbox/src/index';
import { configClient } from '../../client/src/cloud/core/api/config-client';
import { findingsFromConfig, MANAGED_BLIND_SPOT } from '../../client/src/cloud/core/findings/config-findings';
import { sdkGuardrailApi } from '../../client/src/cloud/core/deploy/api';
import { deploy } from '../../client/src/cloud/core/deploy/deployer';
import { remediationEvent } from '../../client/src/cloud/core/deploy/remediate-now';
import { sdkEcsApi } from '../../client/src/cloud/core/api/ecs';
import { scanAccount } from '../../client/src/cloud/core/findings/scanner';
import type { CloudSession } from '../../client/src/cloud/core/api/session';
import { FindingsModel } from '../../client/src/cloud/core/tree/tree-model';
import type { RuleSource } from '../../client/src/cloud/core/deploy/settings';
import { desiredFor, sandboxSession } from './helpers';
import { openSshToWorld } from './sandbox-client';

const RULE = 'sg-guard-risky-ports';

async function scanGroup(session: CloudSession, sb: SandboxHandle, region: string, groupId: string) {
  const [r] = await scanAccount(sdkEcsApi(session), { accountId: sb.accountId, regions: [region] });
  return r!.groups.find((g) => g.groupId === groupId)!;
}

/** SSH open on IPv6 `::/0` only, as someone in the console would add it. */
async function openSshOnIpv6(session: CloudSession, region: string, groupId: string): Promise<void> {
  const sdk = await session.ecsSdk();
  await (
    await session.ecs(region)
  ).authorizeSecurityGroup(
    new sdk.AuthorizeSecurityGroupRequest({
      regionId: region,
      securityGroupId: groupId,
      permissions: [
        new $Ecs.AuthorizeSecurityGroupRequestPermissions({
          ipProtocol: 'TCP',
          portRange: '22/22',
          ipv6SourceCidrIp: '::/0',
          policy: 'Accept',
        }),
      ],
    }),
  );
}

function loop(ruleSource: RuleSource) {
  let sb: SandboxHandle;
  let session: CloudSession;
  before(async () => ({ sb, session } = await sandboxSession()));
  after(() => sb.close());

  /** The nth demo group with only safe rules (the seed's ordinary groups), in cn-hangzhou. */
  const cleanGroup = (nth = 0) => {
    const all = Object.values(sb.sandbox.state.securityGroups).filter(
      (x) => /^[a-z]+-(prod|dev|staging)-\d+$/.test(x.SecurityGroupName) && x.RegionId === 'cn-hangzhou',
    );
    assert.ok(all[nth], 'the demo seed has ordinary groups');
    return all[nth];
  };
  const complianceOf = async (groupId: string) => {
    const config = await configClient(session);
    const rule = await config.findConfigRule(RULE);
    const page = await config.listEvaluationResults(rule!.ConfigRuleId);
    return page.items.find((r) => r.ResourceId === groupId)?.ComplianceType;
  };
  const remediationsRan = (groupId: string) =>
    sb.sandbox.state.config.executions.filter((e) => e.ResourceId === groupId).length;

  it('automatic: world-open SSH (0.0.0.0/0) → non-compliant → revoked → the rescan is clean', async () => {
    await deploy(sdkGuardrailApi(session), desiredFor(sb, session, { ruleSource }));
    await sb.idle();
    const g = cleanGroup();
    assert.equal((await scanGroup(session, sb, g.RegionId, g.SecurityGroupId)).findings.length, 0);
    const others = g.rules.map((r) => r.SecurityGroupRuleId);
    await openSshToWorld(session, g.RegionId, g.SecurityGroupId);
    await sb.idle();
    assert.deepEqual((await scanGroup(session, sb, g.RegionId, g.SecurityGroupId)).findings, []);
    // Only the new rule went; the group's other rules are all still there.
    assert.deepEqual(
      sb.sandbox.state.securityGroups[g.SecurityGroupId]!.rules.map((r) => r.SecurityGroupRuleId),
      others,
    );
    assert.ok(sb.sandbox.invocations.some((i) => i.functionName === 'sg-guard-remediation' && i.ok));
    if (ruleSource === 'sg-guard')
      assert.ok(sb.sandbox.invocations.some((i) => i.functionName === 'sg-guard-evaluator' && i.ok));
  });

  it(`SSH open on ::/0 alone is ${ruleSource === 'sg-guard' ? 'NON_COMPLIANT and remediated' : 'COMPLIANT, left open, and listed as a blind spot'}`, async () => {
    const g = cleanGroup(1);
    await openSshOnIpv6(session, g.RegionId, g.SecurityGroupId);
    await sb.idle();
    const after = await scanGroup(session, sb, g.RegionId, g.SecurityGroupId);
    if (ruleSource === 'sg-guard') {
      // The evaluator's PutEvaluations said NON_COMPLIANT, the remediation revoked the rule, and
      // the remediation's re-evaluation then reported the group COMPLIANT.
      assert.ok(remediationsRan(g.SecurityGroupId) >= 1);
      assert.deepEqual(after.findings, []);
      assert.equal(await complianceOf(g.SecurityGroupId), 'COMPLIANT');
      return;
    }
    assert.equal(await complianceOf(g.SecurityGroupId), 'COMPLIANT');
    assert.equal(remediationsRan(g.SecurityGroupId), 0);
    assert.equal(after.findings.length, 1, 'the rule is still open');
    // The tree built from the Config rule still shows it, saying why Config does not.
    const model = new FindingsModel();
    model.begin([{ accountId: sb.accountId, label: 'sandbox' }], { kind: 'config', ruleName: RULE });
    await findingsFromConfig(await configClient(session), { ruleName: RULE }, (a, e) => model.apply(a, e));
    model.finish();
    const node = model.findGroup(sb.accountId, g.SecurityGroupId);
    assert.ok(node, 'the group is in the tree');
    assert.equal(node.group.ruleBlindSpot, MANAGED_BLIND_SPOT);
    assert.match(model.view(node).tooltip, /0\.0\.0\.0\/0 only/);
    assert.match(model.view(node).description ?? '', /not seen by the Config rule/);
    assert.match(node.rules[0]!.finding.why, /::\/0/);
  });

  it('SSH open on 0.0.0.0/0 and ::/0 together: non-compliant, and the remediation revokes both', async () => {
    const g = cleanGroup(4);
    const others = g.rules.map((r) => r.SecurityGroupRuleId);
    await openSshOnIpv6(session, g.RegionId, g.SecurityGroupId);
    await sb.idle();
    await openSshToWorld(session, g.RegionId, g.SecurityGroupId);
    await sb.idle();
    // Even under the managed rule (which saw only the IPv4 rule), the function judges the live
    // group with the shared module and leaves no world-open SSH behind.
    assert.ok(remediationsRan(g.SecurityGroupId) >= 1);
    assert.deepEqual((await scanGroup(session, sb, g.RegionId, g.SecurityGroupId)).findings, []);
    assert.deepEqual(
      sb.sandbox.state.securityGroups[g.SecurityGroupId]!.rules.map((r) => r.SecurityGroupRuleId),
      others,
    );
  });

  it('manual: the tree lists the non-compliant groups; Remediate Now fixes exactly the chosen one', async () => {
    await deploy(sdkGuardrailApi(session), desiredFor(sb, session, { ruleSource, execution: 'MANUAL' }));
    await sb.idle();
    const g = cleanGroup(2);
    const h = cleanGroup(3);
    await openSshToWorld(session, g.RegionId, g.SecurityGroupId);
    await openSshToWorld(session, h.RegionId, h.SecurityGroupId);
    await sb.idle();
    const config = await configClient(session);
    const scan = await findingsFromConfig(config, { ruleName: RULE });
    assert.ok(scan);
    const listed = [...scan.accounts.get(sb.accountId)!.values()].flatMap((r) => r.groups);
    const mine = listed.find((x) => x.groupId === g.SecurityGroupId);
    assert.ok(mine, 'the new exposure is listed from Config');
    assert.equal(mine.findings.length, 1);
    assert.equal(mine.findings[0]!.portRange, '22/22');
    // Remediate Now: the deployed function, for exactly this group, not every group of the rule.
    const out = await sdkGuardrailApi(session).invokeFunction(
      g.RegionId,
      'sg-guard-remediation',
      remediationEvent(mine),
    );
    assert.ok(out.ok, out.body);
    await sb.idle();
    assert.deepEqual((await scanGroup(session, sb, g.RegionId, g.SecurityGroupId)).findings, []);
    assert.equal((await scanGroup(session, sb, h.RegionId, h.SecurityGroupId)).findings.length, 1);
  });
}

describe('the full loop, rule form sg-guard (custom rule running the shared module)', () => loop('sg-guard'));
describe('the full loop, rule form managed (sg-risky-ports-check)', () => loop('managed'));
