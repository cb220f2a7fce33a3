/** `--format json`: the versioned machine-readable report (every rule id kept, with message ids and data). */
import type { Finding, ParseErrorInfo } from '../api/types';
import type { WorkspaceLintResult } from '../lint/index';
import { baselinedCount } from './baseline';
import type { FormatContext } from './formatters';
import type { SpanResolver } from './positions';

export interface JsonFinding {
  ruleId: string;
  /** The rule's message template id and the values it was filled with (stable; the prose may change). */
  messageId?: string;
  data?: Record<string, string>;
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  resource: string;
  ports: number[];
  source: string | null;
  /** The resource (or module call) block's first and last lines. */
  resourceLines: [number, number];
  related: { file: string; line: number; column: number; message: string }[];
  /** Where the value sits in the plan, state or ROS template it was read from. */
  docPath?: string;
}

export function jsonFinding(f: Finding, spans: SpanResolver): JsonFinding {
  const s = spans.span(f.loc);
  const b = spans.span(f.block);
  return {
    ruleId: f.ruleId,
    ...(f.messageId ? { messageId: f.messageId, data: f.data ?? {} } : {}),
    severity: f.severity,
    file: s.file,
    line: s.line,
    column: s.column,
    endLine: s.endLine,
    endColumn: s.endColumn,
    message: f.message,
    resource: f.resource,
    ports: f.ports,
    source: f.source ?? null,
    resourceLines: [b.line, b.endLine],
    related: f.related.map((r) => {
      const rs = spans.span(r.loc);
      return { file: rs.file, line: rs.line, column: rs.column, message: r.message };
    }),
    ...(f.docPath !== undefined ? { docPath: f.docPath } : {}),
  };
}

export function jsonParseError(
  e: ParseErrorInfo,
  spans: SpanResolver,
): { file: string; line: number; column: number; message: string } {
  const s = spans.span(e.loc);
  return { file: s.file, line: s.line, column: s.column, message: e.message };
}

/** The `--format json` document (contract: rule-semantics.md, "CLI contract"). */
export function formatJson(result: WorkspaceLintResult, { spans, weakened }: FormatContext): string {
  const doc = {
    version: 1,
    findings: result.findings.map((f) => jsonFinding(f, spans)),
    unverified: result.unverified.map((f) => jsonFinding(f, spans)),
    suppressed: result.suppressed.length,
    /** Of those, how many `--baseline` accepted (the rest by comments). */
    baselined: baselinedCount(result),
    parseErrors: result.parseErrors.map((e) => jsonParseError(e, spans)),
    /** Files that exist but could not be read (the run exits 2). */
    unreadable: result.unreadable.map((u) => ({ file: spans.relative(u.file), reason: u.reason })),
    /** Settings (config files, the command line) that turned checks off or narrowed them. */
    weakened,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
