/** explainAt: the protocol-free "what is at this offset" query the hover renders. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { explainAt, lintModule } from '../../server/src/api/index';
import { memorySource } from '../helpers/memory-source';

const MAIN = `variable "cidrs" {
  default = ["0.0.0.0/0", "10.0.0.0/8"]
}
resource "alicloud_security_group_rule" "ssh" {
  count             = length(var.cidrs)
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = var.cidrs[count.index]
}
resource "alicloud_security_group_rule" "none" {
  count             = 0
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0"
}
`;

describe('explainAt', () => {
  const result = lintModule('/ws', memorySource({ '/ws/main.tf': MAIN }), { today: '2026-11-29' });
  const at = (needle: string, delta = 0): number => MAIN.indexOf(needle) + delta;

  it('on a block header: each instance with its verdict', () => {
    const e = explainAt(result, '/ws/main.tf', MAIN, at('"ssh"'));
    assert.equal(e?.kind, 'block');
    if (e?.kind !== 'block') return;
    assert.equal(e.at, at('resource "alicloud_security_group_rule" "ssh"'));
    assert.deepEqual(
      e.instances.map((i) => [i.candidate.address, i.findings.map((f) => f.ruleId)]),
      [
        ['alicloud_security_group_rule.ssh[0]', ['sg-risky-ports-check']],
        ['alicloud_security_group_rule.ssh[1]', []],
      ],
    );
  });

  it('on a block that creates no instance: says so', () => {
    const e = explainAt(result, '/ws/main.tf', MAIN, at('"none"'));
    assert.equal(e?.kind, 'block');
    if (e?.kind !== 'block') return;
    assert.deepEqual(e.instances, []);
    assert.deepEqual(
      e.empty.map((x) => [x.address, x.metaName]),
      [['alicloud_security_group_rule.none', 'count']],
    );
  });

  it('on an attribute: its value per instance', () => {
    const e = explainAt(result, '/ws/main.tf', MAIN, at('var.cidrs[count.index]', 3));
    assert.equal(e?.kind, 'field');
    if (e?.kind !== 'field') return;
    assert.equal(e.field, 'sourceCidr');
    assert.deepEqual(
      e.values.map((v) => v.value.value),
      ['0.0.0.0/0', '10.0.0.0/8'],
    );
  });

  it('elsewhere: nothing', () => {
    assert.equal(explainAt(result, '/ws/main.tf', MAIN, at('variable')), undefined);
  });
});
