/** Candidates grouped by security group (for shadowing), and the "cannot verify" wording. */
import type { RuleCandidate } from '../model/types';
import { echo, MAX_ECHO } from '../model/safe-text';
import { assessGroup, type NormalisedRule, type RiskOptions, type RuleAssessment } from '../risk/index';
import { toNormalised } from './candidate-view';

/** One security group judged: its rules whose values are known, those that are not, the verdicts. */
export interface JudgedGroup {
  known: { c: RuleCandidate; n: NormalisedRule }[];
  /** Candidates with a value that cannot be known (each rule decides whether that matters). */
  unknown: RuleCandidate[];
  /** assessGroup over `known` (indexes into it). */
  assessments: RuleAssessment[];
}

const judged = new WeakMap<
  readonly RuleCandidate[],
  { ports: RiskOptions['ports']; groups: JudgedGroup[] }
>();

/**
 * Every group of a module judged once for all rules (both world rules read the same judgement: the
 * public-access verdicts do not depend on the risky ports), remembered for the candidates list.
 */
export function judgeGroups(candidates: readonly RuleCandidate[], risk: RiskOptions): JudgedGroup[] {
  const memo = judged.get(candidates);
  if (memo && memo.ports === risk.ports) return memo.groups;
  const groups = groupByKey(candidates).map((group) => {
    const known: JudgedGroup['known'] = [];
    const unknown: RuleCandidate[] = [];
    for (const c of group) {
      const n = toNormalised(c);
      if (n) known.push({ c, n });
      else unknown.push(c);
    }
    return {
      known,
      unknown,
      assessments: assessGroup(
        known.map((k) => k.n),
        risk,
      ),
    };
  });
  judged.set(candidates, { ports: risk.ports, groups });
  return groups;
}

/** Candidates of the same security group, in declaration order. */
export function groupByKey(candidates: readonly RuleCandidate[]): RuleCandidate[][] {
  const groups = new Map<string, RuleCandidate[]>();
  for (const c of candidates) {
    const list = groups.get(c.groupKey);
    if (list) list.push(c);
    else groups.set(c.groupKey, [c]);
  }
  return [...groups.values()];
}

export function unverifiedMessage(deps: readonly string[]): string {
  // A reason says so first: "cannot verify: reads a file outside the project: file(...)",
  // "cannot verify: source "010.0.0.0/8" is not written as a CIDR...".
  const reads = deps.filter(isReason).map((d) => echo(d, 2 * MAX_ECHO));
  if (reads.length > 0)
    return `cannot verify: ${reads[0]!}${reads.length > 1 ? ` (and ${reads.length - 1} more)` : ''}`;
  if (deps.length === 0) return 'cannot verify: a value this rule depends on cannot be worked out';
  const list =
    deps
      .slice(0, 3)
      .map((d) => echo(d))
      .join(', ') + (deps.length > 3 ? `, and ${deps.length - 3} more` : '');
  return `cannot verify: depends on ${list}, which has no known value here`;
}

/** Dependencies that are reasons rather than names: a refused read, a source in an odd spelling. */
const isReason = (d: string): boolean => d.startsWith('reads a file') || d.startsWith('source ');
/** `a, b and 2 more`: the rules named in a message (each is also related information). */
export function addresses(cs: readonly RuleCandidate[]): string {
  const names = cs.map((x) => x.address);
  return names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}
