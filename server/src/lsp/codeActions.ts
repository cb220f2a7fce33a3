/**
 * Quick fixes for one finding at a time (never fix-all: each one changes what the network allows):
 * replace the world CIDR where the value is written, narrow a wide port range, or suppress with a
 * reason and an expiry date.
 */
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import { suppressionComment, type Finding, type Loc, type RuleCandidate } from '../api';
import type { Analyzer } from './analyzer';
import { SOURCE, touches, type LineIndexes } from './convert';
import { formatSpan, parsePortRange, safeSubRanges } from './narrow';
import type { Settings } from './settings';
import { basename } from 'node:path';

export interface ActionHost {
  analyzer: Analyzer;
  lines: LineIndexes;
  settings(): Settings;
  uriOf(path: string): string;
  /** Today as YYYY-MM-DD. */
  today(): string;
}

export const SUPPRESSION_DAYS = 30;
export const REASON_PLACEHOLDER = 'TODO: why this exposure is acceptable';

export function codeActions(
  host: ActionHost,
  path: string,
  range: Range,
  diagnostics: Diagnostic[],
): CodeAction[] {
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  const push = (a: CodeAction): void => {
    const key = `${a.title}|${JSON.stringify(a.edit)}`;
    if (!seen.has(key)) {
      seen.add(key);
      actions.push(a);
    }
  };
  for (const m of host.analyzer.modulesTouching(path)) {
    for (const f of m.result.findings) {
      // Shown in this file at the rule, or where its world CIDR is written for a rule reported
      // elsewhere (there, only replacing the value makes sense).
      const atRule = f.loc.file === path;
      const shown = atRule ? f.loc : f.fix?.cidrLiteral?.file === path ? f.fix.cidrLiteral : undefined;
      if (!shown) continue;
      const shownRange = host.lines.range(shown);
      if (!touches(shownRange, range)) continue;
      const diags = diagnostics.filter(
        (d) => d.source === SOURCE && d.code === f.ruleId && touches(d.range, shownRange),
      );
      const candidate = atRule ? m.result.candidates.find((c) => c.address === f.resource) : undefined;
      const ctx: FixContext = { host, finding: f, candidate, diags, path };
      for (const a of replaceCidrActions(ctx)) push(a);
      if (!atRule) continue;
      for (const a of narrowActions(ctx)) push(a);
      const s = suppressAction(ctx);
      if (s) push(s);
    }
  }
  return actions;
}

interface FixContext {
  host: ActionHost;
  finding: Finding;
  candidate: RuleCandidate | undefined;
  diags: Diagnostic[];
  /** The file the actions are asked for: edits elsewhere say which file they change. */
  path: string;
}

function textAt(lines: LineIndexes, loc: Loc): string {
  return lines.get(loc.file).text.slice(loc.range.start, loc.range.end);
}

/** An edit replacing `needle` inside the literal at `loc` (keeps quotes and anything around it). */
function replaceInLiteral(
  lines: LineIndexes,
  loc: Loc,
  needle: string,
  replacement: string,
): TextEdit | undefined {
  const text = textAt(lines, loc);
  let at = text.indexOf(needle);
  if (at < 0) at = text.toLowerCase().indexOf(needle.toLowerCase());
  if (at < 0) return undefined;
  const index = lines.get(loc.file);
  const start = loc.range.start + at;
  return { range: index.range({ start, end: start + needle.length }), newText: replacement };
}

function action(
  ctx: FixContext,
  title: string,
  edits: Map<string, TextEdit[]>,
  preferred = false,
): CodeAction {
  const changes: Record<string, TextEdit[]> = {};
  for (const [file, list] of edits) changes[ctx.host.uriOf(file)] = list;
  const a: CodeAction = { title, kind: CodeActionKind.QuickFix, edit: { changes } };
  if (ctx.diags.length) a.diagnostics = ctx.diags;
  if (preferred) a.isPreferred = true;
  return a;
}

const isIpv6 = (cidr: string): boolean => cidr.includes(':');

function replaceCidrActions(ctx: FixContext): CodeAction[] {
  const { finding: f, host } = ctx;
  const lit = f.fix?.cidrLiteral;
  if (!lit || !f.source) return [];
  const where = lit.file === ctx.path ? '' : ` in ${basename(lit.file)}`;
  const out: CodeAction[] = [];
  for (const cidr of host.settings().trustedCidrs) {
    if (isIpv6(cidr) !== isIpv6(f.source)) continue; // an IPv4 range cannot go in ipv6_cidr_ip
    const edit = replaceInLiteral(host.lines, lit, f.source, cidr);
    if (!edit) continue;
    out.push(
      action(
        ctx,
        `Replace ${f.source} with trusted ${cidr}${where}`,
        new Map([[lit.file, [edit]]]),
        !out.length,
      ),
    );
  }
  return out;
}

function narrowActions(ctx: FixContext): CodeAction[] {
  const { finding: f, candidate: c, host } = ctx;
  if (!c || c.protocol.state !== 'known' || !f.fix) return [];
  const protocol = (c.protocol.value ?? '').toLowerCase();
  const lines = host.lines;
  const out: CodeAction[] = [];
  const risky = host.settings().ports;
  if (protocol === 'all') {
    // `all` opens every port of every protocol: offer tcp on the ranges that leave the risky ports out.
    const protoLit = f.fix.protocolLiteral;
    if (!protoLit) return [];
    for (const span of safeSubRanges({ from: 1, to: 65535 }, risky)) {
      const edits: TextEdit[] = [];
      const p = replaceInLiteral(lines, protoLit, 'all', 'tcp');
      if (!p) return [];
      edits.push(p);
      const rangeLit = f.fix.portRangeLiteral;
      const current = rangeLit ? textAt(lines, rangeLit).replace(/^"|"$/g, '') : undefined;
      if (rangeLit && current) {
        const r = replaceInLiteral(lines, rangeLit, current, formatSpan(span));
        if (!r) return [];
        edits.push(r);
      } else {
        const added = addAttributeAfter(lines, protoLit, f.block, 'port_range', formatSpan(span));
        if (!added) return [];
        edits.push(added);
      }
      const files = new Map<string, TextEdit[]>();
      if (rangeLit && rangeLit.file !== protoLit.file) {
        files.set(protoLit.file, [edits[0]!]);
        files.set(rangeLit.file, [edits[1]!]);
      } else files.set(protoLit.file, edits);
      out.push(
        action(
          ctx,
          `Narrow to tcp ${formatSpan(span)} (leaves out ${leftOut({ from: 1, to: 65535 }, risky)})`,
          files,
        ),
      );
    }
    return out;
  }
  if (protocol !== 'tcp' && protocol !== 'udp') return [];
  const rangeLit = f.fix.portRangeLiteral;
  if (!rangeLit || c.portRange.state !== 'known') return [];
  const current = c.portRange.value ?? '';
  const span = parsePortRange(current);
  if (!span || !textAt(lines, rangeLit).includes(current)) return [];
  for (const sub of safeSubRanges(span, risky)) {
    const edit = replaceInLiteral(lines, rangeLit, current, formatSpan(sub));
    if (!edit) continue;
    out.push(
      action(
        ctx,
        `Narrow port_range to ${formatSpan(sub)} (leaves out ${leftOut(span, risky)})`,
        new Map([[rangeLit.file, [edit]]]),
      ),
    );
  }
  return out;
}

function leftOut(span: { from: number; to: number }, risky: readonly number[]): string {
  return [...new Set(risky)]
    .filter((p) => p >= span.from && p <= span.to)
    .sort((a, b) => a - b)
    .join(', ');
}

/** Inserts `name = "value"` on a new line after the attribute holding `after`, inside `block`. */
function addAttributeAfter(
  lines: LineIndexes,
  after: Loc,
  block: Loc,
  name: string,
  value: string,
): TextEdit | undefined {
  if (after.file !== block.file || after.file.endsWith('.json')) return undefined;
  if (after.range.start < block.range.start || after.range.end > block.range.end) return undefined;
  const index = lines.get(after.file);
  const line = index.position(after.range.end).line;
  const indent = /^\s*/.exec(index.lineText(line))?.[0] ?? '  ';
  const end = index.lineEnd(line);
  return { range: index.range({ start: end, end }), newText: `\n${indent}${name} = "${value}"` };
}

function suppressAction(ctx: FixContext): CodeAction | undefined {
  const { finding: f, host } = ctx;
  const at = f.fix?.blockStart;
  if (!at || at.file.endsWith('.json')) return undefined; // JSON has no comments
  const index = host.lines.get(at.file);
  const line = index.position(at.range.start).line;
  const indent = /^\s*/.exec(index.lineText(line))?.[0] ?? '';
  const expires = addDays(host.today(), SUPPRESSION_DAYS);
  const comment = suppressionComment([f.ruleId], { reason: REASON_PLACEHOLDER, expires });
  const start = index.lineStart(line);
  const edit: TextEdit = { range: index.range({ start, end: start }), newText: `${indent}${comment}\n` };
  return action(
    ctx,
    `Suppress ${f.ruleId} for ${f.resource} until ${expires} (edit the reason)`,
    new Map([[at.file, [edit]]]),
  );
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
