/** The rules of the module each finding came from: fixes need them to tell when a value is shared. */
import type { Finding, RuleCandidate } from '../api/index';
import type { WorkspaceLintResult } from '../lint/index';

export function candidatesOf(result: WorkspaceLintResult): (f: Finding) => readonly RuleCandidate[] {
  const byFinding = new Map<Finding, readonly RuleCandidate[]>();
  for (const m of result.modules)
    for (const f of [...m.findings, ...m.unverified, ...m.suppressed]) byFinding.set(f, m.candidates);
  return (f) => byFinding.get(f) ?? [];
}
