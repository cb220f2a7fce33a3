/**
 * `--format gitlab`: a GitLab Code Quality report (the Code Climate issue format GitLab reads from
 * `artifacts:reports:codequality`), so findings show in merge requests. Suppressed findings are left
 * out; syntax errors are issues too, since they fail the run.
 */
import type { Finding } from '../api/types';
import type { WorkspaceLintResult } from '../lint/index';
import { fingerprint } from './fingerprint';
import type { FormatContext } from './formatters';
import type { SpanResolver } from './positions';

interface CodeQualityIssue {
  type: 'issue';
  engine_name: 'sg-guard';
  check_name: string;
  categories: string[];
  description: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  fingerprint: string;
  location: { path: string; lines: { begin: number; end: number } };
}

/** A world-open SSH port is critical; an invalid port range is minor; an info stays an info. */
const SEVERITY = { error: 'critical', warning: 'minor', info: 'info' } as const;

function issue(f: Finding, spans: SpanResolver, unverified: boolean): CodeQualityIssue {
  const s = spans.span(f.loc);
  return {
    type: 'issue',
    engine_name: 'sg-guard',
    check_name: f.ruleId,
    categories: [f.ruleId === 'sg-port-range-valid' ? 'Bug Risk' : 'Security'],
    description: `${f.resource ? `${f.resource} ` : ''}${f.message}`,
    severity: unverified ? 'info' : SEVERITY[f.severity],
    fingerprint: fingerprint(f, s.file),
    location: { path: s.file, lines: { begin: s.line, end: s.endLine } },
  };
}

export function formatGitlab(res: WorkspaceLintResult, { spans }: FormatContext): string {
  const issues = [
    ...res.findings.map((f) => issue(f, spans, false)),
    ...res.unverified.map((f) => issue(f, spans, true)),
    ...res.parseErrors.map((e): CodeQualityIssue => {
      const s = spans.span(e.loc);
      return {
        type: 'issue',
        engine_name: 'sg-guard',
        check_name: 'syntax',
        categories: ['Bug Risk'],
        description: `syntax error: ${e.message}`,
        severity: 'major',
        fingerprint: `syntax-${s.file}-${s.line}-${s.column}`,
        location: { path: s.file, lines: { begin: s.line, end: s.line } },
      };
    }),
    ...res.unreadable.map((u): CodeQualityIssue => {
      const path = spans.relative(u.file);
      return {
        type: 'issue',
        engine_name: 'sg-guard',
        check_name: 'sg-guard-unreadable',
        categories: ['Security'],
        description: `cannot read ${path}: ${u.reason} (its rules are not checked)`,
        severity: 'blocker',
        fingerprint: `unreadable-${path}`,
        location: { path, lines: { begin: 1, end: 1 } },
      };
    }),
  ];
  return JSON.stringify(issues, null, 2) + '\n';
}
