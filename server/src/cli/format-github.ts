/**
 * `--format github`: GitHub Actions workflow commands (`::error file=…,line=…::message`), which the
 * runner turns into annotations on the pull request's diff, then the text summary line.
 */
import type { Finding } from '../api/types';
import { oneFindingPerProblem } from '../lint/index';
import type { WorkspaceLintResult } from '../lint/index';
import type { FormatContext } from './formatters';
import type { Span } from './positions';
import { weakeningLine } from '../config/index';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** A command's message: `%`, CR and LF escaped, as the runner's toolkit does. */
const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** A property value: also `:` and `,`, which would end it. */
const property = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function annotation(command: string, s: Span, title: string, message: string): string {
  const props = [
    `file=${property(s.file)}`,
    `line=${s.line}`,
    `col=${s.column}`,
    `endLine=${s.endLine}`,
    ...(s.endLine === s.line ? [`endColumn=${s.endColumn}`] : []),
    `title=${property(title)}`,
  ];
  return `::${command} ${props.join(',')}::${data(message)}`;
}

export function formatGithub(res: WorkspaceLintResult, { spans, weakened }: FormatContext): string {
  const finding = (f: Finding, unverified: boolean): string =>
    annotation(
      unverified ? 'notice' : COMMAND[f.severity],
      spans.span(f.loc),
      `${f.ruleId}${unverified ? ' (cannot verify)' : ''}`,
      `${f.resource ? `${f.resource} ` : ''}${f.message}`,
    );
  const lines = [
    // One annotation per problem, as the editor shows it.
    ...oneFindingPerProblem(res.findings).map((f) => finding(f, false)),
    ...res.unverified.map((f) => finding(f, true)),
    ...res.parseErrors.map((e) => annotation('error', spans.span(e.loc), 'syntax error', e.message)),
    ...res.unreadable.map((u) => {
      const file = spans.relative(u.file);
      return `::error file=${property(file)},title=unreadable::${data(`cannot read ${file}: ${u.reason} (its rules are not checked)`)}`;
    }),
    ...weakened.map((w) => {
      const file = w.source === 'command line' ? '' : `file=${property(w.source)},`;
      return `::warning ${file}title=sg-guard checks less::${data(weakeningLine(w))}`;
    }),
  ];
  const shown = oneFindingPerProblem(res.findings);
  const errors = shown.filter((f) => f.severity === 'error').length;
  const warnings = shown.filter((f) => f.severity === 'warning').length;
  lines.push(
    `sg-guard: ${errors} error(s), ${warnings} warning(s), ${res.unverified.length} unverified, ` +
      `${res.suppressed.length} suppressed, ${res.parseErrors.length} syntax error(s), ${res.unreadable.length} unreadable`,
  );
  return lines.join('\n') + '\n';
}
