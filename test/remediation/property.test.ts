/**
 * Property: for any security group, remediation leaves exactly the original rules minus those an
 * independent reference model of rule-semantics.md calls risky (reference-model.ts, which shares no
 * code with the rule module), and a second run changes nothing — also when throttling and 5xx errors
 * are sprinkled in.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LivePermission } from '../../server/src/risk';
import { eventFor, harness, mutatingCalls } from './helpers';
import { throttled, unavailable } from './fake-ecs';
import { expandPorts, livePermission, portLists, referenceRisky } from './reference-model';

const settings = fc.record({
  ports: portLists,
  faults: fc.array(fc.constantFrom('throttle', '5xx'), { maxLength: 3 }),
});

void test('remaining rules = original minus exactly the risky ones; a second run changes nothing', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(livePermission, { maxLength: 25 }),
      settings,
      async (rules, { ports, faults }) => {
        const h = harness({ SG_GUARD_PORTS: ports });
        // ECS answers Direction in lower case (the fake filters on it, as DescribeSecurityGroupAttribute does).
        h.ecs.addGroup(
          'sg-p',
          rules.map((r) => ({ ...r, Direction: r.Direction.toLowerCase() })),
        );
        const original: LivePermission[] = structuredClone(h.ecs.groups.get('sg-p')!.permissions);
        const risky = new Set(referenceRisky(original, expandPorts(ports)).map((p) => p.SecurityGroupRuleId));
        h.ecs.fail(
          'RevokeSecurityGroup',
          ...faults.map((f) => (f === 'throttle' ? throttled() : unavailable())),
        );

        const first = await h.run(eventFor('sg-p'));
        assert.equal(first.ok, true);
        assert.deepEqual(
          h.ecs.groups.get('sg-p')!.permissions,
          original.filter((p) => !risky.has(p.SecurityGroupRuleId)),
        );
        assert.deepEqual(new Set(first.groups[0]!.revoked.map((r) => r.ruleId)), risky);

        const callsBefore = h.ecs.calls.length;
        const second = await h.run(eventFor('sg-p'));
        assert.equal(second.groups[0]!.status, 'compliant');
        assert.deepEqual(
          mutatingCalls({ ...h.ecs, calls: h.ecs.calls.slice(callsBefore) } as typeof h.ecs),
          [],
        );
      },
    ),
    { numRuns: 300 },
  );
});
