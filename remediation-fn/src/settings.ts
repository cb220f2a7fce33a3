/**
 * The function's configuration, read from environment variables and validated up front: an invalid
 * setting stops the invocation with a clear message before any cloud call.
 */
import { DEFAULT_RISKY_PORTS, isWorldCidr, parseCidr, parsePortList } from '../../server/src/risk';
import type { CidrFamily } from '../../server/src/risk';
import { DEFAULT_CONFIG_ENDPOINT, endpointProblem, isLoopback } from './cloud/endpoints';

export { DEFAULT_CONFIG_ENDPOINT };

export type Mode = 'revoke' | 'narrow' | 'dry-run';
export const MODES: readonly Mode[] = ['revoke', 'narrow', 'dry-run'];

export interface TrustedCidr {
  cidr: string;
  family: CidrFamily;
}

export interface Settings {
  ports: number[];
  mode: Mode;
  trustedCidrs: TrustedCidr[];
  /** The exemption tag key, and the value it must have (any value when undefined). */
  exemptTag: { key: string; value?: string };
  /**
   * host[:port] override (a VPC endpoint such as `ecs-vpc.{region}.aliyuncs.com`, the sandbox);
   * undefined = each region's public endpoint.
   */
  ecsEndpoint?: string;
  configEndpoint: string;
  protocol: 'https' | 'http';
  /** When set, the Config rule whose evaluation is re-triggered after a change. */
  configRuleId?: string;
}

/** Every environment variable the function reads (the template sets these). */
export const ENV = {
  ports: 'SG_GUARD_PORTS',
  mode: 'SG_GUARD_MODE',
  trustedCidrs: 'SG_GUARD_TRUSTED_CIDRS',
  exemptTag: 'SG_GUARD_EXEMPT_TAG',
  ecsEndpoint: 'SG_GUARD_ECS_ENDPOINT',
  configEndpoint: 'SG_GUARD_CONFIG_ENDPOINT',
  protocol: 'SG_GUARD_ENDPOINT_PROTOCOL',
  configRuleId: 'SG_GUARD_CONFIG_RULE_ID',
} as const;

export const DEFAULT_EXEMPT_TAG = 'sg-guard:exempt';
/** More trusted CIDRs than this would not fit one AuthorizeSecurityGroup call (Permissions.N ≤ 100). */
const MAX_TRUSTED_CIDRS = 50;

export class SettingsError extends Error {
  readonly code = 'InvalidConfiguration';
}

/** host[:port]; `{region}` (filled in per group) is allowed where `templated`. */
function endpoint(name: string, raw: string | undefined, templated = false): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  const sample = templated ? value.replace(/\{region\}/g, 'cn-hangzhou') : value;
  if (endpointProblem(sample)) {
    throw new SettingsError(`${name} must be host[:port] without a scheme or path, got "${value}"`);
  }
  return value;
}

function parseMode(raw: string | undefined): Mode {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '') return 'revoke';
  if ((MODES as readonly string[]).includes(value)) return value as Mode;
  throw new SettingsError(`SG_GUARD_MODE must be one of ${MODES.join(', ')}, got "${raw}"`);
}

/**
 * The widest ranges a narrow-mode rule may keep: a trusted range is an office, a VPN, a VPC, not a
 * share of the Internet (`0.0.0.0/1` is half of it). A /8 is 16.7 million IPv4 addresses; a /32 is
 * the allocation a regional registry gives a whole network operator.
 */
export const WIDEST_TRUSTED_PREFIX = { ipv4: 8, ipv6: 32 } as const;

/** Why `cidr` cannot be a trusted range (undefined when it can): not a CIDR, the world, or too wide. */
export function trustedCidrProblem(cidr: string): string | undefined {
  const parsed = parseCidr(cidr);
  if (!parsed) return `"${cidr}" is not a CIDR such as 203.0.113.0/24`;
  if (isWorldCidr(cidr)) return `"${cidr}" is the whole Internet, not a trusted range`;
  const widest = WIDEST_TRUSTED_PREFIX[parsed.family];
  if (parsed.prefixLength < widest)
    return `"${cidr}" is too wide to trust (a trusted range is at most a /${widest} in ${parsed.family === 'ipv4' ? 'IPv4' : 'IPv6'})`;
  return undefined;
}

function parseTrusted(raw: string | undefined): TrustedCidr[] {
  const out: TrustedCidr[] = [];
  for (const item of (raw ?? '').split(',')) {
    const cidr = item.trim();
    if (cidr === '') continue;
    const problem = trustedCidrProblem(cidr);
    if (problem) throw new SettingsError(`SG_GUARD_TRUSTED_CIDRS: ${problem}`);
    if (!out.some((t) => t.cidr === cidr)) out.push({ cidr, family: parseCidr(cidr)!.family });
  }
  if (out.length > MAX_TRUSTED_CIDRS) {
    throw new SettingsError(`SG_GUARD_TRUSTED_CIDRS: at most ${MAX_TRUSTED_CIDRS} CIDRs are supported`);
  }
  return out;
}

function parseExemptTag(raw: string | undefined): Settings['exemptTag'] {
  const value = raw?.trim() || DEFAULT_EXEMPT_TAG;
  const eq = value.indexOf('=');
  if (eq < 0) return { key: value };
  const key = value.slice(0, eq).trim();
  if (key === '')
    throw new SettingsError(`SG_GUARD_EXEMPT_TAG: "${value}" has no tag key (expected KEY or KEY=VALUE)`);
  return { key, value: value.slice(eq + 1).trim() };
}

/** Reads and validates the configuration; throws SettingsError with a message naming the variable. */
export function readSettings(env: Record<string, string | undefined>): Settings {
  let ports: number[];
  const rawPorts = env[ENV.ports]?.trim();
  try {
    ports = rawPorts ? parsePortList(rawPorts) : [...DEFAULT_RISKY_PORTS];
  } catch (e) {
    throw new SettingsError(`SG_GUARD_PORTS: ${(e as Error).message}`);
  }
  const mode = parseMode(env[ENV.mode]);
  const trustedCidrs = parseTrusted(env[ENV.trustedCidrs]);
  if (mode === 'narrow' && trustedCidrs.length === 0) {
    throw new SettingsError(
      'SG_GUARD_MODE=narrow needs SG_GUARD_TRUSTED_CIDRS (the ranges that keep access)',
    );
  }
  const protocolRaw = (env[ENV.protocol] ?? '').trim().toLowerCase() || 'https';
  if (protocolRaw !== 'https' && protocolRaw !== 'http') {
    throw new SettingsError(`SG_GUARD_ENDPOINT_PROTOCOL must be https or http, got "${protocolRaw}"`);
  }
  const ecsEndpoint = endpoint('SG_GUARD_ECS_ENDPOINT', env[ENV.ecsEndpoint], true);
  const configEndpoint =
    endpoint('SG_GUARD_CONFIG_ENDPOINT', env[ENV.configEndpoint]) ?? DEFAULT_CONFIG_ENDPOINT;
  const configRuleId = env[ENV.configRuleId]?.trim() || undefined;
  if (configRuleId !== undefined && !/^[A-Za-z0-9_-]{1,128}$/.test(configRuleId)) {
    throw new SettingsError(`SG_GUARD_CONFIG_RULE_ID: "${configRuleId}" is not a Config rule id`);
  }
  if (protocolRaw === 'http') {
    // Plain HTTP would send signed requests and STS tokens in clear text: only to this machine.
    const targets = [ecsEndpoint, configRuleId !== undefined ? configEndpoint : undefined];
    if (ecsEndpoint === undefined) {
      throw new SettingsError(
        'SG_GUARD_ENDPOINT_PROTOCOL=http needs SG_GUARD_ECS_ENDPOINT on a loopback address',
      );
    }
    for (const t of targets) {
      if (t !== undefined && !isLoopback(t)) {
        throw new SettingsError(
          `SG_GUARD_ENDPOINT_PROTOCOL=http is only allowed towards loopback, not "${t}"`,
        );
      }
    }
  }
  return {
    ports,
    mode,
    trustedCidrs,
    exemptTag: parseExemptTag(env[ENV.exemptTag]),
    ecsEndpoint,
    configEndpoint,
    protocol: protocolRaw,
    configRuleId,
  };
}
