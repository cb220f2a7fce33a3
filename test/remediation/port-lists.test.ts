/**
 * Issue 12, mismatch 5: a rule may name a port list (PortRangeListId) instead of a PortRange. An
 * empty PortRange was read as "all ports", so a world-open rule whose list holds only 443 was flagged
 * and revoked. The list's entries are now read (DescribePortRangeListEntries) and judged; a list that
 * cannot be read, or a tcp/udp rule with neither, is "cannot verify": reported, never revoked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeLiveGroup } from '../../remediation-fn/src/public';
import { forbidden, perm } from './fake-ecs';
import { eventFor, harness, mutatingCalls } from './helpers';

const viaList = (id: string, extra = {}) =>
  perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '', PortRangeListId: id, ...extra });

describe('port lists in the remediation function', () => {
  it('a world-open rule whose list holds only 443 is not revoked', async () => {
    const h = harness();
    h.ecs.portLists.set('prl-web', ['443/443']);
    const [rule] = h.ecs.addGroup('sg-web', [viaList('prl-web')]);
    const result = await h.run(eventFor('sg-web'));
    assert.equal(result.groups[0]!.status, 'compliant');
    assert.deepEqual(mutatingCalls(h.ecs), []);
    assert.deepEqual(h.ecs.ruleIds('sg-web'), [rule]);
    assert.ok(h.ecs.calls.some((c) => c.action === 'DescribePortRangeListEntries'));
  });

  it('a world-open rule whose list holds 22 is revoked, the finding naming the list', async () => {
    const h = harness();
    h.ecs.portLists.set('prl-admin', ['443/443', '20/25']);
    const [rule] = h.ecs.addGroup('sg-admin', [viaList('prl-admin')]);
    const result = await h.run(eventFor('sg-admin'));
    const g = result.groups[0]!;
    assert.equal(g.status, 'remediated');
    assert.deepEqual(
      g.revoked.map((r) => r.ruleId),
      [rule],
    );
    assert.match(g.revoked[0]!.finding, /SSH \(22\/tcp\).*through port list prl-admin/);
  });

  it('a list that cannot be read is "cannot verify": skipped with the reason, never revoked', async () => {
    const h = harness();
    h.ecs.portLists.set('prl-secret', ['22/22']);
    h.ecs.fail('DescribePortRangeListEntries', forbidden());
    const [rule] = h.ecs.addGroup('sg-secret', [viaList('prl-secret')]);
    const result = await h.run(eventFor('sg-secret'));
    const g = result.groups[0]!;
    assert.deepEqual(mutatingCalls(h.ecs), []);
    assert.deepEqual(h.ecs.ruleIds('sg-secret'), [rule]);
    assert.equal(g.status, 'skipped');
    assert.deepEqual(
      g.skipped.map((s) => [s.reason, s.ruleId]),
      [['cannot-verify', rule]],
    );
    assert.match(g.skipped[0]!.finding!, /port list prl-secret could not be read \(Forbidden\.RAM\)/);
  });

  it('judgeLiveGroup: no range and no list is "cannot verify", not "every port"', () => {
    const j = judgeLiveGroup(
      [{ ...perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '' }), SecurityGroupRuleId: 'sgr-1' }],
      new Map(),
    );
    assert.deepEqual(j.risky, []);
    assert.match(j.unverifiable[0]!.reason, /neither a port range nor a port list/);
    // The same rule from a private range is nobody's concern: no finding, nothing to verify.
    const inner = judgeLiveGroup([perm({ SourceCidrIp: '10.0.0.0/8', PortRange: '' })], new Map());
    assert.deepEqual([inner.risky, inner.unverifiable], [[], []]);
  });

  it('an accept rule an unreadable drop list might close is "cannot verify", not risky', () => {
    const j = judgeLiveGroup(
      [
        {
          ...perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '22/22', Priority: '10' }),
          SecurityGroupRuleId: 'sgr-accept',
        },
        { ...viaList('prl-drops', { Policy: 'Drop', Priority: '1' }), SecurityGroupRuleId: 'sgr-drop' },
      ],
      new Map([['prl-drops', { error: 'Forbidden.RAM' }]]),
    );
    assert.deepEqual(j.risky, []);
    assert.deepEqual(j.unverifiable.map((u) => u.permission.SecurityGroupRuleId).sort(), [
      'sgr-accept',
      'sgr-drop',
    ]);
  });

  it('a drop list that is read closes the port it names', () => {
    const j = judgeLiveGroup(
      [
        perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '22/22', Priority: '10' }),
        viaList('prl-drops', { Policy: 'Drop', Priority: '1' }),
      ],
      new Map([['prl-drops', { ranges: ['22/22'] }]]),
    );
    assert.deepEqual([j.risky, j.unverifiable], [[], []]);
  });
});
