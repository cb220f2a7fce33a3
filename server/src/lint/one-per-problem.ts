/**
 * One squiggle per problem: a rule open to the world on every port is both sg-public-access-check
 * and sg-risky-ports-check; the editor and the text report show it once, as the broader rule naming
 * the risky ports. Machine reports (JSON, SARIF, ...) keep both ids, as the cloud reports both.
 */
import { SEVERITY_RANK as RANK, type Finding } from '../api/types';
import { RULE_IDS } from '../risk/index';

const key = (f: Finding): string =>
  `${f.resource}\0${f.loc.file}\0${f.loc.range.start}\0${f.loc.range.end}\0${f.source ?? ''}`;

export function oneFindingPerProblem(findings: readonly Finding[]): Finding[] {
  const risky = new Map<string, Finding>();
  for (const f of findings)
    if (f.ruleId === RULE_IDS.riskyPorts && f.data?.ports && f.messageId !== 'shadowed') risky.set(key(f), f);
  if (risky.size === 0) return [...findings];
  const merged = new Set<Finding>();
  const out: Finding[] = [];
  for (const f of findings) {
    const r = f.ruleId === RULE_IDS.publicAccess ? risky.get(key(f)) : undefined;
    if (!r) {
      out.push(f);
      continue;
    }
    merged.add(r);
    out.push({
      ...f,
      severity: RANK[r.severity] > RANK[f.severity] ? r.severity : f.severity,
      message: `${f.message}, ${r.data!.ports!} among them`,
      ports: r.ports,
      covers: [...(f.covers ?? []), r.ruleId],
    });
  }
  return out.filter((f) => !merged.has(f));
}
