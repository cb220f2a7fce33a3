// Edges of the rule module that the tables elsewhere leave open: spellings of a source that are not
// an address, generous port ranges, the order of exposed ports, and a rule with both families.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assessGroup,
  assessRiskyPorts,
  coveredPorts,
  parsePortRange,
  portRangeProblem,
  readSource,
} from '../../server/src/risk/index';
import { rule } from './rule';

const names = (list: readonly { port: number; protocol: string }[] | undefined): string[] | undefined =>
  list?.map((e) => `${e.port}/${e.protocol}`);

describe('source spellings (docs/rules/sg-risky-ports-check.md, "Spellings")', () => {
  const invalid = [
    '12',
    '/8',
    '10.0.0.0/x',
    '10.0.0.0/ 8',
    '10.0.0.0/8x',
    '10.0.0.0/x8',
    '10.0.0.0/33',
    '::/129',
    'x1.2.3.4/8',
    '1.2.3.4x/8',
    'g::1/64',
    '::1g/64',
  ];
  for (const s of invalid)
    it(`"${s}" is not an address`, () => assert.deepEqual(readSource(s), { kind: 'invalid' }));
  // Address-like but not canonical: a five-digit IPv6 group, a one-part IPv4 address.
  for (const s of ['2001:db8:00000::12/64', '1/8'])
    it(`"${s}" is an odd spelling (cannot verify)`, () => assert.deepEqual(readSource(s), { kind: 'odd' }));
  it('an IPv6 world source is named without the spaces around it', () => {
    assert.equal(assessRiskyPorts(rule({ sourceCidr: undefined, sourceIpv6Cidr: ' ::/0 ' }))?.source, '::/0');
  });
});

describe('port ranges read generously', () => {
  it('an end past 65535 still covers the ports it names, down to a single one', () => {
    assert.deepEqual(names(coveredPorts(rule({ portRange: '65535/70000' }), { ports: [65534, 65535] })), [
      '65535/tcp',
    ]);
    assert.deepEqual(names(coveredPorts(rule({ portRange: ' 0 / 22 ' }), { ports: [22] })), ['22/tcp']);
  });
  for (const r of ['a0/65535', '0x/65535', '0/65535x', '0/x65535'])
    it(`"${r}" is not a range and covers nothing`, () =>
      assert.deepEqual(coveredPorts(rule({ portRange: r })), []));
  it('a start past 65535 is out of bounds, not a range that starts after it ends', () => {
    assert.deepEqual(parsePortRange('70000/22'), {
      kind: 'invalid',
      reason: 'ports must be within 1..65535 (or "-1/-1"), got "70000/22"',
    });
  });
  for (const proto of ['icmp', 'icmpv6', 'gre', 'all'])
    it(`${proto} needs -1/-1`, () =>
      assert.equal(
        portRangeProblem(proto, '22/22'),
        `port_range must be "-1/-1" when ip_protocol is "${proto}"`,
      ));
});

describe('one group, judged together', () => {
  it('a rule opening a risky port says exactly that, and nothing about drops or every port', () => {
    const r = rule();
    assert.deepEqual(assessGroup([r]), [
      {
        index: 0,
        rule: r,
        riskyPorts: {
          ruleId: 'sg-risky-ports-check',
          exposed: [{ port: 22, protocol: 'tcp', service: 'SSH' }],
          source: '0.0.0.0/0',
          allProtocols: false,
          message: 'opens SSH (22/tcp) to the whole Internet (0.0.0.0/0)',
        },
      },
    ]);
  });
  it('a policy that is neither accept nor drop opens and closes nothing', () => {
    assert.deepEqual(assessGroup([rule({ policy: 'deny' })]), []);
    assert.equal(assessGroup([rule(), rule({ policy: 'deny' })])[0]?.shadowed, undefined);
  });
  it('protocol " ALL " is every protocol', () => {
    assert.equal(assessGroup([rule({ protocol: ' ALL ' })])[0]?.riskyPorts?.allProtocols, true);
  });
  it('exposed ports are listed by port, then tcp before udp, whatever order they were found in', () => {
    const [a] = assessGroup([rule({ portRange: '1/65535' })], { ports: [3389, 22] });
    assert.deepEqual(names(a?.riskyPorts?.exposed), ['22/tcp', '3389/tcp']);
    const both = assessGroup([rule({ protocol: 'udp' }), rule({ protocol: 'all' })], { ports: [22] });
    assert.deepEqual(names(both[1]?.riskyPorts?.exposed), ['22/tcp', '22/udp']);
    const closed = assessGroup(
      [rule({ protocol: 'udp', policy: 'drop' }), rule({ protocol: 'all', portRange: '-1/-1' })],
      { ports: [3389, 22] },
    );
    const accept = closed.find((x) => x.index === 1);
    assert.deepEqual(names(accept?.shadowed?.closed), ['22/udp']);
    assert.deepEqual(names(accept?.shadowed?.open), ['22/tcp', '3389/tcp', '3389/udp']);
  });
  it('a rule open to the world over IPv4 and IPv6 lists each port once', () => {
    const r = rule({ sourceIpv6Cidr: '::/0' });
    assert.deepEqual(names(assessGroup([r])[0]?.riskyPorts?.exposed), ['22/tcp']);
    const closedBoth = assessGroup([
      r,
      rule({ policy: 'drop' }),
      rule({ policy: 'drop', sourceCidr: undefined, sourceIpv6Cidr: '::/0' }),
    ]);
    assert.deepEqual(names(closedBoth[0]?.shadowed?.closed), ['22/tcp']);
    const near = rule({ sourceCidr: '0.0.0.0/1', sourceIpv6Cidr: '2000::/4' });
    assert.deepEqual(names(assessGroup([near])[0]?.nearWorld?.exposed), ['22/tcp']);
  });
  it('every port from the world: the rule itself is named, with no others, over either family', () => {
    const all = rule({ portRange: '1/65535', sourceIpv6Cidr: '::/0' });
    const [a, b] = assessGroup([all, rule({ portRange: '-1/-1' })]);
    assert.deepEqual(a?.publicAccess, {
      ruleId: 'sg-public-access-check',
      source: '0.0.0.0/0',
      message: 'opens every tcp port to the whole Internet (0.0.0.0/0)',
    });
    assert.equal(b?.publicAccess?.together, undefined);
  });
});
