import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assessPublicAccess,
  assessRiskyPorts,
  fromLivePermission,
  isWorldCidr,
  parsePortList,
  parsePortRange,
  portRangeProblem,
} from '../../server/src/risk/index';
import type { NormalisedRule } from '../../server/src/risk/index';

const base: NormalisedRule = {
  direction: 'ingress',
  protocol: 'tcp',
  portRange: '22/22',
  sourceCidr: '0.0.0.0/0',
};
const rule = (over: Partial<NormalisedRule>): NormalisedRule => ({ ...base, ...over });

describe('isWorldCidr', () => {
  const table: [string | undefined, boolean][] = [
    ['0.0.0.0/0', true],
    ['::/0', true],
    ['10.1.2.3/0', true],
    [' 0.0.0.0/0 ', true],
    ['2001:db8::/0', true],
    ['0.0.0.0/1', false],
    ['10.0.0.0/8', false],
    ['0.0.0.0', false],
    ['::/1', false],
    ['not-a-cidr/0', false],
    ['', false],
    [undefined, false],
  ];
  for (const [cidr, want] of table)
    it(`${String(cidr)} → ${want}`, () => assert.equal(isWorldCidr(cidr), want));
});

describe('parsePortRange', () => {
  it('reads ranges, all and invalid forms', () => {
    assert.deepEqual(parsePortRange('22/22'), { kind: 'range', from: 22, to: 22 });
    assert.deepEqual(parsePortRange('-1/-1'), { kind: 'all' });
    assert.deepEqual(parsePortRange(undefined), { kind: 'all' });
    assert.equal(parsePortRange('22').kind, 'invalid');
    assert.equal(parsePortRange('30/20').kind, 'invalid');
    assert.equal(parsePortRange('0/65535').kind, 'invalid');
    assert.equal(parsePortRange('1/65536').kind, 'invalid');
  });
});

describe('parsePortList', () => {
  it('parses lists and ranges, sorted and unique', () => {
    assert.deepEqual(parsePortList('3389, 22,22'), [22, 3389]);
    assert.deepEqual(parsePortList('8000-8002'), [8000, 8001, 8002]);
  });
  it('rejects junk with a message naming it', () => {
    assert.throws(() => parsePortList('22,ssh'), /"ssh"/);
    assert.throws(() => parsePortList('70000'), /outside/);
    assert.throws(() => parsePortList(''), /empty/);
  });
});

describe('assessRiskyPorts', () => {
  const cases: { name: string; rule: NormalisedRule; ports?: number[]; exposed?: string[] }[] = [
    { name: 'ssh from the world', rule: base, exposed: ['22/tcp'] },
    { name: 'rdp over udp', rule: rule({ protocol: 'udp', portRange: '3389/3389' }), exposed: ['3389/udp'] },
    { name: 'range covering both', rule: rule({ portRange: '1/65535' }), exposed: ['22/tcp', '3389/tcp'] },
    {
      name: 'all ignores port_range',
      rule: rule({ protocol: 'all', portRange: '444/445' }),
      exposed: ['22/tcp', '22/udp', '3389/tcp', '3389/udp'],
    },
    {
      name: 'upper-case live values',
      rule: rule({ direction: 'INGRESS', protocol: 'TCP', policy: 'Accept' }),
      exposed: ['22/tcp'],
    },
    {
      name: 'ipv6 world',
      rule: rule({ sourceCidr: undefined, sourceIpv6Cidr: '::/0' }),
      exposed: ['22/tcp'],
    },
    { name: 'any /0 address', rule: rule({ sourceCidr: '192.168.0.1/0' }), exposed: ['22/tcp'] },
    {
      name: 'tcp -1/-1 means every port',
      rule: rule({ portRange: '-1/-1' }),
      exposed: ['22/tcp', '3389/tcp'],
    },
    {
      name: 'absent range means every port',
      rule: rule({ portRange: undefined }),
      exposed: ['22/tcp', '3389/tcp'],
    },
    { name: 'module-style 0/65535', rule: rule({ portRange: '0/65535' }), exposed: ['22/tcp', '3389/tcp'] },
    {
      name: 'custom ports replace the defaults',
      rule: rule({ portRange: '3306/3306' }),
      ports: [3306],
      exposed: ['3306/tcp'],
    },
    { name: 'custom ports drop 22', rule: base, ports: [3306] },
    { name: 'egress', rule: rule({ direction: 'egress' }) },
    { name: 'drop policy', rule: rule({ policy: 'drop' }) },
    { name: 'private source', rule: rule({ sourceCidr: '10.0.0.0/8' }) },
    { name: 'source group only', rule: rule({ sourceCidr: undefined, sourceGroupId: 'sg-1' }) },
    { name: 'prefix list only', rule: rule({ sourceCidr: undefined, prefixListId: 'pl-1' }) },
    { name: 'icmp', rule: rule({ protocol: 'icmp', portRange: '-1/-1' }) },
    { name: 'gre', rule: rule({ protocol: 'gre', portRange: '-1/-1' }) },
    { name: 'icmp with a range', rule: rule({ protocol: 'icmp', portRange: '1/65535' }) },
    { name: 'safe port', rule: rule({ portRange: '443/443' }) },
    { name: 'range beside 22', rule: rule({ portRange: '23/3388' }) },
    { name: 'reversed range names nothing', rule: rule({ portRange: '30/20' }) },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const v = assessRiskyPorts(c.rule, c.ports ? { ports: c.ports } : {});
      if (!c.exposed) return assert.equal(v, undefined);
      assert.ok(v);
      assert.deepEqual(
        v.exposed.map((e) => `${e.port}/${e.protocol}`),
        c.exposed,
      );
    });
  }
  it('writes the contract message', () => {
    assert.equal(assessRiskyPorts(base)?.message, 'opens SSH (22/tcp) to the whole Internet (0.0.0.0/0)');
    assert.equal(
      assessRiskyPorts(rule({ protocol: 'all', portRange: '-1/-1', sourceCidr: '::/0' }))?.message,
      'opens every port and protocol, including SSH (22/tcp, 22/udp) and RDP (3389/tcp, 3389/udp), to the whole Internet (::/0)',
    );
  });
});

describe('assessPublicAccess', () => {
  it('flags every-port openings from the world only', () => {
    assert.ok(assessPublicAccess(rule({ protocol: 'all', portRange: '-1/-1' })));
    assert.ok(assessPublicAccess(rule({ portRange: '-1/-1' })));
    assert.ok(assessPublicAccess(rule({ portRange: '1/65535' })));
    assert.equal(assessPublicAccess(rule({ portRange: '1/100' })), undefined);
    assert.equal(assessPublicAccess(rule({ protocol: 'all', sourceCidr: '10.0.0.0/8' })), undefined);
    assert.equal(assessPublicAccess(rule({ protocol: 'gre', portRange: '-1/-1' })), undefined);
    assert.equal(assessPublicAccess(rule({ protocol: 'all', direction: 'egress' })), undefined);
  });
});

describe('portRangeProblem', () => {
  const table: [string, string | undefined, boolean][] = [
    ['tcp', '22/22', false],
    ['tcp', '-1/-1', true],
    ['udp', '0/10', true],
    ['tcp', '30/20', true],
    ['tcp', '22', true],
    ['icmp', '-1/-1', false],
    ['icmp', '1/65535', true],
    ['all', '444/445', true],
    ['gre', '-1/-1', false],
    ['all', undefined, false],
  ];
  for (const [proto, range, bad] of table) {
    it(`${proto} ${String(range)} → ${bad ? 'invalid' : 'valid'}`, () =>
      assert.equal(portRangeProblem(proto, range) !== undefined, bad));
  }
});

describe('fromLivePermission', () => {
  it('normalises API fields, empty strings as absent', () => {
    const n = fromLivePermission({
      SecurityGroupRuleId: 'sgr-1',
      Direction: 'ingress',
      IpProtocol: 'TCP',
      PortRange: '22/22',
      SourceCidrIp: '0.0.0.0/0',
      Ipv6SourceCidrIp: '',
      SourceGroupId: '',
      Policy: 'Accept',
      Priority: '1',
    });
    assert.deepEqual(n, {
      direction: 'ingress',
      policy: 'Accept',
      protocol: 'TCP',
      portRange: '22/22',
      sourceCidr: '0.0.0.0/0',
      sourceIpv6Cidr: undefined,
      sourceGroupId: undefined,
      prefixListId: undefined,
      priority: 1,
    });
    assert.ok(assessRiskyPorts(n));
  });
});
