// assessGroup's "sources judged together" (rule-semantics.md) against a brute-force oracle: for
// random groups of IPv4 sources in random order (duplicates, nesting, gaps), every /8 block is
// checked for being covered, and a source counts when it is not strictly inside another. The
// oracle knows nothing of assessGroup's sort-and-sweep; a wrong order of the sweep picks the wrong
// sources or misses the cover.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessGroup } from '../../server/src/risk/index';
import type { NormalisedRule } from '../../server/src/risk/index';
import { random } from '../helpers/random';

/** The world, every aligned /1, /2 and /3 (nested and adjacent), and two sources inside them. */
const POOL = [
  '0.0.0.0/0',
  ...[1, 2, 3].flatMap((len) =>
    Array.from({ length: 2 ** len }, (_, i) => `${i * 2 ** (8 - len)}.0.0.0/${len}`),
  ),
  '16.0.0.0/4',
  '10.0.0.0/8',
];

/** The /8 blocks (0..255) a source holds: every source of the pool is a whole number of them. */
function blocks(cidr: string): Set<number> {
  const [addr, len] = cidr.split('/') as [string, string];
  const first = Number(addr.split('.')[0]);
  const count = 2 ** (8 - Number(len));
  return new Set(Array.from({ length: count }, (_, i) => first + i));
}
const inside = (a: Set<number>, b: Set<number>): boolean => [...a].every((x) => b.has(x));
const strictlyInside = (a: Set<number>, b: Set<number>): boolean => a.size < b.size && inside(a, b);

/** Which of `sources` count together (indexes), or undefined when they do not cover every address. */
function oracleCover(sources: string[]): number[] | undefined {
  const sets = sources.map(blocks);
  const world = sources.flatMap((s, i) => (s.endsWith('/0') ? [i] : []));
  if (world.length > 0) return world;
  for (let b = 0; b < 256; b++) if (!sets.some((s) => s.has(b))) return undefined;
  return sets.flatMap((s, i) => (sets.some((o) => strictlyInside(s, o)) ? [] : [i]));
}

const rule = (sourceCidr: string, over: Partial<NormalisedRule> = {}): NormalisedRule => ({
  direction: 'ingress',
  protocol: 'tcp',
  portRange: '22/22',
  sourceCidr,
  ...over,
});

function randomSources(next: () => number, min: number, max: number): string[] {
  const n = min + Math.floor(next() * (max - min + 1));
  return Array.from({ length: n }, () => POOL[Math.floor(next() * POOL.length)]!);
}

describe('sources judged together, against a brute-force oracle', () => {
  it('accept rules: which open a risky port, with whom, and which are nearly the whole Internet', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const next = random(seed);
      const sources = randomSources(next, 1, 7);
      const cover = oracleCover(sources);
      const union = cover !== undefined && !sources.some((s) => s.endsWith('/0'));
      type Expected = { index: number; risky?: { source: string; together?: number[] }; near?: string };
      const want = sources.flatMap((source, i): Expected[] => {
        if (cover?.includes(i)) {
          const together = union ? cover.filter((j) => j !== i) : [];
          return [{ index: i, risky: { source, together: together.length ? together : undefined } }];
        }
        if (cover === undefined && Number(source.split('/')[1]) < 8) return [{ index: i, near: source }];
        return [];
      });
      const got = assessGroup(sources.map((s) => rule(s))).map((a) => ({
        index: a.index,
        ...(a.riskyPorts
          ? {
              risky: { source: a.riskyPorts.source, together: a.riskyPorts.together },
            }
          : {}),
        ...(a.nearWorld ? { near: a.nearWorld.source } : {}),
      }));
      assert.deepEqual(got, want, `seed ${seed}: ${sources.join(' ')}`);
    }
  });

  it('drop rules: the accept is closed when the drops at its priority or above cover every address', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const next = random(1000 + seed);
      const drops = randomSources(next, 1, 6).map((s) => ({ s, priority: 1 + Math.floor(next() * 3) }));
      const priority = 1 + Math.floor(next() * 3);
      const group = [
        ...drops.map((d) => rule(d.s, { policy: 'drop', priority: d.priority })),
        rule('0.0.0.0/0', { priority }),
      ];
      const closing = drops.flatMap((d, i) => (d.priority <= priority ? [i] : []));
      const cover = oracleCover(closing.map((i) => drops[i]!.s));
      const [a] = assessGroup(group).filter((x) => x.index === drops.length);
      const label = `seed ${seed}: ${drops.map((d) => `${d.s}@${d.priority}`).join(' ')} vs accept@${priority}`;
      if (cover === undefined) {
        assert.equal(a?.shadowed, undefined, label);
        assert.equal(a?.riskyPorts?.source, '0.0.0.0/0', label);
      } else {
        assert.equal(a?.riskyPorts, undefined, label);
        assert.deepEqual(
          a?.shadowed,
          {
            closed: [{ port: 22, protocol: 'tcp', service: 'SSH' }],
            open: [],
            byRules: cover.map((j) => closing[j]),
          },
          label,
        );
      }
    }
  });
});
