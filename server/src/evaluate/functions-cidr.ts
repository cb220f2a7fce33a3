/**
 * Terraform's IP network functions, which rules use to allow a subnet of the VPC
 * (`cidr_ip = cidrsubnet(var.vpc_cidr, 8, 1)`): worked out, such a rule is known to be private
 * instead of "cannot verify". Both families; addresses are BigInts so IPv6 needs no special case.
 */
import ipaddr from 'ipaddr.js';
import { asNumber } from './convert';
import { strArg, type FnDef } from './functions-base';
import { derived, error, list, str, type Value } from './value';

interface Network {
  bits: 32 | 128;
  /** The address with the host part cleared, as Terraform does before computing. */
  base: bigint;
  prefix: number;
}

function parseNetwork(fn: string, v: Value): Network | Value {
  const text = strArg(v);
  if (typeof text !== 'string') return text;
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text);
  } catch {
    return error(`${fn}: invalid CIDR address "${text}"`);
  }
  const [addr, prefix] = parsed;
  const bits = addr.kind() === 'ipv4' ? 32 : 128;
  let n = 0n;
  for (const byte of addr.toByteArray()) n = (n << 8n) | BigInt(byte);
  const hostBits = BigInt(bits - prefix);
  return { bits, base: (n >> hostBits) << hostBits, prefix };
}

function format(n: bigint, bits: 32 | 128): string {
  const bytes: number[] = [];
  for (let i = bits / 8 - 1; i >= 0; i--) bytes.push(Number((n >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

function integer(fn: string, v: Value, what: string): number | Value {
  const n = asNumber(v);
  if (n.t !== 'number') return n;
  return Number.isInteger(n.v) ? n.v : error(`${fn}: ${what} must be a whole number`);
}

/** The `netnum`-th subnet of `net` with `newbits` more prefix bits (cidrsubnet). */
function subnet(fn: string, net: Network, newbits: number, netnum: number): string | Value {
  const prefix = net.prefix + newbits;
  if (newbits < 0 || prefix > net.bits)
    return error(`${fn}: ${newbits} more bits would make a prefix longer than ${net.bits}`);
  if (netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits))
    return error(`${fn}: network number ${netnum} does not fit in ${newbits} bits`);
  const n = net.base | (BigInt(netnum) << BigInt(net.bits - prefix));
  return `${format(n, net.bits)}/${prefix}`;
}

export const CIDR_FUNCTIONS: Record<string, FnDef> = {
  cidrsubnet: {
    arity: [3, 3],
    fn: ([p, b, n]) => {
      const net = parseNetwork('cidrsubnet', p!);
      if (!('bits' in net)) return net;
      const newbits = integer('cidrsubnet', b!, 'newbits');
      const netnum = integer('cidrsubnet', n!, 'netnum');
      if (typeof newbits !== 'number') return newbits;
      if (typeof netnum !== 'number') return netnum;
      const out = subnet('cidrsubnet', net, newbits, netnum);
      return typeof out === 'string' ? derived(str(out), [p!]) : out;
    },
  },
  cidrsubnets: {
    arity: [1, -1],
    fn: ([p, ...rest]) => {
      const net = parseNetwork('cidrsubnets', p!);
      if (!('bits' in net)) return net;
      // Consecutive blocks, each aligned to its own size, as Terraform allocates them.
      const out: Value[] = [];
      let next = net.base;
      for (const b of rest) {
        const newbits = integer('cidrsubnets', b, 'newbits');
        if (typeof newbits !== 'number') return newbits;
        const prefix = net.prefix + newbits;
        if (newbits < 1 || prefix > net.bits) return error(`cidrsubnets: invalid newbits ${newbits}`);
        const size = 1n << BigInt(net.bits - prefix);
        const start = ((next + size - 1n) / size) * size;
        if (start + size - 1n > net.base + (1n << BigInt(net.bits - net.prefix)) - 1n)
          return error(`cidrsubnets: not enough room in ${format(net.base, net.bits)}/${net.prefix}`);
        out.push(derived(str(`${format(start, net.bits)}/${prefix}`), [p!]));
        next = start + size;
      }
      return list(out, 'list');
    },
  },
  cidrhost: {
    arity: [2, 2],
    fn: ([p, h]) => {
      const net = parseNetwork('cidrhost', p!);
      if (!('bits' in net)) return net;
      const hostnum = integer('cidrhost', h!, 'hostnum');
      if (typeof hostnum !== 'number') return hostnum;
      const size = 1n << BigInt(net.bits - net.prefix);
      const offset = hostnum < 0 ? size + BigInt(hostnum) : BigInt(hostnum);
      if (offset < 0n || offset >= size) return error(`cidrhost: host number ${hostnum} is out of range`);
      return derived(str(format(net.base + offset, net.bits)), [p!]);
    },
  },
  cidrnetmask: {
    arity: [1, 1],
    fn: ([p]) => {
      const net = parseNetwork('cidrnetmask', p!);
      if (!('bits' in net)) return net;
      if (net.bits !== 32) return error('cidrnetmask: only IPv4 prefixes have a netmask');
      const mask = ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - net.prefix)) - 1n);
      return derived(str(format(mask, 32)), [p!]);
    },
  },
};
