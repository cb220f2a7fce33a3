/**
 * The whole loop in the sandbox, as a user sees it: deploy the guardrail, open SSH to the world
 * with the ECS SDK, Config marks the group non-compliant and the remediation function revokes the
 * rule, and a refresh shows the group clean. Also the manual path: the tree (from the Config
 * rule's results) lists the group, "Remediate now" fixes it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxHandle } from '../../sandbox/src/index';
import { configClient } from '../../client/src/cloud/core/api/config-client';
import { findingsFromConfig } from '../../client/src/cloud/core/findings/config-findings';
import { sdkGuardrailApi } from '../../client/src/cloud/core/deploy/api';
import { deploy } from '../../client/src/cloud/core/deploy/deployer';
import { sdkEcsApi } from '../../client/src/cloud/core/api/ecs';
import { scanAccount } from '../../client/src/cloud/core/findings/scanner';
import type { CloudSession } from '../../client/src/cloud/core/api/session';
import { FindingsModel } from '../../client/src/cloud/core/tree/tree-model';
import { desiredFor, sandboxSession } from './helpers';
import { openSshToWorld as openSsh } from './sandbox-client';

async function scanGroup(session: CloudSession, sb: SandboxHandle, region: string, groupId: string) {
  const [r] = await scanAccount(sdkEcsApi(session), { accountId: sb.accountId, regions: [region] });
  return r!.groups.find((g) => g.groupId === groupId)!;
}

describe('the full loop', () => {
  let sb: SandboxHandle;
  let session: CloudSession;
  before(async () => ({ sb, session } = await sandboxSession()));
  after(() => sb.close());

  const cleanGroup = () => {
    const g = Object.values(sb.sandbox.state.securityGroups).find(
      (x) => x.SecurityGroupName.startsWith('web-') && x.RegionId === 'cn-hangzhou',
    );
    assert.ok(g, 'the demo seed has web groups');
    return g;
  };

  it('automatic: deploy → world-open SSH → remediation revokes it → the rescan is clean', async () => {
    await deploy(sdkGuardrailApi(session), desiredFor(sb, session));
    const g = cleanGroup();
    assert.equal((await scanGroup(session, sb, g.RegionId, g.SecurityGroupId)).findings.length, 0);
    const others = g.rules.map((r) => r.SecurityGroupRuleId);
    await openSsh(session, g.RegionId, g.SecurityGroupId);
    await sb.idle();
    const after = await scanGroup(session, sb, g.RegionId, g.SecurityGroupId);
    assert.deepEqual(after.findings, []);
    // Only the new rule went; the group's other rules are all still there.
    assert.deepEqual(
      sb.sandbox.state.securityGroups[g.SecurityGroupId]!.rules.map((r) => r.SecurityGroupRuleId),
      others,
    );
    assert.ok(sb.sandbox.invocations.some((i) => i.functionName === 'sg-guard-remediation' && i.ok));
  });

  it('manual: the tree lists the Config rule’s non-compliant groups; Remediate now fixes one', async () => {
    await deploy(sdkGuardrailApi(session), desiredFor(sb, session, { execution: 'MANUAL' }));
    const g = cleanGroup();
    await openSsh(session, g.RegionId, g.SecurityGroupId);
    await sb.idle();
    const config = await configClient(session);
    const model = new FindingsModel();
    model.begin([{ accountId: sb.accountId, label: 'sandbox' }], {
      kind: 'config',
      ruleName: 'sg-guard-risky-ports',
    });
    const scan = await findingsFromConfig(config, { ruleName: 'sg-guard-risky-ports' }, (acct, e) =>
      model.apply(acct, e),
    );
    model.finish();
    assert.ok(scan);
    const listed = [...scan.accounts.get(sb.accountId)!.values()].flatMap((r) => r.groups);
    const mine = listed.find((x) => x.groupId === g.SecurityGroupId);
    assert.ok(mine, 'the new exposure is listed from Config');
    assert.equal(mine.findings.length, 1);
    assert.equal(mine.findings[0]!.portRange, '22/22');
    // The service-managed group stays listed: the function leaves such groups alone.
    assert.ok(
      listed.some((x) => x.name === 'ack-managed-nodes' && x.serviceManaged && x.findings.length === 1),
    );
    assert.ok(model.findGroup(sb.accountId, g.SecurityGroupId));

    await config.startRemediation(scan.rule.ConfigRuleId, { id: g.SecurityGroupId, region: g.RegionId });
    await sb.idle();
    assert.deepEqual((await scanGroup(session, sb, g.RegionId, g.SecurityGroupId)).findings, []);
    await config.startConfigRuleEvaluation(scan.rule.ConfigRuleId);
    await sb.idle();
    const again = await findingsFromConfig(config, { ruleName: 'sg-guard-risky-ports' });
    const ids = [...again!.accounts.get(sb.accountId)!.values()].flatMap((r) =>
      r.groups.map((x) => x.groupId),
    );
    assert.ok(!ids.includes(g.SecurityGroupId));
  });

  it('falls back (undefined) when no rule of that name is deployed', async () => {
    assert.equal(
      await findingsFromConfig(await configClient(session), { ruleName: 'nope-risky-ports' }),
      undefined,
    );
  });
});
