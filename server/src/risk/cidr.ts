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
 * A source as the rules judge it: a range of addresses (`start` inclusive, `end` exclusive), a
 * spelling whose reading the provider and the API do not document (`odd`: judged "cannot verify"),
 * or not an address at all (`invalid`).
 */
export type ReadSource =
  | { kind: 'cidr'; family: CidrFamily; prefixLength: number; start: bigint; end: bigint }
  | { kind: 'odd' }
  | { kind: 'invalid' };

const INVALID: ReadSource = { kind: 'invalid' };
const ODD: ReadSource = { kind: 'odd' };
const sourceCache = new Map<string, ReadSource>();

/**
 * Reads a source the way it is judged (docs/rules/sg-risky-ports-check.md, "Spellings"): surrounding
 * spaces are dropped; a prefix of 0 however written (`0/0`, `0.0.0.0/00`, `000.000.000.000/0`) is the
 * whole family, since a /0 holds every address whatever the address part says; any other spelling
 * that is not a canonical CIDR (`010.0.0.0/8`, `0.0.0.0/01`) is `odd`. The provider passes `cidr_ip`
 * to the API unchanged and the API documents only "CIDR format and IPv4 format"; how it reads other
 * spellings is unverified.
 */
export function readSource(text: string): ReadSource {
  let r = sourceCache.get(text);
  if (r === undefined) {
    r = readSourceUncached(text.trim());
    if (sourceCache.size > 10_000) sourceCache.clear();
    sourceCache.set(text, r);
  }
  return r;
}

const IPV4_LIKE = /^\d{1,3}(\.\d{1,3}){0,3}$/;
const IPV6_LIKE = /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$/;

function readSourceUncached(t: string): ReadSource {
  const slash = t.lastIndexOf('/');
  if (slash <= 0) return INVALID;
  const addr = t.slice(0, slash);
  const lenText = t.slice(slash + 1);
  if (!/^\d{1,4}$/.test(lenText)) return INVALID;
  const prefixLength = Number(lenText);
  const v6 = addr.includes(':');
  const family: CidrFamily = v6 ? 'ipv6' : 'ipv4';
  const bits = v6 ? 128 : 32;
  if (prefixLength > bits) return INVALID;
  const canonical = v6 ? ipaddr.IPv6.isValid(addr) : ipaddr.IPv4.isValidFourPartDecimal(addr);
  if (!canonical && !(v6 ? IPV6_LIKE : IPV4_LIKE).test(addr)) return INVALID;
  if (prefixLength === 0) return { kind: 'cidr', family, prefixLength, start: 0n, end: 1n << BigInt(bits) };
  if (!canonical || (lenText.length > 1 && lenText.startsWith('0'))) return ODD;
  const bytes = (v6 ? ipaddr.IPv6.parse(addr) : ipaddr.IPv4.parse(addr)).toByteArray();
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  const size = 1n << BigInt(bits - prefixLength);
  const start = (value / size) * size;
  return { kind: 'cidr', family, prefixLength, start, end: start + size };
}

/**
 * True for a source that matches every address of its family: prefix length 0. `0.0.0.0/0` and
 * `::/0`, but also `1.2.3.4/0`, which the API accepts and which is just as open, and the other
 * spellings of a /0 (`0/0`, `0.0.0.0/00`; see readSource).
 */
export function isWorldCidr(text: string | undefined): boolean {
  if (text === undefined) return false;
  // Fast path (this runs for every rule on every keystroke): only a "/0", "/00"... can be the world.
  const t = text.trimEnd();
  if (t.charCodeAt(t.length - 1) !== 48 /* 0 */) return false;
  const r = readSource(t);
  return r.kind === 'cidr' && r.prefixLength === 0;
}

/**
 * Whether a range holds public Internet addresses that matter at this size: any IPv4 range shorter
 * than /8 does; an IPv6 one does when it meets global unicast (2000::/3).
 */
export function holdsPublic(r: { family: CidrFamily; start: bigint; end: bigint }): boolean {
  if (r.family === 'ipv4') return true;
  const lo = 0x2000n << 112n;
  const hi = 0x4000n << 112n;
  return r.start < hi && r.end > lo;
}

/** True when `text` is a valid CIDR or a bare address (which the API treats as /32 or /128). */
export function isValidSource(text: string): boolean {
  const t = text.trim();
  return parseCidr(t) !== undefined || ipaddr.isValid(t);
}
