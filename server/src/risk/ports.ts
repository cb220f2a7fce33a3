/** Ports: the default risky list, port_range parsing, port lists, and service names for messages. */
import type { PortRangeParse } from './types';
import { quoted } from '../model/safe-text';

/** Well-known names for ports people commonly ask about; unnamed ports are shown as numbers. */
const SERVICES: Record<number, string> = {
  20: 'FTP data',
  21: 'FTP',
  22: 'SSH',
  23: 'Telnet',
  25: 'SMTP',
  53: 'DNS',
  110: 'POP3',
  135: 'MS RPC',
  137: 'NetBIOS',
  139: 'NetBIOS',
  445: 'SMB',
  1433: 'SQL Server',
  1521: 'Oracle',
  2375: 'Docker API',
  2379: 'etcd',
  3306: 'MySQL',
  3389: 'RDP',
  5432: 'PostgreSQL',
  5900: 'VNC',
  6379: 'Redis',
  9200: 'Elasticsearch',
  11211: 'Memcached',
  27017: 'MongoDB',
};

export const DEFAULT_RISKY_PORTS: readonly number[] = [22, 3389];

export function serviceName(port: number): string | undefined {
  return SERVICES[port];
}

const rangeCache = new Map<string, PortRangeParse>();

/** `"22/22"` → range; `"-1/-1"` (or absent) → all; anything else → invalid with a reason. */
export function parsePortRange(portRange: string | undefined): PortRangeParse {
  if (portRange === undefined) return { kind: 'all' };
  let parsed = rangeCache.get(portRange);
  if (!parsed) {
    parsed = parsePortRangeUncached(portRange);
    // A workspace repeats a handful of ranges thousands of times; a bounded memo keeps this cheap.
    if (rangeCache.size > 10_000) rangeCache.clear();
    rangeCache.set(portRange, parsed);
  }
  return parsed;
}

function parsePortRangeUncached(portRange: string): PortRangeParse {
  const m = /^\s*(-?\d+)\s*\/\s*(-?\d+)\s*$/.exec(portRange);
  if (!m) return { kind: 'invalid', reason: `${quoted(portRange)} is not of the form "from/to"` };
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (from === -1 && to === -1) return { kind: 'all' };
  if (from < 1 || from > 65535 || to < 1 || to > 65535) {
    return {
      kind: 'invalid',
      reason: `ports must be within 1..65535 (or "-1/-1"), got ${quoted(portRange)}`,
    };
  }
  if (from > to) return { kind: 'invalid', reason: `the range starts after it ends (${quoted(portRange)})` };
  return { kind: 'range', from, to };
}

/**
 * Parses a comma-separated port list such as the managed rule's `ports` parameter: `"22,3389"`,
 * also accepting ranges `"8000-8080"`. Throws with a clear message on anything else.
 */
export function parsePortList(list: string): number[] {
  const out = new Set<number>();
  for (const raw of list.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(item);
    if (!m)
      throw new Error(`${quoted(item)} is not a port or a port range (expected e.g. 22,3389 or 8000-8080)`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to > 65535 || from > to) throw new Error(`${quoted(item)} is outside 1..65535`);
    if (to - from > 65535) throw new Error(`${quoted(item)} is too wide`);
    for (let p = from; p <= to; p++) out.add(p);
  }
  if (out.size === 0) throw new Error('the port list is empty');
  return [...out].sort((a, b) => a - b);
}

/** `SSH (22/tcp)`, `RDP (3389/tcp, 3389/udp)`, `8080/tcp`. */
export function describePort(port: number, protocols: readonly string[]): string {
  const list = protocols.map((p) => `${port}/${p}`).join(', ');
  const name = serviceName(port);
  return name ? `${name} (${list})` : list;
}
