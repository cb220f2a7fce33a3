/**
 * Bridges the evaluated model to the pure rule module: a candidate becomes a NormalisedRule when its
 * fields are known, and an "upper bound" rule (every unknown assumed at its most open) tells whether
 * an unknown could make it risky — Terraform values that cannot be worked out never raise an error,
 * only a "cannot verify" info.
 */
import { readSource, type NormalisedRule } from '../risk/index';
import { quoted } from '../model/safe-text';
import type { FieldValue, RuleCandidate } from '../model/types';
import { CANDIDATE_FIELDS, type CandidateField } from '../model/field-names';

const known = <T>(f: FieldValue<T>): T | undefined => (f.state === 'known' ? f.value : undefined);

export type SourceField = 'sourceCidr' | 'sourceIpv6Cidr';

/** Fields that decide the verdicts; unknown ones among them make a candidate unverifiable. */
const DECIDING = ['direction', 'policy', 'protocol', 'portRange', 'sourceCidr', 'sourceIpv6Cidr'] as const;

/**
 * Deciding fields that cannot be judged: unknown ones, and a source written in a spelling the API
 * is not documented to take (`010.0.0.0/8`: decimal or octal?), which is "cannot verify", never clean.
 */
export function unknownFields(c: RuleCandidate): string[] {
  const out: string[] = DECIDING.filter((f) => c[f].state === 'unknown');
  for (const f of SOURCES) if (isOdd(c, f)) out.push(f);
  return out;
}

/** Whether unknownFields is empty, without building it (asked for every rule of a module). */
function judgeable(c: RuleCandidate): boolean {
  for (let i = 0; i < DECIDING.length; i++) if (c[DECIDING[i]!].state === 'unknown') return false;
  return !isOdd(c, 'sourceCidr') && !isOdd(c, 'sourceIpv6Cidr');
}

const SOURCES = ['sourceCidr', 'sourceIpv6Cidr'] as const;

function isOdd(c: RuleCandidate, f: SourceField): boolean {
  const v = known(c[f]);
  return v !== undefined && readSource(v).kind === 'odd';
}

/** Everything the unknown deciding fields (and unknown instances) depend on, de-duplicated. */
export function unknownDeps(c: RuleCandidate): string[] {
  const deps = new Set<string>();
  for (const f of SOURCES)
    if (isOdd(c, f))
      deps.add(`source ${quoted(known(c[f])!)} is not written as a CIDR: how the API reads it is unverified`);
  for (const f of DECIDING) if (c[f].state === 'unknown') for (const d of c[f].deps ?? []) deps.add(d);
  for (const d of c.instancesDeps ?? []) deps.add(d);
  return [...deps];
}

/** The candidate as the rule module sees it; undefined when a deciding field is unknown. */
export function toNormalised(c: RuleCandidate): NormalisedRule | undefined {
  if (!judgeable(c)) return undefined;
  return {
    direction: known(c.direction) ?? 'ingress',
    policy: known(c.policy),
    protocol: known(c.protocol) ?? '',
    portRange: known(c.portRange),
    sourceCidr: known(c.sourceCidr),
    sourceIpv6Cidr: known(c.sourceIpv6Cidr),
    sourceGroupId: known(c.sourceGroupId),
    prefixListId: known(c.prefixListId),
    priority: known(c.priority),
  };
}

/**
 * The most open rule the candidate could turn out to be: unknown direction → ingress, policy →
 * accept, protocol → all, source → the world (of the family that is unknown).
 */
export function upperBound(c: RuleCandidate): NormalisedRule {
  const n = {} as Record<CandidateField, unknown>;
  for (const f of CANDIDATE_FIELDS) n[f] = known(c[f] as FieldValue<unknown>);
  if (c.direction.state === 'unknown') n.direction = 'ingress';
  if (c.policy.state === 'unknown') n.policy = 'accept';
  if (c.protocol.state === 'unknown') n.protocol = 'all';
  if (c.portRange.state === 'unknown') n.portRange = undefined;
  if (c.sourceCidr.state === 'unknown') n.sourceCidr = widest('0.0.0.0', c.sourceCidr.suffix);
  if (c.sourceIpv6Cidr.state === 'unknown') n.sourceIpv6Cidr = widest('::', c.sourceIpv6Cidr.suffix);
  if (isOdd(c, 'sourceCidr')) n.sourceCidr = '0.0.0.0/0';
  if (isOdd(c, 'sourceIpv6Cidr')) n.sourceIpv6Cidr = '::/0';
  return {
    direction: (n.direction as string | undefined) ?? 'ingress',
    policy: n.policy as string | undefined,
    protocol: (n.protocol as string | undefined) ?? '',
    portRange: n.portRange as string | undefined,
    sourceCidr: n.sourceCidr as string | undefined,
    sourceIpv6Cidr: n.sourceIpv6Cidr as string | undefined,
    priority: n.priority as number | undefined,
  };
}

/** The widest CIDR an unknown source can be: the world, unless it is known to end with `/N`. */
function widest(anyAddress: string, suffix: string | undefined): string {
  const m = suffix === undefined ? null : /\/(\d{1,3})\s*$/.exec(suffix);
  return `${anyAddress}/${m ? Number(m[1]) : 0}`;
}

/** Which source field carries the given world source. */
export function sourceFieldOf(c: RuleCandidate, source: string): SourceField {
  return known(c.sourceCidr)?.trim() === source ? 'sourceCidr' : 'sourceIpv6Cidr';
}
