import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assessGroup, riskyRules } from '../../server/src/risk/index';
import type { NormalisedRule } from '../../server/src/risk/index';

const accept = (over: Partial<NormalisedRule> = {}): NormalisedRule => ({
  direction: 'ingress',
  policy: 'accept',
  protocol: 'tcp',
  portRange: '22/22',
  sourceCidr: '0.0.0.0/0',
  priority: 1,
  ...over,
});
const drop = (over: Partial<NormalisedRule> = {}): NormalisedRule => accept({ policy: 'drop', ...over });

describe('shadowing by drop rules', () => {
  const cases: { name: string; group: NormalisedRule[]; open: string[]; closed: string[] }[] = [
    { name: 'no drop', group: [accept()], open: ['22/tcp'], closed: [] },
    { name: 'drop at equal priority wins', group: [accept(), drop()], open: [], closed: ['22/tcp'] },
    {
      name: 'drop at a higher priority (lower number)',
      group: [accept({ priority: 5 }), drop({ priority: 2 })],
      open: [],
      closed: ['22/tcp'],
    },
    {
      name: 'drop at a lower priority does not close',
      group: [accept({ priority: 1 }), drop({ priority: 2 })],
      open: ['22/tcp'],
      closed: [],
    },
    {
      name: 'drop of another protocol does not close',
      group: [accept(), drop({ protocol: 'udp' })],
      open: ['22/tcp'],
      closed: [],
    },
    {
      name: 'drop of all protocols closes',
      group: [accept(), drop({ protocol: 'all', portRange: '-1/-1' })],
      open: [],
      closed: ['22/tcp'],
    },
    {
      name: 'drop from a private range does not close',
      group: [accept(), drop({ sourceCidr: '10.0.0.0/8' })],
      open: ['22/tcp'],
      closed: [],
    },
    {
      name: 'ipv4 drop does not close ipv6 access',
      group: [accept({ sourceCidr: undefined, sourceIpv6Cidr: '::/0' }), drop()],
      open: ['22/tcp'],
      closed: [],
    },
    {
      name: 'drop closing one of two ports',
      group: [accept({ portRange: '1/65535' }), drop({ portRange: '22/22' })],
      open: ['3389/tcp'],
      closed: ['22/tcp'],
    },
    {
      name: 'egress drop does not close',
      group: [accept(), drop({ direction: 'egress' })],
      open: ['22/tcp'],
      closed: [],
    },
    {
      name: 'default priority is 1',
      group: [accept({ priority: undefined }), drop({ priority: undefined })],
      open: [],
      closed: ['22/tcp'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const [a] = assessGroup(c.group).filter((x) => x.index === 0);
      assert.ok(a);
      assert.deepEqual(a.riskyPorts?.exposed.map((e) => `${e.port}/${e.protocol}`) ?? [], c.open);
      assert.deepEqual(a.shadowed?.closed.map((e) => `${e.port}/${e.protocol}`) ?? [], c.closed);
      assert.equal(
        riskyRules(c.group).some((r) => r.index === 0),
        c.open.length > 0,
      );
    });
  }
  it('never calls a drop rule risky', () => {
    assert.deepEqual(riskyRules([drop(), drop({ protocol: 'all' })]), []);
  });
});
