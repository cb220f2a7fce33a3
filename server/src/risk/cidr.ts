import ipaddr from 'ipaddr.js';

export type CidrFamily = 'ipv4' | 'ipv6';

export interface ParsedCidr {
  family: CidrFamily;
  prefixLength: number;
}

/** Parses `addr/len` (either family); undefined for anything that is not a CIDR. */
export function parseCidr(text: string): ParsedCidr | undefined {
  const t = text.trim();
  if (!t.includes('/')) return undefined;
  try {
    const [addr, len] = ipaddr.parseCIDR(t);
    return { family: addr.kind(), prefixLength: len };
  } catch {
    return undefined;
  }
}

/**
 * True for a CIDR that matches every address of its family: prefix length 0. `0.0.0.0/0` and
 * `::/0`, but also `1.2.3.4/0`, which the API accepts and which is just as open.
 */
export function isWorldCidr(text: string | undefined): boolean {
  if (text === undefined) return false;
  return parseCidr(text)?.prefixLength === 0;
}

/** True when `text` is a valid CIDR or a bare address (which the API treats as /32 or /128). */
export function isValidSource(text: string): boolean {
  const t = text.trim();
  return parseCidr(t) !== undefined || ipaddr.isValid(t);
}
