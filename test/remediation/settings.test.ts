import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSettings, SettingsError } from '../../remediation-fn/src/settings';

void test('defaults: ports 22,3389, revoke, exempt tag sg-guard:exempt, https, no endpoints', () => {
  const s = readSettings({});
  assert.deepEqual(s.ports, [22, 3389]);
  assert.equal(s.mode, 'revoke');
  assert.deepEqual(s.exemptTag, { key: 'sg-guard:exempt' });
  assert.equal(s.protocol, 'https');
  assert.equal(s.ecsEndpoint, undefined);
  assert.equal(s.configRuleId, undefined);
  assert.deepEqual(s.trustedCidrs, []);
});

const valid: [string, Record<string, string>, (s: ReturnType<typeof readSettings>) => void][] = [
  [
    'port list with a range',
    { SG_GUARD_PORTS: '22, 3389,8000-8002' },
    (s) => assert.deepEqual(s.ports, [22, 3389, 8000, 8001, 8002]),
  ],
  ['mode is case-insensitive', { SG_GUARD_MODE: 'DRY-RUN' }, (s) => assert.equal(s.mode, 'dry-run')],
  [
    'narrow with both families',
    { SG_GUARD_MODE: 'narrow', SG_GUARD_TRUSTED_CIDRS: '203.0.113.0/24, 2001:db8::/32,203.0.113.0/24' },
    (s) =>
      assert.deepEqual(s.trustedCidrs, [
        { cidr: '203.0.113.0/24', family: 'ipv4' },
        { cidr: '2001:db8::/32', family: 'ipv6' },
      ]),
  ],
  [
    'exempt tag with a value',
    { SG_GUARD_EXEMPT_TAG: 'guard = off' },
    (s) => assert.deepEqual(s.exemptTag, { key: 'guard', value: 'off' }),
  ],
  [
    'http towards loopback',
    {
      SG_GUARD_ENDPOINT_PROTOCOL: 'http',
      SG_GUARD_ECS_ENDPOINT: '127.0.0.1:8080',
      SG_GUARD_CONFIG_ENDPOINT: 'localhost:9',
    },
    (s) => assert.equal(s.protocol, 'http'),
  ],
  [
    'http towards [::1]',
    { SG_GUARD_ENDPOINT_PROTOCOL: 'http', SG_GUARD_ECS_ENDPOINT: '[::1]:80' },
    (s) => assert.equal(s.ecsEndpoint, '[::1]:80'),
  ],
  [
    'VPC endpoint over https',
    { SG_GUARD_ECS_ENDPOINT: 'ecs-vpc.cn-hangzhou.aliyuncs.com' },
    (s) => assert.equal(s.ecsEndpoint, 'ecs-vpc.cn-hangzhou.aliyuncs.com'),
  ],
  [
    'config rule id',
    { SG_GUARD_CONFIG_RULE_ID: 'cr-5772ba41209e007b' },
    (s) => assert.equal(s.configRuleId, 'cr-5772ba41209e007b'),
  ],
];

for (const [name, env, check] of valid) {
  void test(`valid: ${name}`, () => check(readSettings(env)));
}

const invalid: [string, Record<string, string>, RegExp][] = [
  ['bad port', { SG_GUARD_PORTS: '22,ssh' }, /SG_GUARD_PORTS/],
  ['port out of range', { SG_GUARD_PORTS: '70000' }, /SG_GUARD_PORTS/],
  ['empty port list', { SG_GUARD_PORTS: ',' }, /SG_GUARD_PORTS/],
  ['unknown mode', { SG_GUARD_MODE: 'delete' }, /SG_GUARD_MODE/],
  ['narrow without trusted CIDRs', { SG_GUARD_MODE: 'narrow' }, /SG_GUARD_TRUSTED_CIDRS/],
  [
    'trusted CIDR is the world',
    { SG_GUARD_MODE: 'narrow', SG_GUARD_TRUSTED_CIDRS: '0.0.0.0/0' },
    /whole Internet/,
  ],
  // Half the Internet (or any range wider than a /8 or an IPv6 /32) is not a range anyone trusts.
  ...['0.0.0.0/1', '128.0.0.0/1', '10.0.0.0/7', '::/1', '2000::/3', '2001:db8::/31'].map(
    (cidr): [string, Record<string, string>, RegExp] => [
      `trusted CIDR ${cidr} is too wide`,
      { SG_GUARD_MODE: 'narrow', SG_GUARD_TRUSTED_CIDRS: `203.0.113.0/24,${cidr}` },
      /too wide/,
    ],
  ),
  ['trusted CIDR is not a CIDR', { SG_GUARD_TRUSTED_CIDRS: '10.0.0.1' }, /not a CIDR/],
  ['endpoint with a scheme', { SG_GUARD_ECS_ENDPOINT: 'https://ecs.aliyuncs.com' }, /host\[:port\]/],
  ['endpoint with a path', { SG_GUARD_ECS_ENDPOINT: 'ecs.aliyuncs.com/x' }, /host\[:port\]/],
  ['endpoint port out of range', { SG_GUARD_ECS_ENDPOINT: '127.0.0.1:99999' }, /host\[:port\]/],
  [
    'http towards a public host',
    { SG_GUARD_ENDPOINT_PROTOCOL: 'http', SG_GUARD_ECS_ENDPOINT: 'ecs.aliyuncs.com' },
    /only allowed towards loopback/,
  ],
  ['http without an endpoint', { SG_GUARD_ENDPOINT_PROTOCOL: 'http' }, /loopback/],
  [
    'http with a public Config endpoint',
    {
      SG_GUARD_ENDPOINT_PROTOCOL: 'http',
      SG_GUARD_ECS_ENDPOINT: '127.0.0.1:1',
      SG_GUARD_CONFIG_ENDPOINT: '10.0.0.1:80',
      SG_GUARD_CONFIG_RULE_ID: 'cr-1',
    },
    /only allowed towards loopback/,
  ],
  ['ftp protocol', { SG_GUARD_ENDPOINT_PROTOCOL: 'ftp' }, /https or http/],
  ['exempt tag without key', { SG_GUARD_EXEMPT_TAG: '=x' }, /no tag key/],
  ['bad config rule id', { SG_GUARD_CONFIG_RULE_ID: 'cr 1;x' }, /SG_GUARD_CONFIG_RULE_ID/],
];

for (const [name, env, message] of invalid) {
  void test(`invalid: ${name}`, () => {
    assert.throws(
      () => readSettings(env),
      (e: unknown) =>
        e instanceof SettingsError && e.code === 'InvalidConfiguration' && message.test(e.message),
    );
  });
}
