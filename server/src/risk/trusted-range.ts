/**
 * What may replace a world CIDR as a "trusted range" (the editor's Restrict to a trusted range…,
 * and anything remembered in `.sg-guard.yaml`): a real network of the rule's address family, not
 * the world and not a slice of it so wide that the fix would change nothing that matters.
 */
import ipaddr from 'ipaddr.js';
import type { CidrFamily } from './cidr';

/** Narrower than this many prefix bits is refused: `0.0.0.0/1` is half the Internet, not a range you trust. */
export const MIN_TRUSTED_PREFIX = 8;

export type TrustedRangeCheck = { ok: true; cidr: string } | { ok: false; problem: string };

const FAMILY_NAME: Record<CidrFamily, string> = { ipv4: 'IPv4', ipv6: 'IPv6' };

/**
 * Checks `text` as a trusted range for a rule of `family` (the family of the world CIDR it
 * replaces): a CIDR, or a bare address (taken as /32 or /128). Returns the CIDR as it should be
 * written, or one sentence saying why not.
 */
export function checkTrustedRange(text: string, family: CidrFamily): TrustedRangeCheck {
  const t = text.trim();
  if (t === '')
    return { ok: false, problem: `Enter an ${FAMILY_NAME[family]} range, e.g. ${example(family)}.` };
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  let prefix: number;
  try {
    if (t.includes('/')) [addr, prefix] = ipaddr.parseCIDR(t);
    else {
      addr = ipaddr.parse(t);
      prefix = addr.kind() === 'ipv4' ? 32 : 128;
    }
  } catch {
    return { ok: false, problem: `"${t}" is not a CIDR range: write it like ${example(family)}.` };
  }
  // ipaddr reads a bare IPv4 in the dotted-quad form only when asked: `10.1` parses as an address.
  if (addr.kind() === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(t.split('/')[0]!)) {
    return { ok: false, problem: `"${t}" is not a CIDR range: write it like ${example(family)}.` };
  }
  const kind: CidrFamily = addr.kind();
  if (kind !== family) {
    return {
      ok: false,
      problem: `${t} is ${FAMILY_NAME[kind]}, but this rule's source is ${FAMILY_NAME[family]}: enter an ${FAMILY_NAME[family]} range, e.g. ${example(family)}.`,
    };
  }
  if (prefix === 0) {
    return { ok: false, problem: `${t} is the whole Internet: that is what this fix takes away.` };
  }
  if (prefix < MIN_TRUSTED_PREFIX) {
    return {
      ok: false,
      problem: `${t} is too wide to trust (1/${2 ** prefix} of every ${FAMILY_NAME[family]} address): enter an office, VPN or bastion range.`,
    };
  }
  const network = networkOf(addr, prefix);
  if (network !== addr.toString()) {
    return {
      ok: false,
      problem: `${t} has host bits set: the range is ${network}/${prefix}.`,
    };
  }
  return { ok: true, cidr: `${network}/${prefix}` };
}

function networkOf(addr: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): string {
  const cidr = `${addr.toString()}/${prefix}`;
  return addr.kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(cidr).toString()
    : ipaddr.IPv6.networkAddressFromCIDR(cidr).toString();
}

function example(family: CidrFamily): string {
  return family === 'ipv4' ? '203.0.113.0/24' : '2001:db8::/32';
}
