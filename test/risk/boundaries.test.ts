// Every bound the rule module decides on, tested on both sides (rule-semantics.md): the ends of
// 1..65535, the first and last port of a range, prefix lengths 0 and 1, priorities one apart.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assessGroup,
  assessPublicAccess,
  coveredPorts,
  describeExposed,
  describePort,
  fromLivePermission,
  isValidSource,
  isWorldCidr,
  opensEveryPort,
  parseCidr,
  parsePortList,
  parsePortRange,
  portRangeProblem,
  riskyRules,
} from '../../server/src/risk/index';
import type { NormalisedRule } from '../../server/src/risk/index';
import { rule } from './rule';

const ports = (r: NormalisedRule, list?: number[]): string[] =>
  coveredPorts(r, list ? { ports: list } : {}).map((e) => `${e.port}/${e.protocol}`);

describe('every port: sg-public-access-check', () => {
  const table: [string, string | undefined, boolean][] = [
    ['tcp', '1/65535', true],
    ['udp', '1/65535', true],
    ['tcp', '-1/-1', true],
    ['tcp', undefined, true],
    ['tcp', '0/65535', true],
    ['tcp', '1/65536', true],
    ['tcp', '1/65534', false],
    ['udp', '1/65534', false],
    ['tcp', '2/65535', false],
    ['tcp', '22/22', false],
    ['tcp', 'x/y', false],
    ['TCP', ' 1 / 65535 ', true],
    ['all', '22/22', true],
    ['ALL', undefined, true],
    ['icmp', '-1/-1', false],
    ['gre', '1/65535', false],
  ];
  for (const [protocol, portRange, every] of table) {
    it(`${protocol} ${String(portRange)} → ${every ? 'every port' : 'not every port'}`, () => {
      assert.equal(opensEveryPort(rule({ protocol, portRange })), every);
      assert.equal(assessPublicAccess(rule({ protocol, portRange })) !== undefined, every);
    });
  }
  it('names the protocol and the source', () => {
    assert.deepEqual(
      assessPublicAccess(rule({ protocol: 'UDP', portRange: '1/65535', sourceCidr: ' ::/0 ' })),
      {
        ruleId: 'sg-public-access-check',
        source: '::/0',
        message: 'opens every udp port to the whole Internet (::/0)',
      },
    );
    assert.equal(
      assessPublicAccess(rule({ protocol: 'all' }))?.message,
      'opens every port of every protocol to the whole Internet (0.0.0.0/0)',
    );
  });
  it('only for world-open ingress accept rules', () => {
    const every = { portRange: '1/65535' };
    assert.equal(assessPublicAccess(rule({ ...every, policy: 'drop' })), undefined);
    assert.equal(assessPublicAccess(rule({ ...every, direction: 'egress' })), undefined);
    assert.equal(assessPublicAccess(rule({ ...every, sourceCidr: '0.0.0.0/1' })), undefined);
    assert.ok(assessPublicAccess(rule({ ...every, policy: 'ACCEPT' })));
  });
});

describe('which configured ports a range covers', () => {
  const table: [string | undefined, number[] | undefined, string[]][] = [
    ['22/22', undefined, ['22/tcp']],
    ['21/21', undefined, []],
    ['23/23', undefined, []],
    ['22/3389', undefined, ['22/tcp', '3389/tcp']],
    ['23/3389', undefined, ['3389/tcp']],
    ['22/3388', undefined, ['22/tcp']],
    ['3389/3389', undefined, ['3389/tcp']],
    ['3390/65535', undefined, []],
    ['1/21', undefined, []],
    // Out-of-bounds ends still cover what they name (modules that think in from_port/to_port).
    ['0/22', undefined, ['22/tcp']],
    ['-5/22', undefined, ['22/tcp']],
    ['3389/70000', undefined, ['3389/tcp']],
    ['0/0', undefined, []],
    ['65535/65535', [65535], ['65535/tcp']],
    ['1/1', [1], ['1/tcp']],
    ['30/20', undefined, []],
    ['22-22', undefined, []],
  ];
  for (const [range, list, want] of table) {
    it(`${String(range)}${list ? ` with ports ${list.join(',')}` : ''} → ${want.join(' ') || 'nothing'}`, () =>
      assert.deepEqual(ports(rule({ portRange: range }), list), want));
  }
  it('per protocol: tcp, udp, both for all, none for icmp, icmpv6 and gre', () => {
    assert.deepEqual(ports(rule({ protocol: 'udp' })), ['22/udp']);
    assert.deepEqual(ports(rule({ protocol: ' All ', portRange: '444/444' })), [
      '22/tcp',
      '22/udp',
      '3389/tcp',
      '3389/udp',
    ]);
    for (const protocol of ['icmp', 'icmpv6', 'gre', '', 'sctp'])
      assert.deepEqual(ports(rule({ protocol })), []);
  });
  it('names the service', () => {
    assert.deepEqual(coveredPorts(rule({ portRange: '3306/3306' }), { ports: [3306] }), [
      { port: 3306, protocol: 'tcp', service: 'MySQL' },
    ]);
    assert.deepEqual(coveredPorts(rule({ portRange: '8080/8080' }), { ports: [8080] }), [
      { port: 8080, protocol: 'tcp', service: undefined },
    ]);
  });
});

describe('port_range syntax', () => {
  const table: [string, ReturnType<typeof parsePortRange>][] = [
    ['1/1', { kind: 'range', from: 1, to: 1 }],
    ['65535/65535', { kind: 'range', from: 65535, to: 65535 }],
    [' 22 / 23 ', { kind: 'range', from: 22, to: 23 }],
    ['-1/-1', { kind: 'all' }],
    ['0/1', { kind: 'invalid', reason: 'ports must be within 1..65535 (or "-1/-1"), got "0/1"' }],
    ['1/0', { kind: 'invalid', reason: 'ports must be within 1..65535 (or "-1/-1"), got "1/0"' }],
    [
      '65536/65536',
      { kind: 'invalid', reason: 'ports must be within 1..65535 (or "-1/-1"), got "65536/65536"' },
    ],
    ['1/65536', { kind: 'invalid', reason: 'ports must be within 1..65535 (or "-1/-1"), got "1/65536"' }],
    ['-1/5', { kind: 'invalid', reason: 'ports must be within 1..65535 (or "-1/-1"), got "-1/5"' }],
    ['5/-1', { kind: 'invalid', reason: 'ports must be within 1..65535 (or "-1/-1"), got "5/-1"' }],
    ['23/22', { kind: 'invalid', reason: 'the range starts after it ends ("23/22")' }],
    ['22', { kind: 'invalid', reason: '"22" is not of the form "from/to"' }],
    ['22/22/22', { kind: 'invalid', reason: '"22/22/22" is not of the form "from/to"' }],
    ['a22/22', { kind: 'invalid', reason: '"a22/22" is not of the form "from/to"' }],
  ];
  for (const [text, want] of table) {
    it(`"${text}"`, () => {
      assert.deepEqual(parsePortRange(text), want);
      // The memo answers the same the second time.
      assert.deepEqual(parsePortRange(text), want);
    });
  }
  it('the provider-validity rule quotes the reason, and knows -1/-1 is not for tcp/udp', () => {
    assert.equal(portRangeProblem('tcp', '0/22'), 'ports must be within 1..65535 (or "-1/-1"), got "0/22"');
    assert.equal(
      portRangeProblem('UDP', undefined),
      'udp needs a port range such as "22/22" or "1/65535"; "-1/-1" is only for icmp, gre and all',
    );
    assert.equal(
      portRangeProblem('icmpv6', '1/1'),
      'port_range must be "-1/-1" when ip_protocol is "icmpv6"',
    );
    assert.equal(portRangeProblem('all', '-1/-1'), undefined);
    assert.equal(portRangeProblem('sctp', '1/1'), undefined);
  });
});

describe('port lists (--ports, the managed rule parameter)', () => {
  it('takes the ends of 1..65535 and ranges with spaces', () => {
    assert.deepEqual(parsePortList('1,65535'), [1, 65535]);
    assert.deepEqual(parsePortList(' 8000 - 8001 ,, 22 '), [22, 8000, 8001]);
    assert.equal(parsePortList('1-65535').length, 65535);
  });
  const bad: [string, RegExp][] = [
    ['0', /^"0" is outside 1\.\.65535$/],
    ['65536', /^"65536" is outside 1\.\.65535$/],
    ['10-9', /^"10-9" is outside 1\.\.65535$/],
    ['0-10', /^"0-10" is outside 1\.\.65535$/],
    [' , ', /^the port list is empty$/],
    ['22;23', /^"22;23" is not a port or a port range \(expected e\.g\. 22,3389 or 8000-8080\)$/],
  ];
  for (const [list, message] of bad)
    it(`refuses "${list}"`, () => assert.throws(() => parsePortList(list), { message }));
});

describe('world sources', () => {
  const cidrs: [string, ReturnType<typeof parseCidr>][] = [
    ['0.0.0.0/0', { family: 'ipv4', prefixLength: 0 }],
    ['10.0.0.0/32', { family: 'ipv4', prefixLength: 32 }],
    ['10.0.0.0/33', undefined],
    ['::/0', { family: 'ipv6', prefixLength: 0 }],
    ['::/128', { family: 'ipv6', prefixLength: 128 }],
    ['::/129', undefined],
    [' ::/0 ', { family: 'ipv6', prefixLength: 0 }],
    ['0.0.0.0/00', { family: 'ipv4', prefixLength: 0 }],
    ['0.0.0.0/0000', undefined],
    ['/0', undefined],
    ['0.0.0.0/', undefined],
    ['0.0.0.0/+0', undefined],
    ['10.0.0/8', undefined],
    ['gg::/0', undefined],
  ];
  for (const [text, want] of cidrs) it(`parseCidr("${text}")`, () => assert.deepEqual(parseCidr(text), want));

  const world: [string, boolean][] = [
    ['0.0.0.0/0', true],
    ['0.0.0.0/0  ', true],
    ['0.0.0.0/10', false],
    ['0.0.0.0/20', false],
    ['::/0', true],
    ['x/0', false],
    ['0', false],
    ['/0', false],
  ];
  for (const [text, want] of world) it(`isWorldCidr("${text}")`, () => assert.equal(isWorldCidr(text), want));

  it('a bare address is a valid source (the API reads it as /32 or /128); junk is not', () => {
    assert.equal(isValidSource(' 10.0.0.1 '), true);
    assert.equal(isValidSource('2001:db8::1'), true);
    assert.equal(isValidSource('10.0.0.0/8'), true);
    assert.equal(isValidSource('10.0.0.0/40'), false);
    assert.equal(isValidSource('example.com'), false);
  });
  it('IPv4 is named first when a rule has both sources', () => {
    const both = rule({ sourceCidr: '0.0.0.0/0', sourceIpv6Cidr: '::/0' });
    assert.equal(assessPublicAccess({ ...both, portRange: '1/65535' })?.source, '0.0.0.0/0');
    assert.equal(
      assessPublicAccess({ ...both, sourceCidr: '10.0.0.0/8', portRange: '1/65535' })?.source,
      '::/0',
    );
  });
});

describe('drop rules one priority apart', () => {
  const accept = rule({ priority: 5 });
  const table: [string, NormalisedRule, boolean][] = [
    ['priority 4 closes', rule({ policy: 'drop', priority: 4 }), true],
    ['priority 5 (a tie) closes', rule({ policy: 'drop', priority: 5 }), true],
    ['priority 6 does not', rule({ policy: 'drop', priority: 6 }), false],
    ['no priority (1) closes', rule({ policy: 'Drop', priority: undefined }), true],
    ['a range ending at 22 closes', rule({ policy: 'drop', portRange: '1/22' }), true],
    ['a range starting at 22 closes', rule({ policy: 'drop', portRange: '22/100' }), true],
    ['a range ending at 21 does not', rule({ policy: 'drop', portRange: '1/21' }), false],
    ['a range starting at 23 does not', rule({ policy: 'drop', portRange: '23/100' }), false],
    ['-1/-1 closes', rule({ policy: 'drop', portRange: '-1/-1' }), true],
    ['an invalid range does not', rule({ policy: 'drop', portRange: 'x' }), false],
    ['udp does not close tcp', rule({ policy: 'drop', protocol: 'udp' }), false],
    ['ALL closes whatever its range', rule({ policy: 'drop', protocol: 'ALL', portRange: '9/9' }), true],
    ['an accept rule does not', rule({ policy: 'accept', priority: 1 }), false],
    ['a non-world drop does not', rule({ policy: 'drop', sourceCidr: '10.0.0.0/8' }), false],
    [
      'an IPv6 drop does not close IPv4',
      rule({ policy: 'drop', sourceCidr: undefined, sourceIpv6Cidr: '::/0' }),
      false,
    ],
  ];
  for (const [name, other, closes] of table) {
    it(name, () => {
      const a = assessGroup([other, accept]).find((x) => x.index === 1);
      assert.deepEqual(
        a?.shadowed?.closed.map((e) => `${e.port}/${e.protocol}`),
        closes ? ['22/tcp'] : undefined,
      );
      assert.deepEqual(a?.shadowed?.byRules, closes ? [0] : undefined);
      assert.equal(
        riskyRules([accept, other]).some((r) => r.index === 0),
        !closes,
      );
    });
  }
  it('names only the first drop rule that closes a port, once', () => {
    const both = rule({ portRange: '1/65535', priority: 5 });
    const group = [
      rule({ policy: 'drop', portRange: '22/22' }),
      rule({ policy: 'drop', portRange: '1/65535' }),
      both,
    ];
    const shadowedIn = (g: NormalisedRule[]) => assessGroup(g).find((x) => x.rule === both)?.shadowed;
    assert.deepEqual(shadowedIn(group)?.byRules, [0, 1]);
    assert.deepEqual(
      shadowedIn(group)?.closed.map((e) => e.port),
      [22, 3389],
    );
    assert.deepEqual(shadowedIn([group[1]!, both])?.byRules, [0]);
  });
  it('an all-port opening keeps its public-access finding when drops close the risky ports', () => {
    const open = rule({ portRange: '1/65535' });
    const [a] = assessGroup([open, rule({ policy: 'drop', portRange: '1/65535' })]);
    assert.equal(a?.riskyPorts, undefined);
    assert.equal(a?.shadowed?.closed.length, 2);
    assert.equal(a?.publicAccess?.ruleId, 'sg-public-access-check');
  });
  it('the message after shadowing names only what stays open', () => {
    const open = rule({ portRange: '1/65535' });
    const [a] = assessGroup([open, rule({ policy: 'drop', portRange: '22/22' })]);
    assert.equal(a?.riskyPorts?.message, 'opens RDP (3389/tcp) to the whole Internet (0.0.0.0/0)');
    assert.deepEqual(
      a?.shadowed?.open.map((e) => e.port),
      [3389],
    );
  });
  it('rules with nothing to say are left out', () => {
    assert.deepEqual(assessGroup([rule({ portRange: '80/80' }), rule({ sourceCidr: '10.0.0.0/8' })]), []);
  });
});

describe('messages', () => {
  it('groups protocols per port and joins ports with commas and a final "and"', () => {
    const e = (port: number, protocol: 'tcp' | 'udp') => ({ port, protocol });
    assert.equal(describeExposed([]), '');
    assert.equal(describeExposed([e(22, 'tcp'), e(22, 'tcp')]), 'SSH (22/tcp)');
    assert.equal(describeExposed([e(3389, 'udp'), e(22, 'tcp')]), 'SSH (22/tcp) and RDP (3389/udp)');
    assert.equal(
      describeExposed([e(8080, 'tcp'), e(22, 'udp'), e(22, 'tcp'), e(3389, 'tcp')]),
      'SSH (22/udp, 22/tcp), RDP (3389/tcp) and 8080/tcp',
    );
    assert.equal(describePort(5432, ['tcp', 'udp']), 'PostgreSQL (5432/tcp, 5432/udp)');
  });

  it('names the well-known services people configure as risky ports (IANA assignments)', () => {
    const names: [number, string][] = [
      [20, 'FTP data'],
      [21, 'FTP'],
      [22, 'SSH'],
      [23, 'Telnet'],
      [25, 'SMTP'],
      [53, 'DNS'],
      [110, 'POP3'],
      [135, 'MS RPC'],
      [137, 'NetBIOS'],
      [139, 'NetBIOS'],
      [445, 'SMB'],
      [1433, 'SQL Server'],
      [1521, 'Oracle'],
      [2375, 'Docker API'],
      [2379, 'etcd'],
      [3306, 'MySQL'],
      [3389, 'RDP'],
      [5432, 'PostgreSQL'],
      [5900, 'VNC'],
      [6379, 'Redis'],
      [9200, 'Elasticsearch'],
      [11211, 'Memcached'],
      [27017, 'MongoDB'],
    ];
    for (const [port, name] of names) assert.equal(describePort(port, ['tcp']), `${name} (${port}/tcp)`);
    assert.equal(describePort(8443, ['tcp']), '8443/tcp', 'an unnamed port is its number');
  });
});

describe('live permissions', () => {
  it('reads Priority as a number, and an empty or non-numeric one as absent', () => {
    const p = (Priority: number | string | undefined) => fromLivePermission({ Priority }).priority;
    assert.equal(p(7), 7);
    assert.equal(p('12'), 12);
    assert.equal(p(''), undefined);
    assert.equal(p(undefined), undefined);
    assert.equal(p('high'), undefined);
  });
  it('a permission with nothing set is an ingress rule with no protocol and no source', () => {
    assert.deepEqual(fromLivePermission({}), {
      direction: 'ingress',
      policy: undefined,
      protocol: '',
      portRange: undefined,
      sourceCidr: undefined,
      sourceIpv6Cidr: undefined,
      sourceGroupId: undefined,
      prefixListId: undefined,
      priority: undefined,
    });
    assert.equal(fromLivePermission({ Direction: 'egress', SourceGroupId: 'sg-1' }).direction, 'egress');
    assert.equal(fromLivePermission({ SourcePrefixListId: 'pl-1' }).prefixListId, 'pl-1');
  });
});
