/** CIDR parsing and "is this the whole Internet" (any /0, IPv4 or IPv6). */
import ipaddr from 'ipaddr.js';

export type CidrFamily = 'ipv4' | 'ipv6';

export interface ParsedCidr {
  family: CidrFamily;
  prefixLength: number;
}

const cache = new Map<string, ParsedCidr | undefined>();

/** Parses `addr/len` (either family); undefined for anything that is not a CIDR. */
export function parseCidr(text: string): ParsedCidr | undefined {
  if (cache.has(text)) return cache.get(text);
  const parsed = parseCidrUncached(text.trim());
  // The same few CIDRs recur across a workspace; a bounded memo keeps the hot path cheap.
  if (cache.size > 10_000) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

function parseCidrUncached(t: string): ParsedCidr | undefined {
  const slash = t.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const addr = t.slice(0, slash);
  const lenText = t.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) return undefined;
  const prefixLength = Number(lenText);
  // Dispatch by family up front: ipaddr.parseCIDR tries IPv6 then IPv4 through exceptions.
  if (addr.includes(':')) {
    return ipaddr.IPv6.isValid(addr) && prefixLength <= 128 ? { family: 'ipv6', prefixLength } : undefined;
  }
  return ipaddr.IPv4.isValidFourPartDecimal(addr) && prefixLength <= 32
    ? { family: 'ipv4', prefixLength }
    : undefined;
}

/**
 * True for a CIDR that matches every address of its family: prefix length 0. `0.0.0.0/0` and
 * `::/0`, but also `1.2.3.4/0`, which the API accepts and which is just as open.
 */
export function isWorldCidr(text: string | undefined): boolean {
  if (text === undefined) return false;
  // Fast path (this runs for every rule on every keystroke): only a "/0" suffix can be the world.
  const t = text.trimEnd();
  if (t.charCodeAt(t.length - 1) !== 48 /* 0 */ || t.charCodeAt(t.length - 2) !== 47 /* / */) return false;
  return parseCidr(t)?.prefixLength === 0;
}

/** True when `text` is a valid CIDR or a bare address (which the API treats as /32 or /128). */
export function isValidSource(text: string): boolean {
  const t = text.trim();
  return parseCidr(t) !== undefined || ipaddr.isValid(t);
}
