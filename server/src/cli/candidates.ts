/** The module each finding came from: fixes need its rules (is a value shared?) and its settings. */
import type { Finding, ModuleLintResult } from '../api/index';
import type { WorkspaceLintResult } from '../lint/index';

export function moduleOf(result: WorkspaceLintResult): (f: Finding) => ModuleLintResult | undefined {
  const byFinding = new Map<Finding, ModuleLintResult>();
  for (const m of result.modules)
    for (const f of [...m.findings, ...m.unverified, ...m.suppressed]) byFinding.set(f, m);
  return (f) => byFinding.get(f);
}
