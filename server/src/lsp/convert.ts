/**
 * The one place where the core's data becomes LSP data: offset ranges → UTF-16 line/character
 * ranges, findings and syntax errors → Diagnostics.
 */
import {
  CodeActionKind,
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import {
  BoundedCache,
  echo,
  isDownloadedModuleFile,
  LineIndex,
  RULES,
  stripBom,
  type Finding,
  type Fix,
  type Loc,
  type ParseErrorInfo,
  type Severity,
  type UnreadableFile,
} from '../api';
import { relative, sep } from 'node:path';
import { pathToUri } from './paths';
import { DIAGNOSTIC_SOURCE as SOURCE, RESTRICTED_CODE, SYNTAX_CODE } from './protocol';

/** Line indexes per file, rebuilt only when a file's text changes. */
export class LineIndexes {
  /** Bounded: a workspace scan converts positions in every file with a diagnostic, once. */
  private readonly cache = new BoundedCache<LineIndex>(16 << 20, (idx) => idx.text.length);

  constructor(private readonly read: (path: string) => string | undefined) {}

  get(path: string, text?: string): LineIndex {
    const t = text ?? stripBom(this.read(path) ?? '');
    const hit = this.cache.get(path);
    if (hit && hit.text === t) return hit;
    const index = new LineIndex(t);
    this.cache.set(path, index);
    return index;
  }

  range(loc: Loc): Range {
    return this.get(loc.file).range(loc.range);
  }

  forget(path: string): void {
    this.cache.delete(path);
  }
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

const docsUrls = new Map<string, string>();
function docsUrl(ruleId: string): string | undefined {
  if (docsUrls.size === 0) for (const r of RULES) docsUrls.set(r.id, r.docsUrl);
  return docsUrls.get(ruleId);
}

/** What a diagnostic carries so a code action can find its finding again. */
export interface DiagnosticData {
  dir: string;
  resource: string;
  ruleId: string;
}

export function findingToDiagnostic(
  f: Finding,
  dir: string,
  lines: LineIndexes,
  unverified = false,
): Diagnostic {
  const href = docsUrl(f.ruleId);
  const related: DiagnosticRelatedInformation[] = f.related.map((r) => ({
    location: { uri: pathToUri(r.loc.file), range: lines.range(r.loc) },
    message: r.message,
  }));
  const data: DiagnosticData = { dir, resource: f.resource, ruleId: f.ruleId };
  const d: Diagnostic = {
    range: lines.range(f.loc),
    severity: unverified ? DiagnosticSeverity.Information : SEVERITY[f.severity],
    code: f.ruleId,
    source: SOURCE,
    message: f.message,
    data,
  };
  if (href) d.codeDescription = { href };
  if (related.length) d.relatedInformation = related;
  return d;
}

/** Findings whose world CIDR is written in another file (a tfvars line, a variable default, YAML). */
export function originsOf(findings: readonly Finding[]): Map<string, Finding[]> {
  const byPlace = new Map<string, Finding[]>();
  for (const f of findings) {
    const lit = f.fix?.cidrLiteral;
    if (!lit || lit.file === f.loc.file || isDownloadedModuleFile(lit.file)) continue;
    const key = `${lit.file}\0${lit.range.start}\0${lit.range.end}\0${f.ruleId}`;
    byPlace.set(key, [...(byPlace.get(key) ?? []), f]);
  }
  return byPlace;
}

/**
 * A diagnostic where the world CIDR is written, for findings reported elsewhere (at the rule): the
 * user editing terraform.tfvars or a YAML access list sees the squiggle on the value to change,
 * and the "Replace with trusted CIDR" fix right there.
 */
export function originToDiagnostic(found: readonly Finding[], lines: LineIndexes): Diagnostic {
  const f = found[0]!;
  const lit = f.fix!.cidrLiteral!;
  const more = found.length - 1;
  const also = more === 0 ? '' : more === 1 ? '; 1 more rule uses it' : `; ${more} more rules use it`;
  // A note, not a second finding: the finding is counted once, at the rule (the Problems panel, the
  // status bar and Lint Workspace agree); the squiggle still marks the value to change.
  const d: Diagnostic = {
    range: lines.range(lit),
    severity: DiagnosticSeverity.Information,
    code: f.ruleId,
    source: SOURCE,
    message: `${f.resource} ${f.message}: this value is set here${also}`,
    relatedInformation: found.slice(0, 10).map((x) => ({
      location: { uri: pathToUri(x.loc.file), range: lines.range(x.loc) },
      message: `${x.resource} ${x.message}`,
    })),
  };
  const href = docsUrl(f.ruleId);
  if (href) d.codeDescription = { href };
  return d;
}

/**
 * A file (or folder) the analysis could not read: shown on it, in the Problems panel, since its
 * rules are not checked (the CLI exits 2 for it).
 */
export function unreadableToDiagnostic(u: UnreadableFile): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    code: UNREADABLE,
    source: SOURCE,
    message: `cannot read this file: ${u.reason}; its rules are not checked`,
  };
}

export const UNREADABLE = 'sg-guard-unreadable';

export function parseErrorToDiagnostic(e: ParseErrorInfo, lines: LineIndexes): Diagnostic {
  return {
    range: lines.range(e.loc),
    severity: DiagnosticSeverity.Error,
    code: SYNTAX_CODE,
    source: SOURCE,
    message: e.message,
  };
}

/**
 * Restricted Mode read nothing outside the workspace folders: says which files of the module's
 * analysis were left unread (findings that depend on them cannot be shown), at the top of `file`.
 */
export function refusedReadsToDiagnostic(refused: readonly string[], dir: string): Diagnostic {
  // Named as every report names a file: bounded, control characters escaped.
  const shown = [...new Set(refused)].map((p) => echo(relative(dir, p).split(sep).join('/')));
  const list = shown.slice(0, 3).join(', ') + (shown.length > 3 ? ` and ${shown.length - 3} more` : '');
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    code: RESTRICTED_CODE,
    source: SOURCE,
    message:
      `Restricted Mode: not read, outside the workspace folder: ${list}. ` +
      'Findings that depend on them cannot be shown; trust the workspace to lint them.',
  };
}

/** Whether two LSP ranges overlap or touch (a cursor at a range's edge counts). */
export function touches(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }): boolean =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** A core fix as a quick fix: offset edits become UTF-16 line/character edits per file URI. */
export function toCodeAction(
  fix: Fix,
  diagnostics: Diagnostic[],
  lines: LineIndexes,
  uriOf: (path: string) => string,
): CodeAction {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of fix.edits) {
    const uri = uriOf(e.file);
    (changes[uri] ??= []).push({ range: lines.get(e.file).range(e.range), newText: e.newText });
  }
  const a: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, edit: { changes } };
  if (diagnostics.length) a.diagnostics = diagnostics;
  if (fix.preferred) a.isPreferred = true;
  return a;
}
