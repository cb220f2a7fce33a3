/**
 * The planner and the rule module against an independent reference model of rule-semantics.md
 * (reference-model.ts), on random groups: ingress and egress, accept and drop, priorities and ties,
 * IPv4 and IPv6 sources of every prefix, every protocol, ports on both sides of the configured ones.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planGroup } from '../../remediation-fn/src/planner';
import { fromLivePermission, riskyRules } from '../../server/src/risk';
import type { LivePermission } from '../../server/src/risk';
import { perm } from './fake-ecs';
import { expandPorts, livePermission, portLists, referenceRisky } from './reference-model';

const group = fc
  .array(livePermission, { maxLength: 30 })
  .map((ps) => ps.map((p, i): LivePermission => ({ ...p, SecurityGroupRuleId: `sgr-${i}` })));
const ids = (ps: readonly LivePermission[]): string[] => ps.map((p) => p.SecurityGroupRuleId!);

void describe('reference model of rule-semantics.md', () => {
  // The model itself, on the contract's own statements.
  const r = (id: string, fields: Partial<LivePermission>): LivePermission => ({
    ...perm(fields),
    SecurityGroupRuleId: id,
  });
  const cases: [string, LivePermission[], number[], string[]][] = [
    ['ssh from 0.0.0.0/0', [r('a', { SourceCidrIp: '0.0.0.0/0' })], [22], ['a']],
    ['any /0 address', [r('a', { SourceCidrIp: '192.0.2.1/0' })], [22], ['a']],
    ['::/0 over udp', [r('a', { Ipv6SourceCidrIp: '::/0', IpProtocol: 'UDP' })], [22], ['a']],
    ['a /1 is not the world', [r('a', { SourceCidrIp: '0.0.0.0/1' })], [22], []],
    [
      'all ignores PortRange',
      [r('a', { SourceCidrIp: '0.0.0.0/0', IpProtocol: 'ALL', PortRange: '80/80' })],
      [22],
      ['a'],
    ],
    ['icmp never', [r('a', { SourceCidrIp: '0.0.0.0/0', IpProtocol: 'ICMP', PortRange: '-1/-1' })], [22], []],
    ['egress never', [r('a', { SourceCidrIp: '0.0.0.0/0', Direction: 'egress' })], [22], []],
    ['drop never', [r('a', { SourceCidrIp: '0.0.0.0/0', Policy: 'Drop' })], [22], []],
    ['another port', [r('a', { SourceCidrIp: '0.0.0.0/0', PortRange: '23/3388' })], [22, 3389], []],
    [
      'a drop at a tie closes',
      [
        r('a', { SourceCidrIp: '0.0.0.0/0', Priority: '5' }),
        r('d', { SourceCidrIp: '0.0.0.0/0', Policy: 'Drop', Priority: '5' }),
      ],
      [22],
      [],
    ],
    [
      'a drop one priority lower does not',
      [
        r('a', { SourceCidrIp: '0.0.0.0/0', Priority: '5' }),
        r('d', { SourceCidrIp: '0.0.0.0/0', Policy: 'Drop', Priority: '6' }),
      ],
      [22],
      ['a'],
    ],
    [
      'an IPv6 drop does not close IPv4',
      [r('a', { SourceCidrIp: '0.0.0.0/0' }), r('d', { Ipv6SourceCidrIp: '::/0', Policy: 'Drop' })],
      [22],
      ['a'],
    ],
    [
      'a drop closing one of two ports',
      [
        r('a', { SourceCidrIp: '0.0.0.0/0', PortRange: '1/65535' }),
        r('d', { SourceCidrIp: '0.0.0.0/0', Policy: 'Drop' }),
      ],
      [22, 3389],
      ['a'],
    ],
  ];
  for (const [name, g, ports, expected] of cases) {
    void it(name, () => assert.deepEqual(ids(referenceRisky(g, ports)), expected));
  }
});

void describe('against the reference model, on random groups', () => {
  void it('the planner revokes exactly the rules the model calls risky, in order', () => {
    fc.assert(
      fc.property(group, portLists, (g, list) => {
        const ports = expandPorts(list);
        const plan = planGroup(g, {
          ports,
          mode: 'revoke',
          trustedCidrs: [],
          exemptTag: { key: 'sg-guard:exempt' },
        });
        assert.deepEqual(
          plan.revoke.map((x) => x.ruleId),
          ids(referenceRisky(g, ports)),
        );
        assert.deepEqual(plan.skipped, []);
      }),
      { numRuns: 1000 },
    );
  });

  void it('the rule module calls risky exactly the rules the model does, egress included in the group', () => {
    fc.assert(
      fc.property(group, portLists, (g, list) => {
        const ports = expandPorts(list);
        assert.deepEqual(
          riskyRules(g.map(fromLivePermission), { ports }).map((a) => g[a.index]!.SecurityGroupRuleId),
          ids(referenceRisky(g, ports)),
        );
      }),
      { numRuns: 1000 },
    );
  });
});
