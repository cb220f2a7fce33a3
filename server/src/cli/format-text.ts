/** `--format text`: findings by file with the source line and a marker, one entry per problem, then a summary. */
import type { Finding } from '../api/types';
import { oneFindingPerProblem } from '../lint/index';
import type { WorkspaceLintResult } from '../lint/index';
import { lintedFileCount } from '../lint/release';
import { escapeControls, sourceExcerpt } from '../model/safe-text';
import { baselinedCount } from './baseline';
import type { FormatContext } from './formatters';
import type { Span, SpanResolver } from './positions';
import { weakeningLine } from '../config/index';

export interface Palette {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
export const COLORS: Palette = {
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  blue: wrap(34, 39),
  dim: wrap(2, 22),
  bold: wrap(1, 22),
};
export const PLAIN: Palette = {
  red: (s) => s,
  yellow: (s) => s,
  blue: (s) => s,
  dim: (s) => s,
  bold: (s) => s,
};

const plural = (n: number, word: string, words = `${word}s`): string => `${n} ${n === 1 ? word : words}`;

/** One reported item: where, the heading line, and the source line with a marker under the range. */
interface Entry {
  file: string;
  span: Span;
  head: string;
  /** Under the marker: where the value is written, when that is another place. */
  note?: string;
}

function severityLabel(f: Finding, c: Palette): string {
  if (f.severity === 'error') return c.red('error');
  if (f.severity === 'warning') return c.yellow('warning');
  return c.blue('info');
}

function findingEntry(f: Finding, spans: SpanResolver, c: Palette): Entry {
  const span = spans.span(f.loc);
  const what = f.resource ? `${c.bold(f.resource)} ` : '';
  const entry: Entry = {
    file: f.loc.file,
    span,
    head: `  ${span.line}:${span.column}  ${severityLabel(f, c)}  ${what}${f.message}  ${c.dim(f.ruleId)}`,
  };
  const lit = f.fix?.cidrLiteral;
  if (lit && !(lit.file === f.loc.file && lit.range.start === f.loc.range.start)) {
    const at = spans.span(lit);
    entry.note = `the value is written at ${escapeControls(at.file)}:${at.line}:${at.column}`;
  }
  return entry;
}

/** Entries grouped by file (sorted), each with its source line and a `^^^` marker under the range. */
function renderByFile(entries: Entry[], spans: SpanResolver, c: Palette): string[] {
  const byFile = new Map<string, Entry[]>();
  for (const e of entries) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const out: string[] = [];
  for (const file of [...byFile.keys()].sort()) {
    out.push(c.bold(escapeControls(spans.relative(file))));
    const list = byFile.get(file)!.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    for (const { span, head, note } of list) {
      const line = spans.lineText(file, span.line);
      const end = span.endLine === span.line ? span.endColumn : line.length + 1;
      // Escaped and cut around the range: a source line may hold anything, and be megabytes long.
      const src = sourceExcerpt(line, span.column, end);
      const marker = `${' '.repeat(src.markerStart)}${'^'.repeat(src.markerWidth)}`;
      out.push(head, `      ${c.dim('|')} ${src.text}`, `      ${c.dim('|')} ${c.red(marker)}`);
      if (note) out.push(`      ${c.dim('=')} ${note}`);
    }
    out.push('');
  }
  return out;
}

/**
 * Findings and syntax errors grouped by file; then, listed apart, the rules that cannot be verified
 * because a value is unknown; then a one-line summary.
 */
export function formatText(all: WorkspaceLintResult, ctx: FormatContext): string {
  // One entry per problem: the every-port rule names the risky ports it also opens (JSON keeps both).
  const result = { ...all, findings: oneFindingPerProblem(all.findings) };
  const { spans, palette: c } = ctx;
  const main: Entry[] = result.findings.map((f) => findingEntry(f, spans, c));
  for (const e of result.parseErrors) {
    const span = spans.span(e.loc);
    main.push({
      file: e.file,
      span,
      head: `  ${span.line}:${span.column}  ${c.red('syntax')}  ${e.message}`,
    });
  }
  const out = renderByFile(main, spans, c);
  if (result.unverified.length > 0) {
    out.push(c.bold(`Cannot verify (${result.unverified.length}): values unknown until apply or unset`), '');
    out.push(
      ...renderByFile(
        result.unverified.map((f) => findingEntry(f, spans, c)),
        spans,
        c,
      ),
    );
  }
  if (result.unreadable.length > 0) {
    out.push(c.bold(`Not read (${result.unreadable.length}): their rules are not checked`));
    for (const u of result.unreadable)
      out.push(`  ${c.red('unreadable')}  ${escapeControls(spans.relative(u.file))}: ${u.reason}`);
    out.push('');
  }
  if (ctx.weakened.length > 0) {
    out.push(c.bold(`Checked less (${ctx.weakened.length}): settings that turn checks off or narrow them`));
    for (const w of ctx.weakened) out.push(`  ${c.yellow('weakened')}  ${weakeningLine(w)}`);
    out.push('');
  }
  const count = (s: Finding['severity']): number => result.findings.filter((f) => f.severity === s).length;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning')];
  if (count('info')) parts.push(plural(count('info'), 'info'));
  const baselined = baselinedCount(result);
  parts.push(
    `${result.unverified.length} unverified`,
    `${result.suppressed.length} suppressed${baselined ? ` (${baselined} by the baseline)` : ''}`,
  );
  if (result.parseErrors.length) parts.push(plural(result.parseErrors.length, 'syntax error'));
  if (result.unreadable.length) parts.push(`${result.unreadable.length} unreadable`);
  if (ctx.weakened.length) parts.push(plural(ctx.weakened.length, 'setting') + ' checking less');
  const files = lintedFileCount(result.modules);
  // A plan, state or ROS template is linted on its own: its result is named after the file itself.
  const documents = result.modules.filter((m) => m.linted?.document ?? m.files.has(m.dir)).length;
  const units = [plural(result.modules.length - documents, 'module')];
  if (documents) units.push(plural(documents, 'plan or template', 'plans or templates'));
  out.push(`${parts.join(', ')} in ${plural(files, 'file')} (${units.join(', ')})`);
  return out.join('\n') + '\n';
}
