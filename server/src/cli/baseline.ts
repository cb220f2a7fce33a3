/**
 * A baseline for adopting the linter on an existing repository: `--write-baseline FILE` records the
 * findings of today, `--baseline FILE` accepts exactly those (by fingerprint: rule, resource, file,
 * source and ports, not line numbers), so CI fails only on new exposures. Accepted findings are
 * reported as suppressed by the baseline, never silently dropped. Suppression comments with a reason
 * and an expiry date stay the better way for individual exceptions.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Finding } from '../api/types';
import type { WorkspaceLintResult } from '../lint/index';
import { CliError } from './errors';
import { fingerprint } from './fingerprint';
import type { SpanResolver } from './positions';

interface BaselineFile {
  version: 1;
  tool: 'sg-guard';
  findings: { fingerprint: string; ruleId: string; resource: string; file: string }[];
}

export function readBaseline(path: string): Set<string> {
  let doc: Partial<BaselineFile>;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as Partial<BaselineFile>;
  } catch (e) {
    throw new CliError(`cannot read --baseline ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (doc.tool !== 'sg-guard' || doc.version !== 1 || !Array.isArray(doc.findings))
    throw new CliError(`--baseline ${path} is not an sg-guard baseline (write one with --write-baseline)`);
  return new Set(doc.findings.map((f) => f.fingerprint));
}

/** Moves findings the baseline accepts to `suppressed`, saying so. */
export function applyBaseline(
  result: WorkspaceLintResult,
  accepted: Set<string>,
  spans: SpanResolver,
  path: string,
): WorkspaceLintResult {
  const inBaseline = (f: Finding): boolean => accepted.has(fingerprint(f, spans.span(f.loc).file));
  const moved = [...result.findings, ...result.unverified].filter(inBaseline);
  const suppression = (f: Finding): Finding => ({
    ...f,
    suppression: { loc: f.loc, reason: `in the baseline ${path}`, baseline: true },
  });
  return {
    ...result,
    findings: result.findings.filter((f) => !inBaseline(f)),
    unverified: result.unverified.filter((f) => !inBaseline(f)),
    suppressed: [...result.suppressed, ...moved.map(suppression)],
  };
}

const isBaselined = (f: Finding): boolean => f.suppression?.baseline === true;

/** How many of the suppressed findings the baseline accepted (the rest by comments). */
export function baselinedCount(result: WorkspaceLintResult): number {
  return result.suppressed.filter(isBaselined).length;
}

/** Writes every current finding (and those a baseline already accepted) as the new baseline. */
export function writeBaseline(path: string, result: WorkspaceLintResult, spans: SpanResolver): number {
  const all = [...result.findings, ...result.unverified, ...result.suppressed.filter(isBaselined)];
  const findings = all.map((f) => {
    const file = spans.span(f.loc).file;
    return { fingerprint: fingerprint(f, file), ruleId: f.ruleId, resource: f.resource, file };
  });
  const doc: BaselineFile = { version: 1, tool: 'sg-guard', findings };
  writeFileSync(path, JSON.stringify(doc, null, 2) + '\n');
  return findings.length;
}
