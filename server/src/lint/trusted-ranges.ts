/**
 * Trusted ranges to suggest for a finding's world source (Restrict to a trusted range…): the ones
 * configured first, then the ranges other rules of the workspace already accept on the same port,
 * most used first. Only ranges that checkTrustedRange accepts for the source's family.
 */
import type { Finding } from '../api/types';
import type { RuleCandidate } from '../model/types';
import {
  checkTrustedRange,
  coveredPorts,
  isAccept,
  isIngress,
  type CidrFamily,
  type NormalisedRule,
} from '../risk/index';
import { toNormalised } from '../rules/candidate-view';

export interface TrustedRangeSuggestion {
  cidr: string;
  /** `configured`, or how many rules of the workspace accept it on the finding's ports. */
  from: 'configured' | 'workspace';
  rules: number;
}

export const familyOf = (cidr: string): CidrFamily => (cidr.includes(':') ? 'ipv6' : 'ipv4');

/**
 * A rule suggestions count: an ingress accept whose source of `family` could be trusted — the rule as
 * judged and that range written canonically — or undefined.
 */
export function trustableAccept(
  c: RuleCandidate,
  family: CidrFamily,
): { rule: NormalisedRule; cidr: string } | undefined {
  const rule = toNormalised(c);
  if (!rule || !isIngress(rule) || !isAccept(rule)) return undefined;
  const source = family === 'ipv4' ? rule.sourceCidr : rule.sourceIpv6Cidr;
  if (source === undefined) return undefined;
  const checked = checkTrustedRange(source, family);
  return checked.ok ? { rule, cidr: checked.cidr } : undefined;
}

/**
 * `candidates`: every rule the workspace's modules define; `configured`: trustedCidrs in force for
 * the finding's module. At most `limit` suggestions.
 */
export function trustedRangeSuggestions(
  f: Finding,
  candidates: Iterable<RuleCandidate>,
  configured: readonly string[],
  limit = 8,
): TrustedRangeSuggestion[] {
  if (!f.source) return [];
  const family = familyOf(f.source);
  const out: TrustedRangeSuggestion[] = [];
  const seen = new Set<string>();
  for (const c of configured) {
    const r = checkTrustedRange(c, family);
    if (r.ok && !seen.has(r.cidr)) {
      seen.add(r.cidr);
      out.push({ cidr: r.cidr, from: 'configured', rules: 0 });
    }
  }
  const ports = f.ports.length > 0 ? f.ports : undefined;
  const counts = new Map<string, number>();
  for (const c of candidates) {
    const t = trustableAccept(c, family);
    if (!t || (ports && coveredPorts(t.rule, { ports }).length === 0)) continue;
    counts.set(t.cidr, (counts.get(t.cidr) ?? 0) + 1);
  }
  const used = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [cidr, rules] of used) {
    if (seen.has(cidr)) {
      const mine = out.find((s) => s.cidr === cidr);
      if (mine) mine.rules = rules;
      continue;
    }
    seen.add(cidr);
    out.push({ cidr, from: 'workspace', rules });
  }
  return out.slice(0, limit);
}
