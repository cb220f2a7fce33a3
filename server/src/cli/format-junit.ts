/**
 * `--format junit`: JUnit XML, which Jenkins, Azure Pipelines, GitLab and most CI systems show as a
 * test report. A suite per file; a test case per finding: errors and warnings fail (as they fail the
 * run), infos pass, suppressed and unverified findings are skipped with the reason; syntax errors
 * fail. A clean run is one passing case, so the report is never empty.
 */
import type { Finding } from '../api/types';
import type { Loc } from '../model/types';
import type { WorkspaceLintResult } from '../lint/index';
import { lintedFileCount } from '../lint/release';
import type { FormatContext } from './formatters';
import { xml } from './xml';
import type { SpanResolver } from './positions';
import { sourceExcerpt } from '../model/safe-text';

type Outcome =
  | { kind: 'failure'; type: string; message: string; body: string }
  | { kind: 'skipped'; message: string }
  | { kind: 'passed'; out: string };

interface Case {
  file: string;
  name: string;
  outcome: Outcome;
}

/** Where a finding is, for a failure's body: `file:line:column` and the source line. */
function located(spans: SpanResolver, loc: Loc): string {
  const s = spans.span(loc);
  const line = spans.lineText(loc.file, s.line);
  const end = s.endLine === s.line ? s.endColumn : line.length + 1;
  return `${s.file}:${s.line}:${s.column}\n${sourceExcerpt(line, s.column, end).text.trim()}`;
}

function findingCase(f: Finding, spans: SpanResolver, skipped?: string): Case {
  const s = spans.span(f.loc);
  const name = `${f.ruleId}: ${f.resource || `${s.file}:${s.line}`}`;
  let outcome: Outcome;
  if (skipped !== undefined) outcome = { kind: 'skipped', message: skipped };
  else if (f.severity === 'info')
    outcome = { kind: 'passed', out: `${s.file}:${s.line}:${s.column} ${f.message}` };
  else
    outcome = {
      kind: 'failure',
      type: f.severity,
      message: f.message,
      body: located(spans, f.loc),
    };
  return { file: s.file, name, outcome };
}

/**
 * Names unique within a file (a registry module call can open two ports under one rule): later
 * ones get `#2`, `#3`. Not line numbers, so a case keeps its history when lines move.
 */
function uniqueNames(cases: Case[]): void {
  const seen = new Map<string, number>();
  for (const c of cases) {
    const key = `${c.file}\0${c.name}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) c.name += ` #${n}`;
  }
}

function caseXml(c: Case): string {
  const open = `    <testcase classname="${xml(c.file)}" name="${xml(c.name)}"`;
  const o = c.outcome;
  if (o.kind === 'failure')
    return `${open}>\n      <failure type="${xml(o.type)}" message="${xml(o.message)}">${xml(o.body)}</failure>\n    </testcase>`;
  if (o.kind === 'skipped') return `${open}>\n      <skipped message="${xml(o.message)}"/>\n    </testcase>`;
  return `${open}>\n      <system-out>${xml(o.out)}</system-out>\n    </testcase>`;
}

const count = (cases: Case[], kind: Outcome['kind']): number =>
  cases.filter((c) => c.outcome.kind === kind).length;

export function formatJunit(res: WorkspaceLintResult, { spans }: FormatContext): string {
  const cases: Case[] = [
    ...res.findings.map((f) => findingCase(f, spans)),
    ...res.unverified.map((f) => findingCase(f, spans, `cannot verify: ${f.message}`)),
    ...res.suppressed.map((f) => {
      const why = f.suppression?.reason ? ` (${f.suppression.reason})` : '';
      const until = f.suppression?.expires ? ` until ${f.suppression.expires}` : '';
      return findingCase(f, spans, `suppressed${until}${why}: ${f.message}`);
    }),
    ...res.parseErrors.map((e): Case => {
      const s = spans.span(e.loc);
      const where = `${s.file}:${s.line}:${s.column}`;
      return {
        file: s.file,
        name: `syntax: ${where}`,
        outcome: {
          kind: 'failure',
          type: 'syntax',
          message: e.message,
          body: located(spans, e.loc),
        },
      };
    }),
    ...res.unreadable.map((u): Case => {
      const file = spans.relative(u.file);
      const message = `cannot read ${file}: ${u.reason}`;
      return {
        file,
        name: 'unreadable',
        outcome: { kind: 'failure', type: 'unreadable', message, body: message },
      };
    }),
  ];
  if (cases.length === 0) {
    const files = lintedFileCount(res.modules);
    cases.push({
      file: 'sg-guard',
      name: 'lint',
      outcome: { kind: 'passed', out: `no findings in ${files} files (${res.modules.length} modules)` },
    });
  }
  uniqueNames(cases);
  const byFile = new Map<string, Case[]>();
  for (const c of cases) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  const suites = [...byFile.keys()].sort().map((file) => {
    const list = byFile.get(file)!;
    return [
      `  <testsuite name="${xml(file)}" tests="${list.length}" failures="${count(list, 'failure')}" errors="0" skipped="${count(list, 'skipped')}">`,
      ...list.map(caseXml),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sg-guard" tests="${cases.length}" failures="${count(cases, 'failure')}" errors="0" skipped="${count(cases, 'skipped')}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
