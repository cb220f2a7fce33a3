/**
 * One security group judged as a whole (rule-semantics.md, "Sources judged together"): per address
 * family, protocol and configured port, the sources of the accept rules are united, so CIDRs that
 * together cover every address are the world just as a /0 is; a port is closed for an accept rule
 * when the drops at its priority or higher (lower number; a tie goes to the drop) together cover
 * every address. Indexed by that key and sorted once, so a group of 100,000 rules is judged in
 * O(n log n), never pairwise.
 */
import { holdsPublic, readSource, type CidrFamily } from './cidr';
import { DEFAULT_RISKY_PORTS } from './ports';
import type {
  ExposedPort,
  NearWorldVerdict,
  NormalisedRule,
  PublicAccessVerdict,
  RiskOptions,
  RiskyPortsVerdict,
  Shadowing,
} from './types';
import {
  coveredPorts,
  isAccept,
  isDrop,
  isIngress,
  opensEveryPort,
  publicAccessVerdict,
  riskyPortsMessage,
} from './verdicts';

const priorityOf = (r: NormalisedRule): number => r.priority ?? 1;
const lc = (s: string | undefined): string => (s ?? '').trim().toLowerCase();

/** One source of one rule: the range it covers. */
interface Member {
  index: number;
  start: bigint;
  end: bigint;
  prefixLength: number;
  /** The source as written (trimmed). */
  source: string;
  priority: number;
}

const FULL: Record<CidrFamily, bigint> = { ipv4: 1n << 32n, ipv6: 1n << 128n };

/**
 * The members that together cover the whole family, or undefined: every member not strictly inside
 * another (CIDR ranges nest or are disjoint, so these partition what they cover).
 */
export function coveringMembers(members: readonly Member[], family: CidrFamily): Member[] | undefined {
  if (members.length === 0) return undefined;
  const sorted = [...members].sort((a, b) =>
    a.start < b.start
      ? -1
      : a.start > b.start
        ? 1
        : a.end > b.end
          ? -1
          : a.end < b.end
            ? 1
            : a.index - b.index,
  );
  let reach = 0n;
  let outer: Member | undefined;
  const picked: Member[] = [];
  for (const m of sorted) {
    if (m.start > reach) return undefined;
    if (outer && m.start === outer.start && m.end === outer.end) picked.push(m);
    else if (m.end > reach) {
      picked.push(m);
      outer = m;
    }
    if (m.end > reach) reach = m.end;
  }
  return reach >= FULL[family] ? picked : undefined;
}

/** The sources of a rule, per family, that are ranges (odd spellings are the rules layer's to judge). */
function members(rule: NormalisedRule, index: number): [CidrFamily, Member][] {
  const out: [CidrFamily, Member][] = [];
  for (const text of [rule.sourceCidr, rule.sourceIpv6Cidr]) {
    if (text === undefined) continue;
    const r = readSource(text);
    if (r.kind !== 'cidr') continue;
    out.push([
      r.family,
      {
        index,
        start: r.start,
        end: r.end,
        prefixLength: r.prefixLength,
        source: text.trim(),
        priority: priorityOf(rule),
      },
    ]);
  }
  return out;
}

/** The accept and drop sources of one family, protocol and port. */
interface PortEntry {
  family: CidrFamily;
  port: ExposedPort;
  accepts: Member[];
  drops: Member[];
  /** Drop covers by priority (at most 100 priorities: each cover is computed once). */
  covers: Map<number, Member[] | undefined>;
}

/**
 * Per family+protocol+port: the accept and drop sources that open or close it. Keyed by number
 * (port, protocol, family), not by a joined string split again later: this runs for every port of
 * every rule of every group that may open one.
 */
class PortIndex {
  private readonly keys = new Map<number, PortEntry>();

  add(family: CidrFamily, port: ExposedPort, m: Member, drop: boolean): void {
    const key = port.port * 4 + (port.protocol === 'udp' ? 2 : 0) + (family === 'ipv6' ? 1 : 0);
    let e = this.keys.get(key);
    if (!e) this.keys.set(key, (e = { family, port, accepts: [], drops: [], covers: new Map() }));
    (drop ? e.drops : e.accepts).push(m);
  }

  entries(): Iterable<PortEntry> {
    return this.keys.values();
  }

  /** The drops that close `e` for an accept rule of `priority`: those at it or above, covering all. */
  closers(e: PortEntry, priority: number): Member[] | undefined {
    if (e.covers.has(priority)) return e.covers.get(priority);
    const cover = coveringMembers(
      e.drops.filter((d) => d.priority <= priority),
      e.family,
    );
    e.covers.set(priority, cover);
    return cover;
  }
}

export interface RuleAssessment {
  /** Index of the rule in the group list. */
  index: number;
  rule: NormalisedRule;
  /** The risky-ports verdict after shadowing (only still-open ports), if any remain. */
  riskyPorts?: RiskyPortsVerdict;
  /** Set when drop rules close some (or all) of the ports this rule would open. */
  shadowed?: Shadowing;
  publicAccess?: PublicAccessVerdict;
  /** A single source shorter than /8 with public addresses opening a risky port: a warning. */
  nearWorld?: NearWorldVerdict;
}

interface Opening {
  exposed: ExposedPort[];
  closed: ExposedPort[];
  byRules: Set<number>;
  source?: string;
  together: Set<number>;
  near: ExposedPort[];
  nearSource?: string;
}

/**
 * Judges every rule of one security group together: split sources that cover the world, drops that
 * close ports at their priority, public access of rules opening every port, and sources shorter than
 * /8. Rules with nothing to say are left out.
 */
export function assessGroup(group: readonly NormalisedRule[], options: RiskOptions = {}): RuleAssessment[] {
  const ports = options.ports ?? DEFAULT_RISKY_PORTS;
  const sources: { rule: NormalisedRule; own: [CidrFamily, Member][]; drop: boolean }[] = [];
  group.forEach((rule, i) => {
    if (!isIngress(rule)) return;
    const drop = isDrop(rule);
    if (!drop && !isAccept(rule)) return;
    const own = members(rule, i);
    if (own.length > 0) sources.push({ rule, own, drop });
  });
  if (!mayOpen(sources)) return [];
  const index = new PortIndex();
  const everyPort: Record<CidrFamily, Member[]> = { ipv4: [], ipv6: [] };
  for (const { rule, own, drop } of sources) {
    for (const port of coveredPorts(rule, { ports })) for (const [f, m] of own) index.add(f, port, m, drop);
    if (!drop && opensEveryPort(rule)) for (const [f, m] of own) everyPort[f].push(m);
  }

  const openings = new Map<number, Opening>();
  const opening = (i: number): Opening => {
    let o = openings.get(i);
    if (!o)
      openings.set(i, (o = { exposed: [], closed: [], byRules: new Set(), together: new Set(), near: [] }));
    return o;
  };
  for (const e of index.entries()) {
    const port = e.port;
    const world = e.accepts.filter((m) => m.prefixLength === 0);
    const open = world.length > 0 ? world : (coveringMembers(e.accepts, e.family) ?? []);
    const union = world.length === 0;
    for (const m of open) {
      const o = opening(m.index);
      const closers = index.closers(e, m.priority);
      if (closers) {
        o.closed.push(port);
        for (const c of closers) o.byRules.add(c.index);
        continue;
      }
      o.exposed.push(port);
      o.source ??= m.source;
      if (union) for (const other of open) if (other.index !== m.index) o.together.add(other.index);
    }
    // A single source shorter than /8 that is not already the world with others: nearly everyone.
    if (open.length === 0) {
      for (const m of e.accepts) {
        if (m.prefixLength >= 8 || !holdsPublic({ family: e.family, start: m.start, end: m.end })) continue;
        const o = opening(m.index);
        o.near.push(port);
        o.nearSource ??= m.source;
      }
    }
  }

  const publicAccess = new Map<number, PublicAccessVerdict>();
  for (const family of ['ipv4', 'ipv6'] as const) {
    const list = everyPort[family];
    const world = list.filter((m) => m.prefixLength === 0);
    const open = world.length > 0 ? world : (coveringMembers(list, family) ?? []);
    for (const m of open) {
      if (publicAccess.has(m.index)) continue;
      const v = publicAccessVerdict(group[m.index]!, m.source);
      const together = world.length > 0 ? [] : open.filter((x) => x.index !== m.index).map((x) => x.index);
      publicAccess.set(m.index, together.length ? { ...v, together } : v);
    }
  }

  const out: RuleAssessment[] = [];
  const indexes = new Set([...openings.keys(), ...publicAccess.keys()]);
  for (const i of [...indexes].sort((a, b) => a - b)) {
    const rule = group[i]!;
    const a: RuleAssessment = { index: i, rule };
    const o = openings.get(i);
    if (o) {
      const allProtocols = lc(rule.protocol) === 'all';
      if (o.exposed.length > 0) {
        const together = [...o.together].sort((x, y) => x - y);
        a.riskyPorts = {
          ruleId: 'sg-risky-ports-check',
          exposed: sortPorts(o.exposed),
          source: o.source!,
          allProtocols,
          message: riskyPortsMessage(sortPorts(o.exposed), o.source!, allProtocols),
          ...(together.length ? { together } : {}),
        };
      }
      if (o.closed.length > 0)
        a.shadowed = {
          closed: sortPorts(o.closed),
          open: sortPorts(o.exposed),
          byRules: [...o.byRules].sort((x, y) => x - y),
        };
      if (o.near.length > 0 && !a.riskyPorts)
        a.nearWorld = { exposed: sortPorts(o.near), source: o.nearSource!, allProtocols };
    }
    const pa = publicAccess.get(i);
    if (pa) a.publicAccess = pa;
    if (a.riskyPorts || a.shadowed || a.publicAccess || a.nearWorld) out.push(a);
  }
  return out;
}

/**
 * Whether any verdict can come of these sources: some accept's source is shorter than /8 (the
 * world, or nearly), or the accepts of a family together are as large as the family (the least a
 * union covering it takes). Every verdict starts from one of these, so most groups (a few rules
 * from private ranges) are judged without indexing their ports.
 */
function mayOpen(sources: readonly { own: [CidrFamily, Member][]; drop: boolean }[]): boolean {
  // In fractions of the family (a /p holds 2^-p of it), as plain numbers: BigInt sums made this
  // small function slow to optimise. Each fraction is exact; the sum may round down by a few
  // units in its last place per term, so it is compared with that much slack, which can only say
  // "may open" too often (the exact union follows), never too rarely.
  let v4 = 0;
  let v6 = 0;
  let n = 0;
  for (const { own, drop } of sources) {
    if (drop) continue;
    for (const [f, m] of own) {
      if (m.prefixLength < 8) return true;
      if (f === 'ipv4') v4 += 2 ** -m.prefixLength;
      else v6 += 2 ** -m.prefixLength;
      n++;
    }
  }
  const least = 1 - (n + 1) * 2 ** -50;
  return v4 >= least || v6 >= least;
}

/**
 * Ports in the order rules list them (by port, then tcp before udp), each once: a rule with an IPv4
 * and an IPv6 source reaches the same port through both families.
 */
function sortPorts(list: ExposedPort[]): ExposedPort[] {
  const sorted = [...list].sort(
    (a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0),
  );
  return sorted.filter(
    (p, i) => i === 0 || p.port !== sorted[i - 1]!.port || p.protocol !== sorted[i - 1]!.protocol,
  );
}

/** The rules that remediation must revoke: those still exposing a configured port after shadowing. */
export function riskyRules(group: readonly NormalisedRule[], options: RiskOptions = {}): RuleAssessment[] {
  return assessGroup(group, options).filter((a) => a.riskyPorts !== undefined);
}
