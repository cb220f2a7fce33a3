/**
 * What an exposed group exposes: the instances and network interfaces it is attached to, and which
 * of them have a public address. Read per group, paged, through the scan's concurrency limit:
 * DescribeInstances (SecurityGroupId) for instances and their primary interfaces, and
 * DescribeNetworkInterfaces (SecurityGroupId) for secondary interfaces, which DescribeInstances does
 * not list by group (the SDK model's SecurityGroupId remark: "To query information about a primary
 * ENI by security group ID, call DescribeInstances"). Fail closed: a group whose attachments cannot
 * be read is "cannot verify", ranked with the reachable ones, never "attached to nothing".
 */
import { list, obj, text, type Wire } from '../../../../../remediation-fn/src/public';
import { createLimiter } from '../api/limit';
import type { GroupFindings } from './findings';

/** A public address: a fixed public IP of an instance, or an EIP bound to an instance or interface. */
export interface PublicAddress {
  address: string;
  kind: 'public IP' | 'EIP';
  /** The EIP's allocation id (`eip-…`). */
  allocationId?: string;
}

export interface Attachment {
  kind: 'instance' | 'network interface';
  /** `i-…` or `eni-…`. */
  id: string;
  name: string;
  status: string;
  /** The instance a secondary interface is attached to (empty when it is attached to none). */
  instanceId?: string;
  privateIps: string[];
  publicAddresses: PublicAddress[];
}

export interface Exposure {
  attachments: Attachment[];
  /** Set when the attachments could not be read (the group is then ranked as if reachable). */
  error?: string;
}

export type Reach = 'internet' | 'unknown' | 'private' | 'unattached';

/** How far the group's open rules reach, from what it is attached to. */
export function reachOf(e: Exposure | undefined): Reach {
  if (!e || e.error !== undefined) return 'unknown';
  if (e.attachments.some((a) => a.publicAddresses.length > 0)) return 'internet';
  return e.attachments.length > 0 ? 'private' : 'unattached';
}

/** Sort order: reachable from the Internet first, then what could not be read, attached, nothing. */
export const REACH_RANK: Record<Reach, number> = { internet: 0, unknown: 1, private: 2, unattached: 3 };

export const publicAddressCount = (e: Exposure | undefined): number =>
  e?.attachments.reduce((n, a) => n + a.publicAddresses.length, 0) ?? 0;

/** A few words for the tree's description (the tooltip has the counts: reachSummary). */
export function reachLabel(e: Exposure | undefined): string {
  const labels: Record<Reach, string> = {
    internet: 'reachable from the Internet',
    unknown: e ? 'attachments cannot be verified' : 'attachments not read',
    private: 'attached, no public address',
    unattached: 'attached to nothing',
  };
  return labels[reachOf(e)];
}

/** One line for the tooltip and the report. */
export function reachSummary(e: Exposure | undefined): string {
  const n = e?.attachments.length ?? 0;
  const s = (k: number, one: string) => `${k} ${one}${k === 1 ? '' : 's'}`;
  switch (reachOf(e)) {
    case 'internet':
      return `reachable from the Internet: ${s(publicAddressCount(e), 'public address')} on ${s(n, 'attachment')}`;
    case 'unknown':
      return e ? `attachments cannot be verified` : 'attachments not read';
    case 'private':
      return `${s(n, 'attachment')}, no public address`;
    case 'unattached':
      return 'attached to nothing';
  }
}

/** Lines for the tooltip and the report: each attachment with its addresses. */
export function attachmentLines(e: Exposure | undefined, max = 20): string[] {
  if (!e) return ['Attachments: not read'];
  if (e.error !== undefined) return [`Attachments: cannot verify (${e.error})`];
  if (e.attachments.length === 0) return ['Attached to nothing: no instance or network interface uses it.'];
  const lines = e.attachments.slice(0, max).map((a) => {
    const pub = a.publicAddresses.map((p) => `${p.kind} ${p.address}`).join(', ');
    const on = a.instanceId ? ` on ${a.instanceId}` : '';
    return `${a.kind} ${a.id}${a.name ? ` (${a.name})` : ''}${on}, ${a.status || 'status unknown'}: ${pub || 'no public address'}`;
  });
  if (e.attachments.length > max) lines.push(`… and ${e.attachments.length - max} more`);
  return lines;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];

/** An instance of DescribeInstances' `Instances.Instance[]` (ecs20140526 model). */
export function instanceAttachment(i: Wire): Attachment {
  const eip = obj(i.EipAddress);
  const publicAddresses: PublicAddress[] = [
    ...strings(obj(i.PublicIpAddress).IpAddress).map((address) => ({ address, kind: 'public IP' as const })),
    ...(text(eip.IpAddress)
      ? [{ address: text(eip.IpAddress), kind: 'EIP' as const, allocationId: text(eip.AllocationId) }]
      : []),
  ];
  return {
    kind: 'instance',
    id: text(i.InstanceId),
    name: text(i.InstanceName),
    status: text(i.Status),
    privateIps: strings(obj(obj(i.VpcAttributes).PrivateIpAddress).IpAddress),
    publicAddresses,
  };
}

/** A network interface of DescribeNetworkInterfaces' `NetworkInterfaceSets.NetworkInterfaceSet[]`. */
export function interfaceAttachment(n: Wire): Attachment {
  const eips = [
    obj(n.AssociatedPublicIp),
    ...list(obj(n.PrivateIpSets).PrivateIpSet).map((p) => obj(p.AssociatedPublicIp)),
  ];
  const seen = new Set<string>();
  const publicAddresses: PublicAddress[] = [];
  for (const e of eips) {
    const address = text(e.PublicIpAddress);
    if (!address || seen.has(address)) continue;
    seen.add(address);
    // An EIP has an allocation id; a public IP the interface was created with has none.
    const allocationId = text(e.AllocationId);
    publicAddresses.push(
      allocationId ? { address, kind: 'EIP', allocationId } : { address, kind: 'public IP' },
    );
  }
  return {
    kind: 'network interface',
    id: text(n.NetworkInterfaceId),
    name: text(n.NetworkInterfaceName),
    status: text(n.Status),
    instanceId: text(n.InstanceId),
    privateIps: [
      text(n.PrivateIpAddress),
      ...list(obj(n.PrivateIpSets).PrivateIpSet).map((p) => text(p.PrivateIpAddress)),
    ].filter((ip, i, all) => ip !== '' && all.indexOf(ip) === i),
    publicAddresses,
  };
}

/** The two paged reads exposure needs (ecs.ts implements them over the SDK). */
export interface AttachmentsApi {
  instancesOfGroup(
    region: string,
    groupId: string,
    nextToken?: string,
  ): Promise<{ attachments: Attachment[]; nextToken?: string }>;
  interfacesOfGroup(
    region: string,
    groupId: string,
    nextToken?: string,
  ): Promise<{ attachments: Attachment[]; nextToken?: string }>;
}

/**
 * Every attachment of one group, each page through `limit` (the scan's). A failed read makes the
 * exposure "cannot verify" with the reason; cancellation propagates.
 */
export async function readExposure(
  api: AttachmentsApi,
  region: string,
  groupId: string,
  limit: <T>(fn: () => Promise<T>) => Promise<T>,
  describe: (e: unknown) => string,
  signal?: AbortSignal,
): Promise<Exposure> {
  const all = async (
    read: (token?: string) => Promise<{ attachments: Attachment[]; nextToken?: string }>,
  ): Promise<Attachment[]> => {
    const out: Attachment[] = [];
    let token: string | undefined;
    do {
      if (signal?.aborted) throw signal.reason;
      const page = await limit(() => read(token));
      out.push(...page.attachments);
      token = page.nextToken;
    } while (token);
    return out;
  };
  try {
    const [instances, interfaces] = await Promise.all([
      all((t) => api.instancesOfGroup(region, groupId, t)),
      all((t) => api.interfacesOfGroup(region, groupId, t)),
    ]);
    return { attachments: [...instances, ...interfaces] };
  } catch (e) {
    if (signal?.aborted) throw e;
    return { attachments: [], error: describe(e) };
  }
}

/**
 * The exposure of groups that came without it (the Config rule's results say nothing of
 * attachments): each read through one limit, each group handed back with it as soon as it is read.
 */
export async function addExposures(
  api: Partial<AttachmentsApi>,
  groups: readonly GroupFindings[],
  opts: { concurrency: number; signal?: AbortSignal; describe: (e: unknown) => string },
  onGroup: (g: GroupFindings) => void,
): Promise<void> {
  const { instancesOfGroup, interfacesOfGroup } = api;
  if (!instancesOfGroup || !interfacesOfGroup) return;
  const reads: AttachmentsApi = {
    instancesOfGroup: (r, g, t) => instancesOfGroup.call(api, r, g, t),
    interfacesOfGroup: (r, g, t) => interfacesOfGroup.call(api, r, g, t),
  };
  const limit = await createLimiter(opts.concurrency);
  await Promise.all(
    groups.map(async (g) => {
      const exposure = await readExposure(reads, g.region, g.groupId, limit, opts.describe, opts.signal);
      onGroup({ ...g, exposure });
    }),
  );
}
