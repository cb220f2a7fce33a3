import type { Finding } from '../api/types';
import type { WorkspaceLintResult } from '../lint/index';
import type { SpanResolver } from './positions';

interface Palette {
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

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Findings grouped by file, each with its source line and a marker under the exact range. */
export function formatText(result: WorkspaceLintResult, spans: SpanResolver, c: Palette): string {
  const out: string[] = [];
  type Item =
    | { kind: 'finding'; f: Finding }
    | { kind: 'syntax'; file: string; line: number; column: number; message: string };
  const byFile = new Map<string, { line: number; column: number; text: string; marker: string }[]>();
  const push = (
    file: string,
    line: number,
    column: number,
    endLine: number,
    endColumn: number,
    head: string,
  ): void => {
    const list = byFile.get(file) ?? [];
    const src = spans.lineText(file, line);
    const width = endLine === line ? Math.max(1, endColumn - column) : Math.max(1, src.length - column + 1);
    const marker = `${' '.repeat(Math.max(0, column - 1))}${'^'.repeat(width)}`;
    list.push({
      line,
      column,
      text: head,
      marker: `      ${c.dim('|')} ${src}\n      ${c.dim('|')} ${c.red(marker)}`,
    });
    byFile.set(file, list);
  };
  const items: Item[] = [
    ...result.findings.map((f): Item => ({ kind: 'finding', f })),
    ...result.unverified.map((f): Item => ({ kind: 'finding', f })),
  ];
  for (const it of items) {
    if (it.kind !== 'finding') continue;
    const f = it.f;
    const s = spans.span(f.loc);
    const sev =
      f.severity === 'error'
        ? c.red('error')
        : f.severity === 'warning'
          ? c.yellow('warning')
          : c.blue('info');
    const head = `  ${s.line}:${s.column}  ${sev}  ${f.resource ? `${c.bold(f.resource)} ` : ''}${f.message}  ${c.dim(f.ruleId)}`;
    push(f.loc.file, s.line, s.column, s.endLine, s.endColumn, head);
  }
  for (const e of result.parseErrors) {
    const s = spans.span(e.loc);
    push(
      e.file,
      s.line,
      s.column,
      s.endLine,
      s.endColumn,
      `  ${s.line}:${s.column}  ${c.red('syntax')}  ${e.message}`,
    );
  }
  for (const file of [...byFile.keys()].sort()) {
    out.push(c.bold(spans.relative(file)));
    const list = byFile.get(file)!.sort((a, b) => a.line - b.line || a.column - b.column);
    for (const item of list) out.push(item.text, item.marker);
    out.push('');
  }
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.filter((f) => f.severity === 'warning').length;
  const infos = result.findings.filter((f) => f.severity === 'info').length;
  const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (infos) parts.push(plural(infos, 'info'));
  parts.push(`${result.unverified.length} unverified`, `${result.suppressed.length} suppressed`);
  if (result.parseErrors.length) parts.push(plural(result.parseErrors.length, 'syntax error'));
  const files = new Set(result.modules.flatMap((m) => [...m.files.keys()])).size;
  out.push(`${parts.join(', ')} in ${plural(files, 'file')} (${plural(result.modules.length, 'module')})`);
  return out.join('\n') + '\n';
}
