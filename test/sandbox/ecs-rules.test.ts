// ECS conformance through the unmodified @alicloud/ecs20140526 SDK: authorizing, describing and
// revoking security group rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ecsSuite, type Permission } from './ecs-calls';
import { sdkError } from './helpers';

const api = ecsSuite();

void describe('security group rules', () => {
  void it('authorizes rules with sgr- ids and the API spelling of every field', async () => {
    const id = await api.createGroup();
    await api.authorize(id, [
      { ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '0.0.0.0/0', description: 'ssh' },
      { ipProtocol: 'all', portRange: '-1/-1', ipv6SourceCidrIp: '::/0', policy: 'drop', priority: '5' },
    ]);
    const list = await api.rules(id);
    assert.equal(list.length, 2);
    const [ssh, v6] = list;
    assert.match(ssh!.securityGroupRuleId!, /^sgr-[a-z0-9]{20}$/);
    assert.equal(ssh!.ipProtocol, 'TCP');
    assert.equal(ssh!.portRange, '22/22');
    assert.equal(ssh!.sourceCidrIp, '0.0.0.0/0');
    assert.equal(ssh!.ipv6SourceCidrIp, '');
    assert.equal(ssh!.policy, 'Accept');
    assert.equal(ssh!.priority, '1');
    assert.equal(ssh!.direction, 'ingress');
    assert.equal(ssh!.nicType, 'intranet');
    assert.equal(ssh!.description, 'ssh');
    assert.match(ssh!.createTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(v6!.ipProtocol, 'ALL');
    assert.equal(v6!.policy, 'Drop');
    assert.equal(v6!.priority, '5');
    assert.equal(v6!.ipv6SourceCidrIp, '::/0');
  });

  void it('treats a duplicate authorize as a success that adds nothing', async () => {
    const id = await api.createGroup();
    const https: Permission = { ipProtocol: 'TCP', portRange: '443/443', sourceCidrIp: '0.0.0.0/0' };
    await api.authorize(id, [https]);
    await api.authorize(id, [https, https]);
    assert.equal((await api.rules(id)).length, 1);
  });

  void it('rejects invalid rules with the API codes', async () => {
    const id = await api.createGroup();
    const cases: [Permission, string][] = [
      [{ ipProtocol: 'tcp', portRange: '-1/-1', sourceCidrIp: '0.0.0.0/0' }, 'InvalidPortRange.Malformed'],
      [{ ipProtocol: 'tcp', portRange: '30/20', sourceCidrIp: '0.0.0.0/0' }, 'InvalidPortRange.Malformed'],
      [{ ipProtocol: 'icmp', portRange: '22/22', sourceCidrIp: '0.0.0.0/0' }, 'InvalidPortRange.Malformed'],
      [{ ipProtocol: 'sctp', portRange: '1/2', sourceCidrIp: '0.0.0.0/0' }, 'InvalidIpProtocol.Malformed'],
      [{ ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '::/0' }, 'InvalidParameter'],
      [
        { ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '1.2.3.4/32', priority: '101' },
        'InvalidPriority.Malformed',
      ],
      [{ ipProtocol: 'tcp', portRange: '22/22' }, 'MissingParameter'],
    ];
    for (const [p, code] of cases)
      assert.equal((await sdkError(api.authorize(id, [p]))).code, code, JSON.stringify(p));
  });

  void it('revokes by SecurityGroupRuleId, failing the whole call on an unknown id', async () => {
    const id = await api.createGroup();
    await api.authorize(
      id,
      ['22/22', '80/80', '443/443'].map((portRange) => ({
        ipProtocol: 'TCP',
        portRange,
        sourceCidrIp: '0.0.0.0/0',
      })),
    );
    const [a, b] = await api.rules(id);
    const err = await sdkError(
      api.revoke(id, { securityGroupRuleId: [a!.securityGroupRuleId!, 'sgr-unknown'] }),
    );
    assert.equal(err.code, 'InvalidParam.SecurityGroupRuleId');
    assert.equal((await api.rules(id)).length, 3, 'nothing revoked when one id is unknown');
    await api.revoke(id, { securityGroupRuleId: [a!.securityGroupRuleId!, b!.securityGroupRuleId!] });
    assert.deepEqual(
      (await api.rules(id)).map((r) => r.portRange),
      ['443/443'],
    );
    const ids = Array.from({ length: 101 }, (_, i) => `sgr-${i}`);
    const tooMany = await sdkError(api.revoke(id, { securityGroupRuleId: ids }));
    assert.equal(tooMany.code, 'InvalidParam.SecurityGroupRuleId');
  });

  void it('revokes by Permissions tuples; a tuple matching nothing is a silent success', async () => {
    const id = await api.createGroup();
    const ssh = { ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '0.0.0.0/0' };
    await api.authorize(id, [{ ...ssh, ipProtocol: 'TCP', priority: '3' }]);
    await api.revoke(id, { permissions: [ssh] });
    assert.equal(
      (await api.rules(id)).length,
      1,
      'priority 1 (the default) does not match the priority-3 rule',
    );
    await api.revoke(id, { permissions: [{ ...ssh, priority: '3' }] });
    assert.equal((await api.rules(id)).length, 0);
  });

  void it('pages rules with MaxResults 10..1000 and filters by direction', async () => {
    const id = await api.createGroup();
    await api.authorize(
      id,
      Array.from({ length: 25 }, (_, i) => ({
        ipProtocol: 'TCP',
        portRange: `${1000 + i}/${1000 + i}`,
        sourceCidrIp: '10.0.0.0/8',
      })),
    );
    await api.authorizeEgress(id, [{ ipProtocol: 'ALL', portRange: '-1/-1', destCidrIp: '0.0.0.0/0' }]);
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const res = await api.describeRules({ securityGroupId: id, maxResults: 10, nextToken });
      seen.push(...(res.body!.permissions?.permission ?? []).map((p) => p.portRange!));
      nextToken = res.body!.nextToken || undefined;
      pages++;
    } while (nextToken);
    assert.equal(pages, 3);
    assert.equal(seen.length, 26);
    assert.equal(new Set(seen).size, 26);
    assert.deepEqual(
      (await api.rules(id, 'egress')).map((r) => [r.direction, r.destCidrIp, r.ipProtocol]),
      [['egress', '0.0.0.0/0', 'ALL']],
    );
    for (const maxResults of [9, 1001]) {
      const err = await sdkError(api.describeRules({ securityGroupId: id, maxResults }));
      assert.equal(err.code, 'InvalidParameter');
    }
  });
});
