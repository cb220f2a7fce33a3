/**
 * `index.evaluate`, the guardrail's own Config rule (CUSTOM_FC): Config's invoking event in (the
 * "custom function rule" data structure of Alibaba's docs and samples), one verdict per group out
 * through PutEvaluations with the result token, at most 100 per call. Also issue 12, mismatch 8: a
 * recorded group's Permissions arrive as `Permissions.Permission[]` or as a flat list.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigApi } from '../../remediation-fn/src/clients';
import type { Evaluation } from '../../remediation-fn/src/public';
import { createEvaluator, type EvaluationOutcome } from '../../remediation-fn/src/evaluate';
import { FUNCTION_RETRY } from '../../remediation-fn/src/public';
import { FakeEcs, forbidden, perm } from './fake-ecs';
import { CONTEXT, VirtualClock } from './helpers';

const SSH_V6 = { ...perm({ Ipv6SourceCidrIp: '::/0', PortRange: '22/22' }), SecurityGroupRuleId: 'sgr-v6' };
const HTTPS = {
  ...perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '443/443' }),
  SecurityGroupRuleId: 'sgr-443',
};

interface Recorder extends ConfigApi {
  puts: { token: string; evaluations: Evaluation[]; deleteMode: boolean }[];
}

function recorder(recorded: Record<string, Record<string, unknown>> = {}, groups: string[] = []): Recorder {
  const puts: Recorder['puts'] = [];
  return {
    puts,
    startConfigRuleEvaluation: () => Promise.resolve(),
    putEvaluations: (token, evaluations, deleteMode) => {
      // The real client splits into calls of ≤ 100 (ConfigClient.putEvaluations, proved in test/contract).
      for (let i = 0; i === 0 || i < evaluations.length; i += 100)
        puts.push({ token, evaluations: evaluations.slice(i, i + 100), deleteMode: deleteMode && i === 0 });
      return Promise.resolve(puts.length);
    },
    discoveredGroup: (id) =>
      Promise.resolve(
        recorded[id] ? { exists: true, configuration: recorded[id] } : { exists: false, configuration: {} },
      ),
    discoveredGroups: () =>
      Promise.resolve(groups.map((g) => ({ resourceId: g, regionId: 'cn-hangzhou', accountId: '1' }))),
  };
}

function evaluator(config: Recorder, ecs = new FakeEcs(), env: Record<string, string> = {}) {
  const logs: string[] = [];
  const run = createEvaluator({
    env,
    ecs: () => Promise.resolve(ecs),
    config: () => Promise.resolve(config),
    sink: (l) => logs.push(l),
    clock: new VirtualClock(),
    retry: FUNCTION_RETRY,
  });
  return {
    run: (event: unknown) => run(Buffer.from(JSON.stringify(event)), CONTEXT) as Promise<EvaluationOutcome>,
    logs,
  };
}

/** A change-triggered invocation for one group, as Config sends it. */
function changeEvent(configuration: unknown, extra: Record<string, unknown> = {}) {
  return {
    ruleParameters: { ports: '22,3389' },
    resultToken: 'token-1',
    orderingTimestamp: 1700000000000,
    invokingEvent: {
      messageType: 'ConfigurationItemChangeNotification',
      configurationType: 'COMMON',
      configurationItem: {
        accountId: 1,
        regionId: 'cn-hangzhou',
        resourceId: 'sg-1',
        resourceType: 'ACS::ECS::SecurityGroup',
        configuration: JSON.stringify(configuration),
      },
      ...extra,
    },
  };
}

describe('index.evaluate', () => {
  it('SSH open on ::/0 alone: NON_COMPLIANT, reported with the token and the rule module’s words', async () => {
    const config = recorder();
    const out = await evaluator(config).run(changeEvent({ Permissions: { Permission: [SSH_V6, HTTPS] } }));
    assert.equal(out.ok, true);
    assert.deepEqual(
      config.puts.map((p) => [p.token, p.deleteMode, p.evaluations.length]),
      [['token-1', false, 1]],
    );
    const e = config.puts[0]!.evaluations[0]!;
    assert.deepEqual(
      [
        e.accountId,
        e.complianceResourceId,
        e.complianceResourceType,
        e.complianceRegionId,
        e.complianceType,
        e.orderingTimestamp,
      ],
      ['1', 'sg-1', 'ACS::ECS::SecurityGroup', 'cn-hangzhou', 'NON_COMPLIANT', 1700000000000],
    );
    assert.match(String(e.annotation), /sgr-v6 opens SSH \(22\/tcp\) to the whole Internet \(::\/0\)/);
  });

  it('mismatch 8: a flat Permissions list is read like Permissions.Permission[]', async () => {
    for (const configuration of [{ Permissions: [SSH_V6] }, { Permissions: { Permission: [SSH_V6] } }]) {
      const config = recorder();
      await evaluator(config).run(changeEvent(configuration));
      assert.equal(
        config.puts[0]!.evaluations[0]!.complianceType,
        'NON_COMPLIANT',
        JSON.stringify(configuration),
      );
    }
    const clean = recorder();
    await evaluator(clean).run(changeEvent({ Permissions: [HTTPS] }));
    assert.equal(clean.puts[0]!.evaluations[0]!.complianceType, 'COMPLIANT');
  });

  it('the rule’s ports parameter decides (3389 only: SSH is fine)', async () => {
    const config = recorder();
    const event = changeEvent({ Permissions: [SSH_V6] });
    event.ruleParameters = { ports: '3389' };
    await evaluator(config).run(event);
    assert.equal(config.puts[0]!.evaluations[0]!.complianceType, 'COMPLIANT');
  });

  it('service-managed and exempt-tagged groups are NOT_APPLICABLE, as Alibaba’s managed rules report them', async () => {
    for (const configuration of [
      { ServiceManaged: true, Permissions: [SSH_V6] },
      { Tags: { Tag: [{ TagKey: 'sg-guard:exempt', TagValue: '' }] }, Permissions: [SSH_V6] },
    ]) {
      const config = recorder();
      await evaluator(config).run(changeEvent(configuration));
      assert.equal(config.puts[0]!.evaluations[0]!.complianceType, 'NOT_APPLICABLE');
    }
  });

  it('a port list is read from ECS; one that cannot be read is NON_COMPLIANT "cannot verify", never clean', async () => {
    const listed = {
      ...perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '', PortRangeListId: 'prl-1' }),
      SecurityGroupRuleId: 'sgr-l',
    };
    const ecs = new FakeEcs();
    ecs.portLists.set('prl-1', ['443/443']);
    const ok = recorder();
    await evaluator(ok, ecs).run(changeEvent({ Permissions: [listed] }));
    assert.equal(ok.puts[0]!.evaluations[0]!.complianceType, 'COMPLIANT');
    ecs.fail('DescribePortRangeListEntries', forbidden());
    const unknown = recorder();
    await evaluator(unknown, ecs).run(changeEvent({ Permissions: [listed] }));
    const e = unknown.puts[0]!.evaluations[0]!;
    assert.equal(e.complianceType, 'NON_COMPLIANT');
    assert.match(String(e.annotation), /cannot verify: port list prl-1 could not be read/);
  });

  it('an OVERSIZE configuration item is read with GetDiscoveredResource', async () => {
    const config = recorder({ 'sg-1': { Permissions: { Permission: [SSH_V6] } } });
    const event = changeEvent({});
    event.invokingEvent.configurationType = 'OVERSIZE';
    delete (event.invokingEvent.configurationItem as { configuration?: string }).configuration;
    await evaluator(config).run(event);
    assert.equal(config.puts[0]!.evaluations[0]!.complianceType, 'NON_COMPLIANT');
  });

  it('a scheduled run without an item reports every recorded group, ≤ 100 per call, in delete mode', async () => {
    const ids = Array.from({ length: 230 }, (_, i) => `sg-${i}`);
    const recorded = Object.fromEntries(
      ids.map((id, i) => [id, { Permissions: i % 2 ? [SSH_V6] : [HTTPS] }]),
    );
    const config = recorder(recorded, ids);
    const out = await evaluator(config).run({
      ruleParameters: { ports: '22' },
      resultToken: 'token-2',
      invokingEvent: { messageType: 'ScheduledNotification', configurationType: 'NONE' },
    });
    assert.equal(out.calls, 3);
    assert.deepEqual(
      config.puts.map((p) => [p.evaluations.length, p.deleteMode]),
      [
        [100, true],
        [100, false],
        [30, false],
      ],
    );
    assert.equal(
      config.puts.flatMap((p) => p.evaluations).filter((e) => e.complianceType === 'NON_COMPLIANT').length,
      115,
    );
  });

  it('refuses what is not a Config rule invocation, without a cloud call', async () => {
    for (const [event, code] of [
      [{ invokingEvent: {} }, /resultToken/],
      [{ resultToken: 't' }, /invokingEvent/],
      [[{ regionId: 'cn-hangzhou' }], /invokingEvent|resultToken/],
    ] as const) {
      const config = recorder();
      const out = (await evaluator(config).run(event)) as unknown as {
        ok: boolean;
        error: { message: string };
      };
      assert.equal(out.ok, false);
      assert.match(out.error.message, code);
      assert.deepEqual(config.puts, []);
    }
  });
});
