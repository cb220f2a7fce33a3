/** Executing plans against a misbehaving ECS: retries, bounds, gone rules, denials, batching. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventFor, harness, mixedGroup } from './helpers';
import { FakeCloudError, forbidden, perm, throttled, unavailable } from './fake-ecs';

void test('throttling and a 5xx mid-run are retried with growing, bounded delays; the outcome is exact', async () => {
  const h = harness();
  const { safe } = mixedGroup(h.ecs);
  h.ecs.fail('RevokeSecurityGroup', throttled(), unavailable(), throttled());
  const result = await h.run(eventFor('sg-mixed'));
  assert.deepEqual(h.ecs.ruleIds('sg-mixed').sort(), [...safe].sort());
  assert.equal(result.groups[0]!.retries, 3);
  assert.equal(result.groups[0]!.status, 'remediated');
  // Full jitter with random() = 0.5: half of 100, 200, 400 ms.
  assert.deepEqual(h.clock.slept, [50, 100, 200]);
});

void test('retries are bounded: persistent throttling ends as a per-rule failure with the code, nothing else changed', async () => {
  const h = harness();
  const { risky } = mixedGroup(h.ecs);
  const before = h.ecs.ruleIds('sg-mixed');
  h.ecs.fail('RevokeSecurityGroup', ...Array.from({ length: 20 }, throttled));
  const result = await h.run(eventFor('sg-mixed'));
  assert.deepEqual(h.ecs.ruleIds('sg-mixed'), before);
  const g = result.groups[0]!;
  assert.equal(g.status, 'failed');
  assert.deepEqual(
    g.failed.map((f) => [f.ruleId, f.code, f.stage]).sort(),
    risky.map((id) => [id, 'Throttling.User', 'revoke']).sort(),
  );
  assert.equal(h.ecs.calls.filter((c) => c.action === 'RevokeSecurityGroup').length, 6);
  assert.ok(h.clock.time <= 20000);
});

for (const code of ['InvalidParam.SecurityGroupRuleId', 'InvalidSecurityGroupRule.RuleNotExist']) {
  void test(`an already-revoked rule (${code}) counts as done; the rest of the batch still goes`, async () => {
    const h = harness();
    h.ecs.unknownRuleCode = code;
    const { risky, safe } = mixedGroup(h.ecs);
    // Someone removes one risky rule between our read and our revoke.
    const g = h.ecs.groups.get('sg-mixed')!;
    const original = h.ecs.call.bind(h.ecs);
    let removed = false;
    h.ecs.call = async (action: string, request: never) => {
      if (action === 'RevokeSecurityGroup' && !removed) {
        removed = true;
        g.permissions = g.permissions.filter((p) => p.SecurityGroupRuleId !== risky[1]);
      }
      return original(action as never, request);
    };
    const result = await h.run(eventFor('sg-mixed'));
    assert.deepEqual(h.ecs.ruleIds('sg-mixed').sort(), [...safe].sort());
    const summary = result.groups[0]!;
    assert.equal(summary.status, 'remediated');
    assert.deepEqual(
      summary.revoked.filter((r) => r.alreadyGone).map((r) => r.ruleId),
      [risky[1]],
    );
    assert.equal(summary.revoked.length, 3);
    const logged = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      logged.filter((l) => l.event === 'rule-already-gone').map((l) => l.ruleId),
      [risky[1]],
    );
  });
}

void test('Forbidden.RAM on revoke: reported per rule, nothing changed, not retried', async () => {
  const h = harness();
  const { risky } = mixedGroup(h.ecs);
  const before = h.ecs.ruleIds('sg-mixed');
  h.ecs.fail('RevokeSecurityGroup', forbidden());
  const result = await h.run(eventFor('sg-mixed'));
  assert.deepEqual(h.ecs.ruleIds('sg-mixed'), before);
  assert.deepEqual(
    result.groups[0]!.failed.map((f) => f.code),
    risky.map(() => 'Forbidden.RAM'),
  );
  assert.equal(result.groups[0]!.retries, 0);
  assert.equal(result.ok, false);
});

void test('more than 100 risky rules are revoked in batches of at most 100; reading pages through NextToken', async () => {
  const h = harness();
  h.ecs.pageSize = 40;
  const risky = h.ecs.addGroup(
    'sg-big',
    Array.from({ length: 230 }, (_, i) => perm({ SourceCidrIp: '0.0.0.0/0', PortRange: `22/${22 + i}` })),
  );
  const [kept] = h.ecs.addGroup('sg-big-2', [perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '80/80' })]);
  h.ecs.groups.get('sg-big')!.permissions.push({ ...h.ecs.groups.get('sg-big-2')!.permissions[0]! });
  const result = await h.run(eventFor('sg-big'));
  const revokes = h.ecs.calls.filter((c) => c.action === 'RevokeSecurityGroup');
  const sizes = revokes.map(
    (c) => (c.request as { SecurityGroupRuleId: string[] }).SecurityGroupRuleId.length,
  );
  assert.deepEqual(sizes, [100, 100, 30]);
  assert.deepEqual(h.ecs.ruleIds('sg-big'), [kept]);
  assert.deepEqual(
    result.groups[0]!.revoked.map((r) => r.ruleId),
    risky,
  );
  // 231 rules at 40 per page: 6 pages.
  assert.equal(h.ecs.calls.filter((c) => c.action === 'DescribeSecurityGroupAttribute').length, 6);
});

void test('a rule the API calls gone while the group still has it is a failure, never done', async () => {
  const h = harness();
  const { risky } = mixedGroup(h.ecs);
  const gone = (): Error => new FakeCloudError('InvalidSecurityGroupRule.RuleNotExist', 404);
  // The batch call, then the one-by-one retry of the first rule, both say "gone"; the rule stays.
  h.ecs.fail('RevokeSecurityGroup', gone(), gone());
  const result = await h.run(eventFor('sg-mixed'));
  assert.deepEqual(
    h.ecs.ruleIds('sg-mixed').filter((id) => risky.includes(id)),
    [risky[0]],
  );
  const g = result.groups[0]!;
  assert.deepEqual(g.failed, [
    {
      ruleId: risky[0],
      stage: 'revoke',
      code: 'InvalidSecurityGroupRule.RuleNotExist',
      message: 'InvalidSecurityGroupRule.RuleNotExist says the rule is gone, but the group still has it',
    },
  ]);
  assert.deepEqual(
    g.revoked.map((r) => [r.ruleId, r.alreadyGone ?? false]),
    [
      [risky[1], false],
      [risky[2], false],
    ],
  );
});

void test('one by one after a "gone" batch, another error is reported as itself', async () => {
  const h = harness();
  const { risky } = mixedGroup(h.ecs);
  h.ecs.fail(
    'RevokeSecurityGroup',
    new FakeCloudError('InvalidSecurityGroupRule.RuleNotExist', 404),
    forbidden(),
  );
  const result = await h.run(eventFor('sg-mixed'));
  assert.deepEqual(result.groups[0]!.failed, [
    { ruleId: risky[0], stage: 'revoke', code: 'Forbidden.RAM', message: forbidden().message },
  ]);
  assert.equal(result.groups[0]!.revoked.length, 2);
});
