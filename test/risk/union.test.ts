/**
 * Split and odd world sources are the world (issue 11, class 7): the sources that accept a risky
 * port in one group are judged together, so CIDRs whose union is all of IPv4 or IPv6 are world-open
 * (each contributing rule is a finding, naming the others); a drop closes only what its (union of)
 * sources covers; spellings of a prefix of 0 are the world; a single source shorter than /8 holding
 * public addresses is a warning. A brute-force model checks the indexed group judgement on random
 * groups (every address family, prefix, protocol, priority).
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assessGroup,
  isWorldCidr,
  readSource,
  riskyRules,
  type NormalisedRule,
} from '../../server/src/risk/index';

const accept = (sourceCidr: string, over: Partial<NormalisedRule> = {}): NormalisedRule => ({
  direction: 'ingress',
  policy: 'accept',
  protocol: 'tcp',
  portRange: '22/22',
  sourceCidr,
  priority: 1,
  ...over,
});
const v6 = (src: string, over: Partial<NormalisedRule> = {}): NormalisedRule =>
  accept('', { sourceCidr: undefined, sourceIpv6Cidr: src, ...over });
const open = (group: NormalisedRule[]): number[] => riskyRules(group).map((a) => a.index);

describe('sources judged together', () => {
  it('0.0.0.0/1 + 128.0.0.0/1 is the world: both are findings, each naming the other', () => {
    const a = assessGroup([accept('0.0.0.0/1'), accept('128.0.0.0/1')]);
    assert.deepEqual(
      a.filter((x) => x.riskyPorts).map((x) => [x.index, x.riskyPorts!.together]),
      [
        [0, [1]],
        [1, [0]],
      ],
    );
  });

  it('any finer split of IPv4, and of IPv6', () => {
    const quarters = ['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/2'].map((s) => accept(s));
    assert.deepEqual(open(quarters), [0, 1, 2, 3]);
    assert.deepEqual(open(quarters.slice(0, 3)), [], 'three quarters are not the world');
    assert.deepEqual(open([v6('::/1'), v6('8000::/1')]), [0, 1]);
    assert.deepEqual(open([v6('::/1'), accept('128.0.0.0/1')]), [], 'families are not mixed');
  });

  it('a split into ranges of /8 or longer is the world exactly when they cover every address', () => {
    // No source shorter than /8: only accepts as large as the family together can cover it (the
    // group is judged without its port index otherwise), so the boundary is tested on each side.
    const eighths = Array.from({ length: 256 }, (_, i) => accept(`${i}.0.0.0/8`));
    assert.equal(open(eighths).length, 256);
    const halves = [accept('0.0.0.0/9'), accept('0.128.0.0/9')];
    assert.equal(open([...eighths.slice(1), ...halves]).length, 257);
    assert.deepEqual(open([...eighths.slice(1), accept('1.0.0.0/8')]), [], 'as large, not covering');
    assert.deepEqual(open(eighths.slice(1)), []);
    const drops = eighths.map((r) => ({ ...r, policy: 'drop' }));
    assert.deepEqual(assessGroup(drops), [], 'drops alone open nothing');
    assert.deepEqual(open([...eighths.slice(1), { ...eighths[0]!, direction: 'egress' }]), []);
    const v6Halves = [v6('::/1'), v6('8000::/2'), v6('c000::/8'), v6('c100::/8')];
    assert.deepEqual(open(v6Halves), [], 'IPv6 short of the family by 62 /8s');
    assert.deepEqual(assessGroup([accept('10.0.0.0/8'), accept('192.168.0.0/16')]), []);
  });

  it('a range inside another adds nothing and is not named; a duplicate is named too', () => {
    const g = [accept('0.0.0.0/1'), accept('10.0.0.0/8'), accept('128.0.0.0/1')];
    assert.deepEqual(open(g), [0, 2]);
    assert.deepEqual(open([...g, accept('128.0.0.0/1')]), [0, 2, 3]);
  });

  it('only rules opening that port and protocol count', () => {
    assert.deepEqual(open([accept('0.0.0.0/1'), accept('128.0.0.0/1', { portRange: '80/80' })]), []);
    assert.deepEqual(open([accept('0.0.0.0/1'), accept('128.0.0.0/1', { protocol: 'udp' })]), []);
    assert.deepEqual(
      open([accept('0.0.0.0/1'), accept('128.0.0.0/1', { protocol: 'all', portRange: '-1/-1' })]),
      [0, 1],
    );
    assert.deepEqual(open([accept('0.0.0.0/1'), accept('128.0.0.0/1', { direction: 'egress' })]), []);
  });

  it('drops whose sources together cover the world close it at their priority; a partial drop does not', () => {
    const drop = (src: string, priority: number): NormalisedRule => accept(src, { policy: 'drop', priority });
    assert.deepEqual(
      open([accept('0.0.0.0/0', { priority: 5 }), drop('0.0.0.0/1', 1), drop('128.0.0.0/1', 2)]),
      [],
    );
    assert.deepEqual(
      open([accept('0.0.0.0/0', { priority: 1 }), drop('0.0.0.0/1', 1), drop('128.0.0.0/1', 2)]),
      [0],
    );
    assert.deepEqual(open([accept('0.0.0.0/1'), accept('128.0.0.0/1'), drop('0.0.0.0/0', 1)]), []);
    assert.deepEqual(open([accept('0.0.0.0/0'), drop('10.0.0.0/8', 1)]), [0]);
  });

  it('public access: rules opening every port whose sources together are the world', () => {
    const all = (src: string): NormalisedRule => accept(src, { protocol: 'all', portRange: '-1/-1' });
    const a = assessGroup([all('0.0.0.0/1'), all('128.0.0.0/1')]);
    assert.deepEqual(
      a.filter((x) => x.publicAccess).map((x) => [x.index, x.publicAccess!.together]),
      [
        [0, [1]],
        [1, [0]],
      ],
    );
  });
});

describe('spellings', () => {
  it('a prefix of 0 however written is the world', () => {
    for (const s of [
      '0.0.0.0/0',
      '0/0',
      '0.0.0.0/00',
      '000.000.000.000/0',
      ' 0.0.0.0/0 ',
      '10.1/0',
      '::/00',
      '0::0/0',
    ])
      assert.ok(isWorldCidr(s), s);
    for (const s of ['0.0.0.0/1', '10.0.0.0/8', 'anywhere', '0.0.0.0', '', '0.0.0.0/33'])
      assert.ok(!isWorldCidr(s), s);
  });

  it('other spellings the API is not documented to take are neither a range nor clean', () => {
    for (const s of ['010.0.0.0/8', '0.0.0.0/01', '10.0/8', '1.2.3.04/32'])
      assert.equal(readSource(s).kind, 'odd', s);
    assert.equal(readSource('10.0.0.0/8').kind, 'cidr');
    assert.equal(readSource(' 10.0.0.0/8 ').kind, 'cidr');
    assert.equal(readSource('not an address').kind, 'invalid');
  });
});

describe('nearly the whole Internet', () => {
  it('a single source shorter than /8 with public addresses is a warning, not revoked', () => {
    const a = assessGroup([accept('0.0.0.0/1')]);
    assert.equal(a[0]?.nearWorld?.source, '0.0.0.0/1');
    assert.equal(a[0]?.riskyPorts, undefined);
    assert.deepEqual(riskyRules([accept('0.0.0.0/1')]), []);
    assert.equal(assessGroup([accept('11.0.0.0/8')])[0]?.nearWorld, undefined, '/8 is not shorter than /8');
    assert.equal(assessGroup([v6('fc00::/7')])[0]?.nearWorld, undefined, 'unique local IPv6 is not public');
    assert.equal(assessGroup([v6('2000::/3')])[0]?.nearWorld?.source, '2000::/3');
  });

  it('IPv6: only a range meeting global unicast (2000::/3) is public, up to its exact bounds', () => {
    // ::/3 ends where 2000::/3 starts, 4000::/3 starts where it ends: neither holds a public address.
    assert.equal(assessGroup([v6('::/3')])[0]?.nearWorld, undefined, '::/3');
    assert.equal(assessGroup([v6('4000::/3')])[0]?.nearWorld, undefined, '4000::/3');
    assert.equal(assessGroup([v6('::/2')])[0]?.nearWorld?.source, '::/2', '::/2 holds 2000::/3');
    assert.equal(assessGroup([v6('3000::/4')])[0]?.nearWorld?.source, '3000::/4', 'the top of 2000::/3');
  });
});

/** Brute force: the family's addresses in equal slices, each accepted or not; world-open when all are. */
function brute(group: NormalisedRule[], port: number): Set<number> {
  const out = new Set<number>();
  for (const family of ['ipv4', 'ipv6'] as const) {
    for (const protocol of ['tcp', 'udp'] as const) {
      const bits = family === 'ipv4' ? 32 : 128;
      const slices = 16; // every source in the generator is a /0../4: slices of /4 decide coverage
      const members = group
        .map((r, i) => ({
          r,
          i,
          src: readSource((family === 'ipv4' ? r.sourceCidr : r.sourceIpv6Cidr) ?? ''),
        }))
        .filter(({ r, src }) => {
          if (src.kind !== 'cidr' || r.direction !== 'ingress') return false;
          const p = r.protocol;
          if (p !== 'all' && p !== protocol) return false;
          if (p === 'all') return true;
          const [from, to] = (r.portRange ?? '-1/-1').split('/').map(Number);
          return from === -1 || (from! <= port && port <= to!);
        });
      const accepts = members.filter((m) => m.r.policy !== 'drop');
      const drops = members.filter((m) => m.r.policy === 'drop');
      const contains = (src: ReturnType<typeof readSource>, slice: number): boolean => {
        if (src.kind !== 'cidr') return false;
        const start = BigInt(slice) << BigInt(bits - 4);
        return src.start <= start && start + (1n << BigInt(bits - 4)) <= src.end;
      };
      const all = Array.from({ length: slices }, (_, s) => s);
      // Whole-family accepts (prefix 0) each stand alone; otherwise the union must cover every slice.
      const world = accepts.filter((m) => m.src.kind === 'cidr' && m.src.prefixLength === 0);
      let flagged = world;
      if (world.length === 0 && all.every((s) => accepts.some((m) => contains(m.src, s)))) {
        flagged = accepts.filter(
          (m) =>
            !accepts.some(
              (o) =>
                o !== m &&
                o.src.kind === 'cidr' &&
                m.src.kind === 'cidr' &&
                o.src.start <= m.src.start &&
                m.src.end <= o.src.end &&
                o.src.prefixLength < m.src.prefixLength,
            ),
        );
      }
      for (const m of flagged) {
        const closers = drops.filter((d) => (d.r.priority ?? 1) <= (m.r.priority ?? 1));
        if (!all.every((s) => closers.some((d) => contains(d.src, s)))) out.add(m.i);
      }
    }
  }
  return out;
}

describe('indexed judgement equals brute force', () => {
  const v4 = fc.constantFrom(
    '0.0.0.0/0',
    '0.0.0.0/1',
    '128.0.0.0/1',
    '0.0.0.0/2',
    '64.0.0.0/2',
    '128.0.0.0/2',
    '192.0.0.0/2',
    '16.0.0.0/4',
    '10.0.0.0/8',
  );
  const v6s = fc.constantFrom('::/0', '::/1', '8000::/1', '4000::/2', 'c000::/2', '2000::/3');
  const rule = fc.record({
    sourceCidr: fc.option(v4, { nil: undefined }),
    sourceIpv6Cidr: fc.option(v6s, { nil: undefined }),
    protocol: fc.constantFrom('tcp', 'udp', 'all'),
    portRange: fc.constantFrom('22/22', '1/100', '80/80'),
    policy: fc.constantFrom('accept', 'accept', 'drop'),
    priority: fc.integer({ min: 1, max: 4 }),
    direction: fc.constantFrom('ingress', 'ingress', 'egress'),
  });
  it('random groups', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 12 }), (g) => {
        const group = g.map((r) => ({ ...r, portRange: r.protocol === 'all' ? '-1/-1' : r.portRange }));
        const got = new Set(
          assessGroup(group, { ports: [22] })
            .filter((a) => a.riskyPorts)
            .map((a) => a.index),
        );
        assert.deepEqual([...got].sort(), [...brute(group, 22)].sort());
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('a group of 100,000 rules is judged (indexed, not pairwise)', () => {
    const group: NormalisedRule[] = [];
    for (let i = 0; i < 50_000; i++)
      group.push(accept(`${i % 256}.${(i >> 8) % 256}.0.0/16`, { priority: 1 + (i % 100) }));
    for (let i = 0; i < 50_000; i++)
      group.push(accept(`${i % 256}.0.0.0/8`, { policy: 'drop', priority: 1 + (i % 100) }));
    const a = assessGroup(group);
    assert.ok(Array.isArray(a));
  });
});
