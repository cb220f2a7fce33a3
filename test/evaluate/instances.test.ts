/** count / for_each expansion and Terraform addresses. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, byAddress, textAt, val } from './helpers';

const rule = (meta: string, cidr: string, extra = ''): Record<string, string> => ({
  '/w/main.tf': `resource "alicloud_security_group_rule" "r" {
  ${meta}
  type              = "ingress"
  security_group_id = "sg-1"
  cidr_ip           = ${cidr}
}
variable "u" {}
${extra}`,
});

const expansions: [string, string, string, string[]][] = [
  ['no meta-argument', '', '"0.0.0.0/0"', ['alicloud_security_group_rule.r']],
  [
    'count',
    'count = 2',
    '"0.0.0.0/0"',
    ['alicloud_security_group_rule.r[0]', 'alicloud_security_group_rule.r[1]'],
  ],
  ['count = 0', 'count = 0', '"0.0.0.0/0"', []],
  ['count from a bool conditional', 'count = false ? 1 : 0', '"0.0.0.0/0"', []],
  [
    'for_each over a map',
    'for_each = { ssh = "22/22", rdp = "3389/3389" }',
    'each.key',
    ['alicloud_security_group_rule.r["rdp"]', 'alicloud_security_group_rule.r["ssh"]'],
  ],
  [
    'for_each over a set',
    'for_each = toset(["b", "a"])',
    'each.value',
    ['alicloud_security_group_rule.r["a"]', 'alicloud_security_group_rule.r["b"]'],
  ],
  ['for_each over an empty map', 'for_each = {}', 'each.value', []],
  ['unknown count', 'count = length(var.u)', '"0.0.0.0/0"', ['alicloud_security_group_rule.r']],
  ['unknown for_each', 'for_each = var.u', 'each.value', ['alicloud_security_group_rule.r']],
  [
    'huge count is unknown, not a hang',
    'count = 100000000',
    '"0.0.0.0/0"',
    ['alicloud_security_group_rule.r'],
  ],
];

for (const [name, meta, cidr, addresses] of expansions) {
  void test(`instances: ${name}`, () => {
    const a = analyse(rule(meta, cidr));
    assert.deepEqual(
      a.candidates.map((c) => c.address),
      addresses,
    );
    // A block with no instance is reported apart, with the meta-argument that made it so.
    const files = rule(meta, cidr);
    assert.deepEqual(
      a.emptyRules.map((e) => [e.address, e.metaName, textAt(files, e.meta)]),
      addresses.length === 0
        ? [['alicloud_security_group_rule.r', meta.split(' ')[0], meta.slice(meta.indexOf('=') + 2)]]
        : [],
    );
  });
}

void test('a module rule with no instance in one call and one in another is reported per call', () => {
  const files = {
    '/w/main.tf': `module "on" {
  source = "./m"
  n      = 1
}
module "off" {
  source = "./m"
  n      = 0
}
`,
    '/w/m/main.tf': `variable "n" {}
resource "alicloud_security_group_rule" "r" {
  count             = var.n
  type              = "ingress"
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0"
}
`,
  };
  const a = analyse(files);
  assert.deepEqual(
    a.candidates.map((c) => c.address),
    ['module.on.alicloud_security_group_rule.r[0]'],
  );
  assert.deepEqual(
    a.emptyRules.map((e) => [e.address, textAt(files, e.block)?.split('\n')[0]]),
    [['module.off.alicloud_security_group_rule.r', 'resource "alicloud_security_group_rule" "r" {']],
  );
});

void test('count.index selects per instance; the literal is the list element', () => {
  const files = rule(
    'count = length(local.cidrs)',
    'local.cidrs[count.index]',
    'locals {\n  cidrs = ["10.0.0.0/8", "0.0.0.0/0"]\n}',
  );
  const c = byAddress(analyse(files), 'alicloud_security_group_rule.r[1]');
  assert.equal(val(c.sourceCidr), '0.0.0.0/0');
  assert.equal(textAt(files, c.sourceCidr.literal), '"0.0.0.0/0"');
  assert.equal(c.sourceCidr.trace[0]?.label, 'local.cidrs');
});

void test('each.value carries an each step, then where the collection came from', () => {
  const files = rule(
    'for_each = var.rules',
    'each.value.cidr',
    'variable "rules" {\n  default = { ssh = { cidr = "0.0.0.0/0" } }\n}',
  );
  const c = byAddress(analyse(files), 'alicloud_security_group_rule.r["ssh"]');
  assert.equal(val(c.sourceCidr), '0.0.0.0/0');
  assert.deepEqual(
    c.sourceCidr.trace.map((s) => s.kind),
    ['each', 'variable-default'],
  );
  assert.equal(textAt(files, c.sourceCidr.trace[0]!.loc), 'var.rules');
  assert.equal(textAt(files, c.sourceCidr.literal), '"0.0.0.0/0"');
});

void test('unknown instances: one candidate, flagged, with what it depends on', () => {
  const c = analyse(rule('count = length(var.u)', '"0.0.0.0/0"')).candidates[0]!;
  assert.equal(c.instancesUnknown, true);
  assert.deepEqual(c.instancesDeps, ['var.u']);
  assert.equal(val(c.sourceCidr), '0.0.0.0/0');
});

void test('unknown each.value gives unknown fields, not a crash', () => {
  const c = analyse(rule('for_each = var.u', 'each.value')).candidates[0]!;
  assert.equal(c.sourceCidr.state, 'unknown');
  assert.deepEqual(c.sourceCidr.deps, ['var.u']);
});

void test('fields: every attribute maps to its field; absent and null are absent', () => {
  const files = {
    '/w/main.tf': `resource "alicloud_security_group_rule" "r" {
  type                     = "ingress"
  policy                   = null
  ip_protocol              = "tcp"
  port_range               = "22/22"
  ipv6_cidr_ip             = "::/0"
  source_security_group_id = alicloud_security_group.peer.id
  prefix_list_id           = "pl-1"
  priority                 = "3"
  security_group_id        = alicloud_security_group.default.id
}`,
  };
  const c = byAddress(analyse(files), 'alicloud_security_group_rule.r');
  assert.equal(val(c.direction), 'ingress');
  assert.equal(c.policy.state, 'absent');
  assert.equal(textAt(files, c.policy.loc), 'null');
  assert.equal(val(c.protocol), 'tcp');
  assert.equal(val(c.portRange), '22/22');
  assert.equal(c.sourceCidr.state, 'absent');
  assert.equal(val(c.sourceIpv6Cidr), '::/0');
  assert.deepEqual(c.sourceGroupId.deps, ['alicloud_security_group.peer.id']);
  assert.equal(val(c.prefixListId), 'pl-1');
  assert.equal(val(c.priority), 3);
  assert.equal(c.groupKey, 'alicloud_security_group.default.id');
  assert.equal(c.kind, 'resource');
  assert.equal(textAt(files, c.block)?.startsWith('resource "alicloud_security_group_rule" "r"'), true);
});

void test('groupKey: known id, or the resource it depends on', () => {
  const files = {
    '/w/main.tf': `resource "alicloud_security_group_rule" "a" {
  security_group_id = "sg-123"
}
resource "alicloud_security_group_rule" "b" {
  security_group_id = alicloud_security_group.this[0].id
}`,
  };
  const a = analyse(files);
  assert.equal(byAddress(a, 'alicloud_security_group_rule.a').groupKey, 'sg-123');
  assert.equal(byAddress(a, 'alicloud_security_group_rule.b').groupKey, 'alicloud_security_group.this[0].id');
});

void test('.tf.json resources are evaluated like native syntax, with exact locations', () => {
  const json = JSON.stringify(
    {
      variable: { cidr: { default: '0.0.0.0/0' } },
      resource: {
        alicloud_security_group_rule: {
          ssh: {
            type: 'ingress',
            ip_protocol: 'tcp',
            port_range: '22/22',
            cidr_ip: '${var.cidr}',
            security_group_id: 'sg-1',
          },
        },
      },
    },
    null,
    2,
  );
  const files = { '/w/main.tf.json': json };
  const c = byAddress(analyse(files), 'alicloud_security_group_rule.ssh');
  assert.equal(val(c.sourceCidr), '0.0.0.0/0');
  assert.equal(val(c.portRange), '22/22');
  assert.equal(c.sourceCidr.trace[0]?.kind, 'variable-default');
  assert.equal(textAt(files, c.sourceCidr.literal), '"0.0.0.0/0"');
});
