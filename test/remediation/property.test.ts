/**
 * Property: for any security group, remediation leaves exactly the original rules minus those the
 * shared rule module calls risky (the oracle is riskyRules itself, the editor's verdict), and a
 * second run changes nothing — also when throttling and 5xx errors are sprinkled in.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromLivePermission, riskyRules } from '../../server/src/risk';
import type { LivePermission } from '../../server/src/risk';
import { eventFor, harness, mutatingCalls } from './helpers';
import { perm, throttled, unavailable } from './fake-ecs';

const port = fc.oneof(
  fc.constantFrom(21, 22, 23, 80, 443, 3388, 3389, 3390),
  fc.integer({ min: 1, max: 65535 }),
);
const tcpRange = fc.tuple(port, port).map(([a, b]) => `${Math.min(a, b)}/${Math.max(a, b)}`);

const source = fc.oneof(
  fc.constant({ SourceCidrIp: '0.0.0.0/0' }),
  fc.constant({ Ipv6SourceCidrIp: '::/0' }),
  fc.constant({ SourceCidrIp: '203.0.113.0/24' }),
  fc.constant({ Ipv6SourceCidrIp: '2001:db8::/32' }),
  fc.constant({ SourceCidrIp: '10.9.8.7/0' }),
  fc.constant({ SourceGroupId: 'sg-peer' }),
);

const permission = fc
  .record({
    Direction: fc.constantFrom('ingress', 'ingress', 'ingress', 'egress'),
    protocol: fc.constantFrom('TCP', 'TCP', 'UDP', 'ALL', 'ICMP', 'GRE'),
    range: tcpRange,
    source,
    Policy: fc.constantFrom('Accept', 'Accept', 'Drop'),
    Priority: fc.integer({ min: 1, max: 100 }).map(String),
  })
  .map(({ protocol, range, source: src, ...rest }) =>
    perm({
      ...rest,
      ...src,
      IpProtocol: protocol,
      PortRange: protocol === 'TCP' || protocol === 'UDP' ? range : '-1/-1',
    }),
  );

const settings = fc.record({
  ports: fc.constantFrom('22,3389', '22', '3389', '80,443', '22,8000-8010'),
  faults: fc.array(fc.constantFrom('throttle', '5xx'), { maxLength: 3 }),
});

void test('remaining rules = original minus exactly the risky ones; a second run changes nothing', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(permission, { maxLength: 25 }), settings, async (rules, { ports, faults }) => {
      const h = harness({ SG_GUARD_PORTS: ports });
      h.ecs.addGroup('sg-p', rules);
      const original: LivePermission[] = structuredClone(h.ecs.groups.get('sg-p')!.permissions);
      const ingress = original.filter((p) => p.Direction === 'ingress');
      const portList = ports.split(',').flatMap((p) => {
        const [a, b] = p.split('-').map(Number);
        return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i);
      });
      const risky = new Set(
        riskyRules(ingress.map(fromLivePermission), { ports: portList }).map(
          (a) => ingress[a.index]!.SecurityGroupRuleId,
        ),
      );
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
    }),
    { numRuns: 300 },
  );
});
