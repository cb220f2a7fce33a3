/**
 * "Restrict to a trusted range…": the code action offered on every finding whose world source is
 * written as one literal (whatever the settings), and the requests its client command makes: the
 * ranges to suggest, the edit for the range the user chose (checked again here), and the edit that
 * remembers it in the project's `.sg-guard.yaml`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import {
  familyOf,
  restrictSourceFix,
  trustedRangeSuggestions,
  whyNotReplaceable,
  type Finding,
  type FixContext,
} from '../api';
import { CONFIG_FILE, findConfigFile } from '../config/index';
import { checkTrustedRange } from '../risk/index';
import { withTrustedCidr } from '../config/remember';
import type { Analyzer } from './analyzer';
import type { LineIndexes } from './convert';
import {
  RESTRICT_COMMAND,
  type RememberParams,
  type RememberResult,
  type RestrictParams,
  type RestrictResult,
  type RestrictTarget,
  type SuggestResult,
} from './protocol';

export const RESTRICT_TITLE = 'Restrict to a trusted range…';

export interface RestrictHost {
  analyzer: Analyzer;
  lines: LineIndexes;
  uriOf(path: string): string;
  /** The module's project folder (where a new `.sg-guard.yaml` goes). */
  projectOf(dir: string): string;
  /** An open buffer's text, else undefined. */
  openText(path: string): string | undefined;
}

/** The code action, for a finding whose world source is written as one literal; else undefined. */
export function restrictAction(f: Finding, dir: string, diagnostics: Diagnostic[]): CodeAction | undefined {
  if (whyNotReplaceable(f) !== undefined) return undefined;
  const lit = f.fix!.cidrLiteral!;
  const target: RestrictTarget = {
    dir,
    ruleId: f.ruleId,
    resource: f.resource,
    literal: { file: lit.file, start: lit.range.start, end: lit.range.end },
    source: f.source!,
    family: familyOf(f.source!),
    message: f.message,
  };
  const a: CodeAction = {
    title: RESTRICT_TITLE,
    kind: CodeActionKind.QuickFix,
    command: { title: RESTRICT_TITLE, command: RESTRICT_COMMAND, arguments: [target] },
  };
  if (diagnostics.length) a.diagnostics = diagnostics;
  return a;
}

/** The finding a target names, as the module's latest lint has it. */
function findingOf(host: RestrictHost, t: RestrictTarget): Finding | undefined {
  return host.analyzer.module(t.dir)?.result.findings.find((f) => {
    const lit = f.fix?.cidrLiteral;
    return (
      f.ruleId === t.ruleId &&
      f.resource === t.resource &&
      f.source === t.source &&
      lit?.file === t.literal.file &&
      lit.range.start === t.literal.start &&
      lit.range.end === t.literal.end
    );
  });
}

function configFileFor(host: RestrictHost, dir: string): string {
  return findConfigFile(dir) ?? join(host.projectOf(dir), CONFIG_FILE);
}

export function suggest(host: RestrictHost, t: RestrictTarget): SuggestResult | null {
  const f = findingOf(host, t);
  if (!f) return null;
  const candidates = [...host.analyzer.allModules()].flatMap((m) => m.result.candidates);
  const configured = host.analyzer.optionsFor(t.dir).trustedCidrs ?? [];
  return {
    suggestions: trustedRangeSuggestions(f, candidates, configured),
    configFile: configFileFor(host, t.dir),
  };
}

export function restrict(host: RestrictHost, p: RestrictParams): RestrictResult {
  const checked = checkTrustedRange(p.cidr, p.target.family);
  if (!checked.ok) return { problem: checked.problem };
  const m = host.analyzer.module(p.target.dir);
  const f = findingOf(host, p.target);
  if (!m || !f) return { problem: 'The finding has changed since: ask for the fix again.' };
  const ctx: FixContext = {
    text: (file) => host.lines.get(file).text,
    ports: [],
    trustedCidrs: [],
    today: '',
    candidates: m.result.candidates,
  };
  const fix = restrictSourceFix(f, checked.cidr, ctx);
  if (!fix) return { problem: `${f.source} cannot be replaced where it is written.` };
  const changes: WorkspaceEdit['changes'] = {};
  for (const e of fix.edits) {
    (changes[host.uriOf(e.file)] ??= []).push({
      range: host.lines.get(e.file).range(e.range),
      newText: e.newText,
    });
  }
  return { edit: { changes }, cidr: checked.cidr };
}

export function remember(host: RestrictHost, p: RememberParams): RememberResult {
  const file = configFileFor(host, p.dir);
  const checked = checkTrustedRange(p.cidr, familyOf(p.cidr));
  if (!checked.ok) return { file, problem: checked.problem };
  const exists = host.openText(file) !== undefined || existsSync(file);
  const text = exists ? (host.openText(file) ?? host.lines.get(file).text) : undefined;
  const r = withTrustedCidr(text, checked.cidr, file);
  if (!r.ok) return { file, problem: r.problem };
  if (r.already) return { file, already: true };
  const uri = host.uriOf(file);
  if (text === undefined) {
    return {
      file,
      edit: {
        documentChanges: [{ kind: 'create', uri, options: { ignoreIfExists: true } }, insertAll(uri, r.text)],
      },
    };
  }
  const end = host.lines.get(file, text).range({ start: text.length, end: text.length }).end;
  return {
    file,
    edit: {
      changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end }, newText: r.text }] },
    },
  };
}

function insertAll(uri: string, text: string): TextDocumentEdit {
  return {
    textDocument: { uri, version: null },
    edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }],
  };
}
