import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupSkipReason, planGroup } from '../../remediation-fn/src/planner';
import type { PlanSettings } from '../../remediation-fn/src/planner';
import type { LivePermission } from '../../server/src/risk';
import { perm } from './fake-ecs';

const revoke: PlanSettings = {
  ports: [22, 3389],
  mode: 'revoke',
  trustedCidrs: [],
  exemptTag: { key: 'sg-guard:exempt' },
};
const narrow: PlanSettings = {
  ...revoke,
  mode: 'narrow',
  trustedCidrs: [
    { cidr: '203.0.113.0/24', family: 'ipv4' },
    { cidr: '198.51.100.7/32', family: 'ipv4' },
    { cidr: '2001:db8::/32', family: 'ipv6' },
  ],
};

const rule = (id: string, fields: Partial<LivePermission>): LivePermission => ({
  ...perm(fields),
  SecurityGroupRuleId: id,
});

/** The brief's mixed group: only world 22, ::/0 3389 and world `all` are risky. */
const mixed: LivePermission[] = [
  rule('world-22', { SourceCidrIp: '0.0.0.0/0', PortRange: '22/22' }),
  rule('world-3389-drop', { SourceCidrIp: '0.0.0.0/0', PortRange: '3389/3389', Policy: 'Drop' }),
  rule('world-443', { SourceCidrIp: '0.0.0.0/0', PortRange: '443/443' }),
  rule('office-22', { SourceCidrIp: '203.0.113.0/24', PortRange: '22/22' }),
  rule('egress-22', { Direction: 'egress', SourceCidrIp: '0.0.0.0/0', PortRange: '22/22' }),
  rule('v6-3389', { Ipv6SourceCidrIp: '::/0', PortRange: '3389/3389' }),
  rule('world-all', { SourceCidrIp: '0.0.0.0/0', IpProtocol: 'ALL', PortRange: '-1/-1' }),
  rule('group-22', { SourceGroupId: 'sg-other', PortRange: '22/22' }),
  rule('world-icmp', { SourceCidrIp: '0.0.0.0/0', IpProtocol: 'ICMP', PortRange: '-1/-1' }),
];

const cases: [string, LivePermission[], PlanSettings, string[]][] = [
  ['mixed group', mixed, revoke, ['world-22', 'v6-3389', 'world-all']],
  ['custom ports replace the default', mixed, { ...revoke, ports: [443] }, ['world-443', 'world-all']],
  [
    'udp 3389 from the world',
    [rule('u', { IpProtocol: 'UDP', PortRange: '3389/3389', SourceCidrIp: '0.0.0.0/0' })],
    revoke,
    ['u'],
  ],
  [
    'a wide tcp range covering 22',
    [rule('r', { PortRange: '1/1024', SourceCidrIp: '0.0.0.0/0' })],
    revoke,
    ['r'],
  ],
  ['a range next to 22', [rule('r', { PortRange: '23/3388', SourceCidrIp: '0.0.0.0/0' })], revoke, []],
  ['any /0 address', [rule('r', { SourceCidrIp: '10.1.2.3/0' })], revoke, ['r']],
  ['a /1 is not the world', [rule('r', { SourceCidrIp: '0.0.0.0/1' })], revoke, []],
  [
    'lower-case enums',
    [rule('r', { IpProtocol: 'tcp', Policy: 'accept', SourceCidrIp: '0.0.0.0/0' })],
    revoke,
    ['r'],
  ],
  [
    'a higher-priority world drop closes 22',
    [
      rule('a', { SourceCidrIp: '0.0.0.0/0', Priority: '10' }),
      rule('d', { SourceCidrIp: '0.0.0.0/0', Priority: '5', Policy: 'Drop' }),
    ],
    revoke,
    [],
  ],
  [
    'a lower-priority drop does not',
    [
      rule('a', { SourceCidrIp: '0.0.0.0/0', Priority: '5' }),
      rule('d', { SourceCidrIp: '0.0.0.0/0', Priority: '10', Policy: 'Drop' }),
    ],
    revoke,
    ['a'],
  ],
  [
    'an IPv4 drop does not close an IPv6 accept',
    [rule('a', { Ipv6SourceCidrIp: '::/0' }), rule('d', { SourceCidrIp: '0.0.0.0/0', Policy: 'Drop' })],
    revoke,
    ['a'],
  ],
  ['egress only', [rule('e', { Direction: 'egress', SourceCidrIp: '0.0.0.0/0' })], revoke, []],
  ['empty group', [], revoke, []],
];

for (const [name, rules, settings, expected] of cases) {
  void test(`plan: ${name}`, () => {
    const plan = planGroup(rules, settings);
    assert.deepEqual(
      plan.revoke.map((r) => r.ruleId),
      expected,
    );
    for (const item of plan.revoke) {
      assert.deepEqual(item.authorize, []);
      assert.match(item.finding, /whole Internet/);
      assert.equal(
        item.permission,
        rules.find((r) => r.SecurityGroupRuleId === item.ruleId),
      );
    }
  });
}

void test('a risky rule without a rule id is skipped with a reason, not guessed at', () => {
  const p = perm({ SourceCidrIp: '0.0.0.0/0' });
  const plan = planGroup([p], revoke);
  assert.deepEqual(plan.revoke, []);
  assert.equal(plan.skipped.length, 1);
  assert.equal(plan.skipped[0]!.reason, 'no-rule-id');
});

void test('narrow: same protocol and range from each trusted CIDR of the same family', () => {
  const plan = planGroup(mixed, narrow);
  const byId = new Map(plan.revoke.map((r) => [r.ruleId, r]));
  assert.deepEqual([...byId.keys()], ['world-22', 'v6-3389', 'world-all']);
  assert.deepEqual(
    byId
      .get('world-22')!
      .authorize.map((p) => [p.IpProtocol, p.PortRange, p.SourceCidrIp, p.Ipv6SourceCidrIp, p.Policy]),
    [['TCP', '22/22', '198.51.100.7/32', undefined, 'accept']],
  );
  // The office range already has an equivalent accept rule: nothing to add for it.
  assert.deepEqual(byId.get('world-22')!.alreadyAuthorized, ['203.0.113.0/24']);
  assert.deepEqual(
    byId.get('v6-3389')!.authorize.map((p) => [p.PortRange, p.SourceCidrIp, p.Ipv6SourceCidrIp]),
    [['3389/3389', undefined, '2001:db8::/32']],
  );
  assert.deepEqual(
    byId.get('world-all')!.authorize.map((p) => [p.IpProtocol, p.PortRange, p.SourceCidrIp]),
    [
      ['ALL', '-1/-1', '203.0.113.0/24'],
      ['ALL', '-1/-1', '198.51.100.7/32'],
    ],
  );
  for (const p of byId.get('world-22')!.authorize) {
    assert.equal(p.Priority, '1');
    assert.equal(p.NicType, 'intranet');
    assert.match(p.Description!, /world-22/);
  }
});

void test('narrow: two world rules for the same port add the trusted rule once', () => {
  const rules = [
    rule('a', { SourceCidrIp: '0.0.0.0/0', Priority: '1' }),
    rule('b', { SourceCidrIp: '0.0.0.0/0', Priority: '2' }),
  ];
  const settings: PlanSettings = { ...narrow, trustedCidrs: [{ cidr: '203.0.113.0/24', family: 'ipv4' }] };
  const plan = planGroup(rules, settings);
  assert.equal(plan.revoke[0]!.authorize.length, 1);
  assert.deepEqual(plan.revoke[1]!.authorize, []);
  assert.deepEqual(plan.revoke[1]!.alreadyAuthorized, ['203.0.113.0/24']);
  assert.deepEqual(plan.revoke[1]!.reliesOn, ['a']);
  assert.deepEqual(plan.revoke[0]!.reliesOn, []);
});

void test('narrow: a world rule with no trusted CIDR of its family is still revoked', () => {
  const settings: PlanSettings = { ...narrow, trustedCidrs: [{ cidr: '203.0.113.0/24', family: 'ipv4' }] };
  const plan = planGroup([rule('v6', { Ipv6SourceCidrIp: '::/0' })], settings);
  assert.deepEqual(
    plan.revoke.map((r) => [r.ruleId, r.authorize.length]),
    [['v6', 0]],
  );
});

const skips: [
  string,
  Parameters<typeof groupSkipReason>[0],
  PlanSettings['exemptTag'],
  string | undefined,
][] = [
  ['plain group', { SecurityGroupId: 'sg', Tags: [] }, { key: 'sg-guard:exempt' }, undefined],
  [
    'service-managed',
    { SecurityGroupId: 'sg', ServiceManaged: true, Tags: [] },
    { key: 'sg-guard:exempt' },
    'service-managed',
  ],
  [
    'exempt tag, any value',
    { SecurityGroupId: 'sg', Tags: [{ TagKey: 'sg-guard:exempt', TagValue: '' }] },
    { key: 'sg-guard:exempt' },
    'exempt-tag',
  ],
  [
    'other tag',
    { SecurityGroupId: 'sg', Tags: [{ TagKey: 'team', TagValue: 'sg-guard:exempt' }] },
    { key: 'sg-guard:exempt' },
    undefined,
  ],
  [
    'KEY=VALUE matches',
    { SecurityGroupId: 'sg', Tags: [{ TagKey: 'guard', TagValue: 'off' }] },
    { key: 'guard', value: 'off' },
    'exempt-tag',
  ],
  [
    'KEY=VALUE other value',
    { SecurityGroupId: 'sg', Tags: [{ TagKey: 'guard', TagValue: 'on' }] },
    { key: 'guard', value: 'off' },
    undefined,
  ],
];

for (const [name, group, tag, expected] of skips) {
  void test(`group scope: ${name}`, () => assert.equal(groupSkipReason(group, tag), expected));
}

void test('narrow: a drop rule from a trusted CIDR is no replacement: the accept rule is still added', () => {
  const settings: PlanSettings = { ...narrow, trustedCidrs: [{ cidr: '203.0.113.0/24', family: 'ipv4' }] };
  const plan = planGroup(
    [
      rule('world', { SourceCidrIp: '0.0.0.0/0', Priority: '5' }),
      rule('office-drop', { SourceCidrIp: '203.0.113.0/24', Policy: 'Drop', Priority: '10' }),
    ],
    settings,
  );
  assert.deepEqual(
    plan.revoke.map((r) => [r.ruleId, r.authorize.map((p) => p.SourceCidrIp), r.alreadyAuthorized]),
    [['world', ['203.0.113.0/24'], []]],
  );
});

void test('narrow: an existing accept rule matches whatever the case and spaces of its protocol and source', () => {
  const settings: PlanSettings = { ...narrow, trustedCidrs: [{ cidr: '2001:DB8::/32', family: 'ipv6' }] };
  const plan = planGroup(
    [
      rule('world', { Ipv6SourceCidrIp: '::/0', IpProtocol: 'TCP' }),
      rule('office', {
        SourceCidrIp: undefined,
        Ipv6SourceCidrIp: ' 2001:db8::/32 ',
        IpProtocol: ' tcp ',
        PortRange: ' 22/22 ',
      }),
    ],
    settings,
  );
  assert.deepEqual(
    plan.revoke.map((r) => [r.ruleId, r.authorize.length, r.alreadyAuthorized]),
    [['world', 0, ['2001:DB8::/32']]],
  );
});

void test("narrow: an `all` rule's replacement carries -1/-1 whatever range the API echoes", () => {
  const settings: PlanSettings = { ...narrow, trustedCidrs: [{ cidr: '203.0.113.0/24', family: 'ipv4' }] };
  const plan = planGroup(
    [rule('w', { SourceCidrIp: '0.0.0.0/0', IpProtocol: 'All', PortRange: '22/22' })],
    settings,
  );
  assert.deepEqual(
    plan.revoke[0]!.authorize.map((p) => [p.IpProtocol, p.PortRange]),
    [['ALL', '-1/-1']],
  );
});

void test('narrow: a replacement copies priority and NIC type only when the rule has them', () => {
  const settings: PlanSettings = { ...narrow, trustedCidrs: [{ cidr: '203.0.113.0/24', family: 'ipv4' }] };
  const plan = planGroup(
    [
      rule('unset', { SourceCidrIp: '0.0.0.0/0', Priority: '', NicType: '' }),
      rule('absent', {
        SourceCidrIp: '0.0.0.0/0',
        PortRange: '3389/3389',
        Priority: undefined,
        NicType: undefined,
      }),
      rule('set', { SourceCidrIp: '0.0.0.0/0', PortRange: '1/100', Priority: 7, NicType: 'internet' }),
    ],
    settings,
  );
  assert.deepEqual(
    plan.revoke.map((r) => r.authorize),
    [
      [
        {
          IpProtocol: 'TCP',
          PortRange: '22/22',
          Policy: 'accept',
          Description: 'sg-guard: narrowed from world-open rule unset',
          SourceCidrIp: '203.0.113.0/24',
        },
      ],
      [
        {
          IpProtocol: 'TCP',
          PortRange: '3389/3389',
          Policy: 'accept',
          Description: 'sg-guard: narrowed from world-open rule absent',
          SourceCidrIp: '203.0.113.0/24',
        },
      ],
      [
        {
          IpProtocol: 'TCP',
          PortRange: '1/100',
          Policy: 'accept',
          Description: 'sg-guard: narrowed from world-open rule set',
          SourceCidrIp: '203.0.113.0/24',
          Priority: '7',
          NicType: 'internet',
        },
      ],
    ],
  );
});

void test('revoke mode adds nothing, even with trusted CIDRs configured', () => {
  const plan = planGroup(mixed, { ...narrow, mode: 'revoke' });
  assert.deepEqual(
    plan.revoke.map((r) => [r.ruleId, r.authorize, r.alreadyAuthorized, r.reliesOn]),
    [
      ['world-22', [], [], []],
      ['v6-3389', [], [], []],
      ['world-all', [], [], []],
    ],
  );
});

void test('group scope: KEY= with an empty value matches a tag that has no value', () => {
  assert.equal(
    groupSkipReason({ SecurityGroupId: 'sg', Tags: [{ TagKey: 'guard' }] }, { key: 'guard', value: '' }),
    'exempt-tag',
  );
});

void test('a world rule whose port list cannot be read is skipped as "cannot verify", with its id when it has one', () => {
  const lists = new Map([['prl-1', { error: 'Forbidden.RAM' }]]);
  const plan = planGroup(
    [
      rule('via-list', { SourceCidrIp: '0.0.0.0/0', PortRange: '', PortRangeListId: 'prl-1' }),
      perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '', PortRangeListId: 'prl-2' }),
      rule('world-22', { SourceCidrIp: '0.0.0.0/0' }),
    ],
    revoke,
    lists,
  );
  assert.deepEqual(plan.skipped, [
    {
      ruleId: 'via-list',
      reason: 'cannot-verify',
      finding: 'cannot verify: port list prl-1 could not be read (Forbidden.RAM)',
    },
    { reason: 'cannot-verify', finding: 'cannot verify: port list prl-2 was not read' },
  ]);
  assert.deepEqual(
    plan.revoke.map((r) => r.ruleId),
    ['world-22'],
  );
});

void test('a rule id of only spaces is no rule id: skipped, never sent', () => {
  const plan = planGroup([rule('   ', { SourceCidrIp: '0.0.0.0/0' })], revoke);
  assert.deepEqual(plan.revoke, []);
  assert.deepEqual(
    plan.skipped.map((x) => x.reason),
    ['no-rule-id'],
  );
});
