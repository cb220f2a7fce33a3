/** The findings tree model: streaming updates, ordering, labels, errors, welcome states. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupFindings } from '../../client/src/cloud/core/findings/findings';
import { judgePermissions } from '../../client/src/cloud/core/findings/findings';
import { FindingsModel, type TreeNode } from '../../client/src/cloud/core/tree/tree-model';
import { world22 } from './permissions';

const world3389v6 = {
  SecurityGroupRuleId: 'sgr-rdp',
  IpProtocol: 'TCP',
  PortRange: '3389/3389',
  Ipv6SourceCidrIp: '::/0',
  Policy: 'Accept',
  Priority: '1',
};
const office22 = {
  SecurityGroupRuleId: 'sgr-office',
  IpProtocol: 'TCP',
  PortRange: '22/22',
  SourceCidrIp: '203.0.113.0/24',
};

function group(
  id: string,
  name: string,
  permissions: Record<string, string>[],
  region = 'cn-hangzhou',
): GroupFindings {
  return {
    accountId: '42',
    region,
    groupId: id,
    name,
    vpcId: 'vpc-1',
    serviceManaged: false,
    tags: [],
    findings: judgePermissions(permissions),
  };
}

const labels = (m: FindingsModel, nodes: TreeNode[]) => nodes.map((n) => m.view(n).label);

describe('findings tree model', () => {
  it('builds account → region → group → rule as results stream in', () => {
    const m = new FindingsModel();
    let changes = 0;
    m.onDidChange(() => changes++);
    assert.equal(m.state, 'idle');
    assert.deepEqual(m.roots(), []);
    m.begin([{ accountId: '42', label: 'Account 42 (sandbox)' }], { kind: 'scan' });
    m.apply('42', { type: 'region-start', region: 'cn-hangzhou' });
    m.apply('42', { type: 'group', region: 'cn-hangzhou', group: group('sg-a', 'web', [office22]) });
    m.apply('42', { type: 'group', region: 'cn-hangzhou', group: group('sg-b', 'bastion', [world22]) });
    assert.equal(m.state, 'scanning');
    const [account] = m.roots();
    const [region] = m.children(account);
    assert.equal(m.view(region!).description, 'scanning… 2 groups checked');
    assert.equal(m.view(region!).icon, 'loading~spin');
    m.apply('42', {
      type: 'group',
      region: 'cn-hangzhou',
      group: group('sg-c', 'jump', [world22, world3389v6]),
    });
    m.apply('42', { type: 'region-done', region: 'cn-hangzhou', scanned: 3, failedGroups: 0 });
    m.finish();
    assert.equal(m.state, 'findings');
    assert.ok(changes >= 6);
    assert.equal(m.view(region!).description, '2 exposed of 3 groups');
    // Most findings first; the clean group is not listed.
    const groups = m.children(region);
    assert.deepEqual(labels(m, groups), ['jump', 'bastion']);
    assert.equal(m.view(groups[0]!).description, 'sg-c · vpc-1 · 2 findings');
    const rules = m.children(groups[0]);
    assert.deepEqual(labels(m, rules), ['SSH (22/tcp) from 0.0.0.0/0', 'RDP (3389/tcp) from ::/0']);
    const rdp = m.view(rules[1]!);
    assert.equal(rdp.description, 'TCP 3389 · sgr-rdp');
    assert.match(rdp.tooltip, /opens RDP \(3389\/tcp\) to the whole Internet \(::\/0\)/);
    assert.equal(rdp.contextValue, 'sgGuard.rule');
    assert.equal(m.view(account!).description, '3 findings · direct scan');
    assert.deepEqual(m.totals(), { groups: 2, findings: 3, errors: 0 });
  });

  it('drops a group that a re-check finds clean, and shows welcome content when nothing is left', () => {
    const m = new FindingsModel();
    m.begin([{ accountId: '42', label: 'a' }], { kind: 'scan' });
    m.apply('42', { type: 'group', region: 'cn-hangzhou', group: group('sg-b', 'bastion', [world22]) });
    m.finish();
    assert.ok(m.findGroup('42', 'sg-b'));
    m.updateGroup(group('sg-b', 'bastion', [office22]));
    assert.equal(m.findGroup('42', 'sg-b'), undefined);
    assert.equal(m.state, 'clean');
    assert.deepEqual(m.roots(), []);
  });

  it('names accounts that appear with their results by the labels given at the start', () => {
    const m = new FindingsModel();
    m.begin([], { kind: 'config', ruleName: 'r' }, new Map([['42', 'Account 42 (sandbox)']]));
    for (const account of ['42', '43'])
      m.apply(account, {
        type: 'group',
        region: 'cn-hangzhou',
        group: group(`sg-${account}`, 'web', [world22]),
      });
    m.finish();
    assert.deepEqual(labels(m, m.roots()), ['Account 42 (sandbox)', 'Account 43']);
  });

  it('shows errors on the node that failed, and keeps the tree visible', () => {
    const m = new FindingsModel();
    m.begin([{ accountId: '42', label: 'a' }], { kind: 'config', ruleName: 'sg-guard-risky-ports' });
    m.apply('42', {
      type: 'region-error',
      region: 'cn-beijing',
      error: { code: 'Forbidden.RAM', message: 'denied', deniedAction: 'ecs:DescribeSecurityGroups' },
    });
    m.apply('42', {
      type: 'group-error',
      region: 'cn-hangzhou',
      groupId: 'sg-x',
      error: { code: 'Throttling.User', message: 'Request was denied due to user flow control.' },
    });
    m.finish();
    assert.equal(m.state, 'error');
    const [account] = m.roots();
    assert.match(m.view(account!).description!, /Config rule sg-guard-risky-ports/);
    const [beijing, hangzhou] = m.children(account);
    assert.equal(m.view(beijing!).description, 'Forbidden.RAM: ecs:DescribeSecurityGroups');
    assert.deepEqual(labels(m, m.children(beijing)), ['Forbidden.RAM: ecs:DescribeSecurityGroups']);
    assert.deepEqual(labels(m, m.children(hangzhou)), [
      'sg-x: Throttling.User: Request was denied due to user flow control.',
    ]);
    m.accountError('42', {
      code: 'InvalidAccessKeyId.NotFound',
      message: 'Specified access key is not found.',
    });
    assert.equal(m.children(account)[0]!.kind, 'message');
  });

  it('shows a Config-flagged group whose configuration our rule module finds clean, with Config’s annotation', () => {
    const m = new FindingsModel();
    m.begin([{ accountId: '42', label: 'a' }], { kind: 'config', ruleName: 'r' });
    m.apply('42', {
      type: 'group',
      region: 'cn-hangzhou',
      group: { ...group('sg-s', 'stale', [office22]), configAnnotation: '{"configuration":"x"}' },
    });
    m.finish();
    const g = m.children(m.children(m.roots()[0])[0])[0]!;
    assert.match(m.view(g).description!, /non-compliant \(Config\)/);
    assert.equal(m.view(g).collapsible, 'none');
  });
});
