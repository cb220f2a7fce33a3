/**
 * References to other resources' arguments: the configured value, evaluated where the resource is
 * written (with its count/for_each instance). Computed attributes stay unknown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, byAddress, localIn, plain, ruleWith, textAt, val } from './helpers';

const NETWORK = `variable "vpc_cidr" {
  default = "10.0.0.0/8"
}
resource "alicloud_vpc" "main" {
  cidr_block = var.vpc_cidr
}
resource "alicloud_vswitch" "by_index" {
  count      = 2
  vpc_id     = alicloud_vpc.main.id
  cidr_block = cidrsubnet(alicloud_vpc.main.cidr_block, 8, count.index)
}
resource "alicloud_vswitch" "by_key" {
  for_each   = { a = "10.8.0.0/16", b = "10.9.0.0/16" }
  vpc_id     = alicloud_vpc.main.id
  cidr_block = each.value
}
`;

void test("a rule allowing the VPC's own range is worked out, with the hops it took", () => {
  const files = { '/w/main.tf': NETWORK + ruleWith('alicloud_vpc.main.cidr_block') };
  const a = analyse(files);
  const c = byAddress(a, 'alicloud_security_group_rule.r');
  assert.equal(val(c.sourceCidr), '10.0.0.0/8');
  assert.deepEqual(
    c.sourceCidr.trace.map((t) => t.label),
    ['alicloud_vpc.main.cidr_block', 'var.vpc_cidr (default)'],
  );
  assert.equal(textAt(files, c.sourceCidr.literal), '"10.0.0.0/8"');
  assert.deepEqual(
    a.candidates.filter((x) => x.sourceCidr.state === 'unknown'),
    [],
  );
});

void test('count and for_each instances: the argument of the instance referred to', () => {
  const files = {
    '/w/main.tf': `${NETWORK}locals {
  v = [alicloud_vswitch.by_index[1].cidr_block, alicloud_vswitch.by_key["b"].cidr_block]
}`,
  };
  assert.deepEqual(plain(localIn(files)), ['10.1.0.0/16', '10.9.0.0/16']);
});

void test("a world CIDR copied from another rule's argument is found, pointing at where it is written", () => {
  const files = {
    '/w/main.tf': `${ruleWith('"0.0.0.0/0"')}resource "alicloud_security_group_rule" "copy" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-2"
  cidr_ip           = alicloud_security_group_rule.r.cidr_ip
}
`,
  };
  const c = byAddress(analyse(files), 'alicloud_security_group_rule.copy');
  assert.equal(val(c.sourceCidr), '0.0.0.0/0');
  assert.equal(textAt(files, c.sourceCidr.literal), '"0.0.0.0/0"');
});

void test('computed attributes, whole counted resources, data sources and loops stay unknown', () => {
  const files = {
    '/w/main.tf': `${NETWORK}resource "alicloud_security_group_rule" "a" {
  cidr_ip = alicloud_security_group_rule.b.cidr_ip
}
resource "alicloud_security_group_rule" "b" {
  cidr_ip = alicloud_security_group_rule.a.cidr_ip
}
locals {
  v = [alicloud_vpc.main.id, alicloud_vpc.main.status, alicloud_vswitch.by_index.cidr_block, data.alicloud_vpcs.x.ids, alicloud_security_group_rule.a.cidr_ip]
}`,
  };
  const got = plain(localIn(files)) as string[];
  assert.deepEqual(got.slice(0, 4), [
    '?alicloud_vpc.main.id',
    '?alicloud_vpc.main.status',
    '?alicloud_vswitch.by_index.cidr_block',
    '?data.alicloud_vpcs.x.ids',
  ]);
  assert.match(got[4]!, /^\?/, 'the loop ends as an unknown');
});
