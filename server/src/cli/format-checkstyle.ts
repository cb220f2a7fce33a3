/**
 * `--format checkstyle`: Checkstyle XML, read by Jenkins' Warnings plugin, reviewdog, SonarQube and
 * most code-review bots. A `<file>` per file with an `<error>` per finding, unverified finding
 * (severity info), syntax error and unreadable file; suppressed findings are left out.
 */
import type { Finding } from '../api/types';
import type { WorkspaceLintResult } from '../lint/index';
import type { FormatContext } from './formatters';
import { xml } from './xml';

interface Entry {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  source: string;
}

export function formatCheckstyle(res: WorkspaceLintResult, { spans }: FormatContext): string {
  const entry = (f: Finding, unverified: boolean): Entry => {
    const s = spans.span(f.loc);
    return {
      file: s.file,
      line: s.line,
      column: s.column,
      severity: unverified ? 'info' : f.severity,
      message: `${unverified ? 'cannot verify: ' : ''}${f.resource ? `${f.resource} ` : ''}${f.message}`,
      source: `sg-guard.${f.ruleId}`,
    };
  };
  const entries: Entry[] = [
    ...res.findings.map((f) => entry(f, false)),
    ...res.unverified.map((f) => entry(f, true)),
    ...res.parseErrors.map((e): Entry => {
      const s = spans.span(e.loc);
      return {
        file: s.file,
        line: s.line,
        column: s.column,
        severity: 'error',
        message: e.message,
        source: 'sg-guard.syntax',
      };
    }),
    ...res.unreadable.map((u): Entry => ({
      file: spans.relative(u.file),
      line: 1,
      column: 1,
      severity: 'error',
      message: `cannot read: ${u.reason} (its rules are not checked)`,
      source: 'sg-guard.unreadable',
    })),
  ];
  const byFile = new Map<string, Entry[]>();
  for (const e of entries) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const files = [...byFile.keys()].sort().map((file) => {
    const list = byFile.get(file)!.sort((a, b) => a.line - b.line || a.column - b.column);
    const errors = list.map(
      (e) =>
        `    <error line="${e.line}" column="${e.column}" severity="${e.severity}" message="${xml(e.message)}" source="${xml(e.source)}"/>`,
    );
    return [`  <file name="${xml(file)}">`, ...errors, '  </file>'].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<checkstyle version="4.3">',
    ...files,
    '</checkstyle>',
    '',
  ].join('\n');
}
