/**
 * One live security group judged by the shared rule module, with what only the cloud has: port
 * lists. A rule may name a port list (`PortRangeListId`) instead of a `PortRange`; its entries are
 * judged as if each were the rule's range. When a list cannot be read — or a tcp/udp rule has
 * neither a range nor a list — the rule is "cannot verify": reported, never revoked, never clean.
 * Used by the remediation planner, the custom Config rule (`index.evaluate`) and the editor's tree.
 */
import {
  assessGroup,
  describeExposed,
  fromLivePermission,
  parseCidr,
  worldSource,
  type ExposedPort,
  type LivePermission,
  type NormalisedRule,
} from '../../server/src/risk';

/** A port list's ranges (`"22/22"`), or why they could not be read. */
export type PortListEntries = { ranges: string[] } | { error: string };
export type PortLists = ReadonlyMap<string, PortListEntries>;

export interface RiskyRule {
  /** Index into the permissions given. */
  index: number;
  permission: LivePermission;
  /** The configured ports it opens to the world, after drop-rule shadowing. */
  exposed: ExposedPort[];
  /** `0.0.0.0/0`, `::/0`, … */
  source: string;
  /** The rule module's message (plus the port list it came through, if any). */
  message: string;
  /** The port list whose entries opened the ports. */
  portList?: string;
}

export interface UnverifiableRule {
  index: number;
  permission: LivePermission;
  /** Why it cannot be judged, e.g. `port list prl-1 could not be read (Forbidden.RAM)`. */
  reason: string;
}

export interface GroupJudgement {
  risky: RiskyRule[];
  unverifiable: UnverifiableRule[];
}

const s = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const lc = (v: unknown): string => s(v).toLowerCase();

/** Only ingress permissions are ever considered, whatever the API returned. */
export function ingressOnly(permissions: readonly LivePermission[]): LivePermission[] {
  return permissions.filter((p) => p.Direction === undefined || lc(p.Direction) === 'ingress');
}

/** The port lists ingress rules use instead of a port range (what must be resolved first). */
export function portListIds(permissions: readonly LivePermission[]): string[] {
  const ids = new Set<string>();
  for (const p of ingressOnly(permissions)) {
    const id = s(p.PortRangeListId);
    if (id && !s(p.PortRange)) ids.add(id);
  }
  return [...ids].sort();
}

/** Reads each list once; a list that fails is recorded with the reason, never guessed. */
export async function resolvePortLists(
  ids: readonly string[],
  read: (id: string) => Promise<string[]>,
  describeError: (e: unknown) => string,
): Promise<PortLists> {
  const out = new Map<string, PortListEntries>();
  for (const id of ids) {
    try {
      out.set(id, { ranges: await read(id) });
    } catch (e) {
      out.set(id, { error: describeError(e) });
    }
  }
  return out;
}

interface Expanded {
  rule: NormalisedRule;
  origin: number;
}

/** Why a permission's ports cannot be known, or undefined when they can. */
function unknownPorts(p: LivePermission, lists: PortLists): string | undefined {
  const proto = lc(p.IpProtocol);
  if (proto !== 'tcp' && proto !== 'udp') return undefined;
  if (s(p.PortRange)) return undefined;
  const id = s(p.PortRangeListId);
  if (!id) return 'the rule has neither a port range nor a port list';
  const entries = lists.get(id);
  if (!entries) return `port list ${id} was not read`;
  if ('error' in entries) return `port list ${id} could not be read (${entries.error})`;
  return undefined;
}

/**
 * The group's risky and unverifiable ingress rules. A rule through a port list is risky when any
 * entry opens a configured port to the world; an accept rule that an unreadable drop rule might
 * close is "cannot verify" rather than risky (it would be revoked on a guess otherwise).
 */
export function judgeLiveGroup(
  permissions: readonly LivePermission[],
  lists: PortLists,
  opts: { ports?: readonly number[] } = {},
): GroupJudgement {
  const expanded: Expanded[] = [];
  const unverifiable: UnverifiableRule[] = [];
  permissions.forEach((p, index) => {
    if (p.Direction !== undefined && lc(p.Direction) !== 'ingress') return;
    const base = fromLivePermission(p);
    // Only a world rule's ports matter: it may open them (accept) or close them for others (drop).
    const reason = worldSource(base) ? unknownPorts(p, lists) : undefined;
    if (reason) {
      unverifiable.push({ index, permission: p, reason });
      return;
    }
    const id = s(p.PortRangeListId);
    const entries = id && !s(p.PortRange) ? lists.get(id) : undefined;
    if (entries && 'ranges' in entries) {
      for (const range of entries.ranges)
        expanded.push({ rule: { ...base, portRange: range }, origin: index });
    } else expanded.push({ rule: base, origin: index });
  });
  const assessed = assessGroup(
    expanded.map((e) => e.rule),
    opts.ports ? { ports: opts.ports } : {},
  );
  const byOrigin = new Map<number, { exposed: ExposedPort[]; source: string; messages: string[] }>();
  for (const a of assessed) {
    if (!a.riskyPorts) continue;
    const origin = expanded[a.index]!.origin;
    const acc = byOrigin.get(origin) ?? { exposed: [], source: a.riskyPorts.source, messages: [] };
    for (const e of a.riskyPorts.exposed) {
      if (!acc.exposed.some((x) => x.port === e.port && x.protocol === e.protocol)) acc.exposed.push(e);
    }
    acc.messages.push(a.riskyPorts.message);
    byOrigin.set(origin, acc);
  }
  const risky: RiskyRule[] = [];
  for (const [index, acc] of [...byOrigin].sort((a, b) => a[0] - b[0])) {
    const permission = permissions[index]!;
    const doubt = unreadableDropFor(permission, unverifiable, permissions);
    if (doubt) {
      unverifiable.push({ index, permission, reason: doubt });
      continue;
    }
    const listId = s(permission.PortRangeListId);
    const viaList = listId && !s(permission.PortRange) ? listId : undefined;
    const message =
      acc.messages.length === 1
        ? acc.messages[0]!
        : `opens ${describeExposed(acc.exposed)} to the whole Internet (${acc.source})`;
    risky.push({
      index,
      permission,
      exposed: acc.exposed,
      source: acc.source,
      message: viaList ? `${message} through port list ${viaList}` : message,
      ...(viaList ? { portList: viaList } : {}),
    });
  }
  unverifiable.sort((a, b) => a.index - b.index);
  return { risky, unverifiable };
}

/** An unreadable world drop rule of the same family and higher (or equal) priority might close it. */
function unreadableDropFor(
  accept: LivePermission,
  unverifiable: readonly UnverifiableRule[],
  all: readonly LivePermission[],
): string | undefined {
  const a = fromLivePermission(accept);
  const family = parseCidr(worldSource(a) ?? '')?.family;
  for (const u of unverifiable) {
    const d = fromLivePermission(all[u.index]!);
    if (lc(d.policy) !== 'drop') continue;
    const src = worldSource(d);
    if (!src || parseCidr(src)?.family !== family) continue;
    if ((d.priority ?? 1) > (a.priority ?? 1)) continue;
    return `a drop rule that may close it cannot be read: ${u.reason}`;
  }
  return undefined;
}

/**
 * The ingress rules of a security group as Config records it (GetDiscoveredResource's
 * Configuration, the custom rule's configuration item): `Permissions.Permission[]` as
 * DescribeSecurityGroupAttribute answers (Alibaba's FC 3.0 sample reads that), or a flat
 * `Permissions[]` (an older sample iterates that). Both are read; anything else is no rules.
 */
export function recordedPermissions(configuration: Record<string, unknown>): LivePermission[] {
  const p = configuration.Permissions;
  const list = Array.isArray(p)
    ? p
    : typeof p === 'object' && p !== null && Array.isArray((p as { Permission?: unknown }).Permission)
      ? (p as { Permission: unknown[] }).Permission
      : [];
  return list.filter((x): x is LivePermission => typeof x === 'object' && x !== null && !Array.isArray(x));
}

/** The tags of a recorded group: `Tags.Tag[]` (the DescribeSecurityGroups shape) or a flat list. */
export function recordedTags(configuration: Record<string, unknown>): { TagKey: string; TagValue: string }[] {
  const t = configuration.Tags;
  const list = Array.isArray(t)
    ? t
    : typeof t === 'object' && t !== null && Array.isArray((t as { Tag?: unknown }).Tag)
      ? (t as { Tag: unknown[] }).Tag
      : [];
  return list
    .filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
    .map((x) => ({ TagKey: s(x.TagKey ?? x.Key), TagValue: s(x.TagValue ?? x.Value) }))
    .filter((x) => x.TagKey !== '');
}
