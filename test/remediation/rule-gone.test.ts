/**
 * Issue 12, mismatch 11: the error codes the function branches on. Revoking a rule that is no
 * longer there answers InvalidParam.SecurityGroupRuleId (ECS RevokeSecurityGroup reference, since
 * 2024-07-08); InvalidSecurityGroupRule.RuleNotExist and InvalidSecurityGroupRuleId.NotFound are also
 * seen but unverified. None is taken on trust: a rule counts as "already gone" only once a fresh
 * read of the group confirms it is absent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULE_GONE_CODES } from '../../remediation-fn/src/public';
import { FakeCloudError, perm } from './fake-ecs';
import { eventFor, harness } from './helpers';

describe('rules reported gone', () => {
  it('counts these codes as "gone": the documented one and the two seen in the wild', () => {
    assert.deepEqual([...RULE_GONE_CODES].sort(), [
      'InvalidParam.SecurityGroupRuleId',
      'InvalidSecurityGroupRule.RuleNotExist',
      'InvalidSecurityGroupRuleId.NotFound',
    ]);
  });

  for (const code of RULE_GONE_CODES) {
    it(`${code} for a rule that is really gone: done, alreadyGone, confirmed by a read`, async () => {
      const h = harness();
      h.ecs.unknownRuleCode = code;
      const [ssh] = h.ecs.addGroup('sg-1', [perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '22/22' })]);
      // Someone removes the rule between the function's read and its revoke.
      const group = h.ecs.groups.get('sg-1')!;
      const reads = h.ecs.calls.length;
      h.ecs.fail('RevokeSecurityGroup', new FakeCloudError(code, 400));
      const original = h.ecs.call.bind(h.ecs);
      h.ecs.call = async (action, request) => {
        if (action === 'RevokeSecurityGroup') group.permissions = [];
        return original(action, request);
      };
      const result = await h.run(eventFor('sg-1'));
      const g = result.groups[0]!;
      assert.equal(g.status, 'remediated', JSON.stringify(g));
      assert.deepEqual(
        g.revoked.map((r) => [r.ruleId, r.alreadyGone]),
        [[ssh, true]],
      );
      const after = h.ecs.calls.slice(reads).map((c) => c.action);
      assert.equal(after.at(-1), 'DescribeSecurityGroupAttribute', 'the gone rule was confirmed by a read');
    });
  }

  it('a "gone" answer for a rule the group still has is a failure, not a success', async () => {
    const h = harness();
    const [ssh] = h.ecs.addGroup('sg-1', [perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '22/22' })]);
    h.ecs.fail(
      'RevokeSecurityGroup',
      new FakeCloudError('InvalidSecurityGroupRuleId.NotFound', 400),
      new FakeCloudError('InvalidSecurityGroupRuleId.NotFound', 400),
    );
    const result = await h.run(eventFor('sg-1'));
    const g = result.groups[0]!;
    assert.equal(g.status, 'failed');
    assert.deepEqual(g.revoked, []);
    assert.deepEqual(
      g.failed.map((f) => [f.ruleId, f.code]),
      [[ssh, 'InvalidSecurityGroupRuleId.NotFound']],
    );
    assert.match(g.failed[0]!.message, /still has it/);
    assert.deepEqual(h.ecs.ruleIds('sg-1'), [ssh]);
  });
});
