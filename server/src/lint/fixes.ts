/**
 * Fixes as data: each is a title and offset edits (`{file, range, newText}`) into the files' BOM-less
 * text, computed once here and converted by every adapter (code actions, `sg-guard lint --fix`, SARIF
 * `fixes`). One finding at a time: each fix changes what the network allows.
 */
import { basename } from 'node:path';
import type { Finding } from '../api/types';
import type { Range } from '../parse/ast';
import type { Loc, RuleCandidate } from '../model/types';
import { fieldName, type CandidateField } from '../model/field-names';
import { parsePortRange, serviceName } from '../risk/index';
import { suppressionComment } from './suppressions';
import { isDownloadedModuleFile } from './workspace';

export interface FixEdit {
  file: string;
  /** Offsets into the file's BOM-less text. */
  range: Range;
  newText: string;
}

export type FixKind = 'trusted-cidr' | 'narrow' | 'suppress';

export interface Fix {
  title: string;
  kind: FixKind;
  edits: FixEdit[];
  /** The fix an editor applies first (the first trusted range). */
  preferred?: boolean;
  /** When the edited value feeds several security group rules: all their addresses (they all change). */
  sharedBy?: string[];
}

export interface FixContext {
  /** A file's BOM-less text as the analysis read it; undefined when it cannot be read. */
  text(file: string): string | undefined;
  /** Risky ports (narrowing leaves them out). */
  ports: readonly number[];
  trustedCidrs: readonly string[];
  /** Today as YYYY-MM-DD (suppression expiry). */
  today: string;
  /** Every rule of the module: a value written once may feed several of them. */
  candidates: readonly RuleCandidate[];
  /** The file the fixes are shown in: edits elsewhere name their file in the title. */
  shownIn?: string;
}

export const SUPPRESSION_DAYS = 30;
export const REASON_PLACEHOLDER = 'TODO: why this exposure is acceptable';

const sameLoc = (a: Loc | undefined, b: Loc | undefined): boolean =>
  !!a && !!b && a.file === b.file && a.range.start === b.range.start && a.range.end === b.range.end;

/** The candidate a finding was reported for (address and reported block identify it). */
export function candidateOf(f: Finding, candidates: readonly RuleCandidate[]): RuleCandidate | undefined {
  return candidates.find(
    (c) => c.address === f.resource && sameLoc(c.modulePath[0]?.call ?? c.block, f.block),
  );
}

/** An edit replacing `needle` inside the literal at `loc` (keeps quotes and anything around it). */
function replaceInLiteral(
  ctx: FixContext,
  loc: Loc,
  needle: string,
  replacement: string,
): FixEdit | undefined {
  const text = ctx.text(loc.file)?.slice(loc.range.start, loc.range.end);
  if (text === undefined) return undefined;
  let at = text.indexOf(needle);
  if (at < 0) at = text.toLowerCase().indexOf(needle.toLowerCase());
  if (at < 0) return undefined;
  const start = loc.range.start + at;
  return { file: loc.file, range: { start, end: start + needle.length }, newText: replacement };
}

const isIpv6 = (cidr: string): boolean => cidr.includes(':');

/** Every rule whose source is this written value (changing it changes them all), the finding's included. */
function sharers(literal: Loc, f: Finding, ctx: FixContext): string[] {
  const out = new Set<string>([f.resource]);
  for (const c of ctx.candidates) {
    if (sameLoc(c.sourceCidr.literal, literal) || sameLoc(c.sourceIpv6Cidr.literal, literal))
      out.add(c.address);
  }
  return [...out].sort();
}

/** The same words whichever of the rules the fix is asked from, so the editor lists it once. */
function sharedNote(users: readonly string[]): string {
  if (users.length < 2) return '';
  const names = users.slice(0, 3).join(', ') + (users.length > 3 ? ', …' : '');
  return ` (the value is shared: changes ${users.length} rules, ${names})`;
}

function inFile(ctx: FixContext, file: string): string {
  return ctx.shownIn === undefined || file === ctx.shownIn ? '' : ` in ${basename(file)}`;
}

/** Why the world source of a finding cannot be replaced where it is written, or undefined when it can. */
export function whyNotReplaceable(f: Finding): string | undefined {
  if (!f.source) return 'no world source';
  const lit = f.fix?.cidrLiteral;
  if (!lit)
    return 'the value is not one literal written in a file (built by an expression, or from --var / TF_VAR_)';
  if (isDownloadedModuleFile(lit.file)) return 'the value is written in a downloaded module (.terraform/)';
  return undefined;
}

/**
 * Replaces the finding's world source with `cidr` where the value is written (inline, variable
 * default, tfvars, a YAML/JSON data file). Undefined when it is not written as one literal, is in a
 * downloaded module, or the address families differ (an IPv4 range cannot go in ipv6_cidr_ip).
 */
export function restrictSourceFix(f: Finding, cidr: string, ctx: FixContext): Fix | undefined {
  if (whyNotReplaceable(f) !== undefined || isIpv6(cidr) !== isIpv6(f.source!)) return undefined;
  const lit = f.fix!.cidrLiteral!;
  const edit = replaceInLiteral(ctx, lit, f.source!, cidr);
  if (!edit) return undefined;
  const users = sharers(lit, f, ctx);
  return {
    title: `Replace ${f.source!} with trusted ${cidr}${inFile(ctx, lit.file)}${sharedNote(users)}`,
    kind: 'trusted-cidr',
    edits: [edit],
    ...(users.length > 1 ? { sharedBy: users } : {}),
  };
}

/** One fix per configured trusted range of the source's address family; the first is preferred. */
export function trustedCidrFixes(f: Finding, ctx: FixContext): Fix[] {
  const out: Fix[] = [];
  for (const cidr of ctx.trustedCidrs) {
    const fix = restrictSourceFix(f, cidr, ctx);
    if (fix) out.push(out.length === 0 ? { ...fix, preferred: true } : fix);
  }
  return out;
}

interface PortSpan {
  from: number;
  to: number;
}

/** The parts of `span` that contain none of `risky`, largest first, at most `limit`. */
export function safeSubRanges(span: PortSpan, risky: readonly number[], limit = 3): PortSpan[] {
  const inside = [...new Set(risky)].filter((p) => p >= span.from && p <= span.to).sort((a, b) => a - b);
  if (inside.length === 0) return [];
  const gaps: PortSpan[] = [];
  let start = span.from;
  for (const p of inside) {
    if (p > start) gaps.push({ from: start, to: p - 1 });
    start = p + 1;
  }
  if (start <= span.to) gaps.push({ from: start, to: span.to });
  return gaps.sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from).slice(0, limit);
}

const portRange = (s: PortSpan): string => `${s.from}/${s.to}`;
const dashed = (s: PortSpan): string => (s.from === s.to ? `${s.from}` : `${s.from}-${s.to}`);

/**
 * What narrowing `span` to `kept` closes, said plainly: `22-65535, including SSH 22, RDP 3389`.
 * The old label ("leaves out 22, 3389") hid that 1/21 drops 22-65535.
 */
function closedText(span: PortSpan, kept: PortSpan, risky: readonly number[]): string {
  const closed: PortSpan[] = [];
  if (kept.from > span.from) closed.push({ from: span.from, to: kept.from - 1 });
  if (kept.to < span.to) closed.push({ from: kept.to + 1, to: span.to });
  const named = [...new Set(risky)]
    .filter((p) => p >= span.from && p <= span.to)
    .sort((a, b) => a - b)
    .map((p) => (serviceName(p) ? `${serviceName(p)!} ${p}` : `${p}`));
  const among = named.length ? `, including ${named.join(', ')}` : '';
  return `${closed.map(dashed).join(' and ')}${among}`;
}

/**
 * Inserts the field on a new line after the attribute holding `after`, inside `block`: `name = "value"`
 * in Terraform, `Name: value` beside its sibling keys in a ROS YAML template (never in flow style).
 */
function addAttributeAfter(
  ctx: FixContext,
  after: Loc,
  block: Loc,
  c: RuleCandidate,
  field: CandidateField,
  value: string,
): FixEdit | undefined {
  if (after.file !== block.file || after.file.endsWith('.json')) return undefined;
  if (after.range.start < block.range.start || after.range.end > block.range.end) return undefined;
  const text = ctx.text(after.file);
  if (text === undefined || !commentable(text)) return undefined;
  let end = after.range.end;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  let lineStart = after.range.start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const name = fieldName(c, field);
  if (c.language === 'ros') {
    // `- IpProtocol: all` or `  IpProtocol: all`: the sibling key starts where this one does.
    const m = /^([ \t]*(?:-[ \t]+)?)[A-Za-z0-9_]+[ \t]*:/.exec(text.slice(lineStart, end));
    if (!m || /[{[]/.test(text.slice(lineStart + m[0].length, after.range.start))) return undefined;
    const indent = m[1]!.replace(/-/g, ' ');
    return { file: after.file, range: { start: end, end }, newText: `${eol}${indent}${name}: ${value}` };
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '  ';
  return { file: after.file, range: { start: end, end }, newText: `${eol}${indent}${name} = "${value}"` };
}

/** Whether comments (and new lines) can be written in this text: not a JSON document. */
function commentable(text: string): boolean {
  return !/^\s*[{[]/.test(text);
}

/**
 * Narrowing honestly: the sub-ranges of the rule's range that leave every risky port out, each
 * labelled with what it closes. `all` becomes tcp on such a range. Nothing when the rule opens
 * exactly a risky port.
 */
export function narrowFixes(f: Finding, c: RuleCandidate | undefined, ctx: FixContext): Fix[] {
  if (!c || c.protocol.state !== 'known' || !f.fix) return [];
  const protocol = (c.protocol.value ?? '').toLowerCase();
  const out: Fix[] = [];
  if (protocol === 'all') {
    const protoLit = f.fix.protocolLiteral;
    if (!protoLit || isDownloadedModuleFile(protoLit.file)) return [];
    const every = { from: 1, to: 65535 };
    for (const span of safeSubRanges(every, ctx.ports)) {
      const p = replaceInLiteral(ctx, protoLit, 'all', 'tcp');
      if (!p) return [];
      const rangeLit = f.fix.portRangeLiteral;
      const current = rangeLit
        ? ctx.text(rangeLit.file)?.slice(rangeLit.range.start, rangeLit.range.end)
        : undefined;
      const r =
        rangeLit && current
          ? replaceInLiteral(ctx, rangeLit, current.replace(/^"|"$/g, ''), portRange(span))
          : addAttributeAfter(ctx, protoLit, f.block, c, 'portRange', portRange(span));
      if (!r) return [];
      out.push({
        title: `Change to tcp ${portRange(span)} only: closes other protocols and tcp ${closedText(every, span, ctx.ports)}`,
        kind: 'narrow',
        edits: [p, r],
      });
    }
    return out;
  }
  if (protocol !== 'tcp' && protocol !== 'udp') return [];
  const rangeLit = f.fix.portRangeLiteral;
  if (!rangeLit || c.portRange.state !== 'known' || isDownloadedModuleFile(rangeLit.file)) return [];
  const current = c.portRange.value ?? '';
  const parsed = parsePortRange(current);
  if (parsed.kind === 'invalid') return [];
  const span = parsed.kind === 'all' ? { from: 1, to: 65535 } : { from: parsed.from, to: parsed.to };
  for (const sub of safeSubRanges(span, ctx.ports)) {
    const edit = replaceInLiteral(ctx, rangeLit, current, portRange(sub));
    if (!edit) continue;
    out.push({
      title: `Narrow ${fieldName(c, 'portRange')} to ${portRange(sub)}: closes ${closedText(span, sub, ctx.ports)}`,
      kind: 'narrow',
      edits: [edit],
    });
  }
  return out;
}

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A suppression comment above the block, with a reason to edit and an expiry 30 days out. */
export function suppressFix(f: Finding, ctx: FixContext): Fix | undefined {
  const at = f.fix?.blockStart;
  if (!at || at.file.endsWith('.json') || isDownloadedModuleFile(at.file)) return undefined; // JSON has no comments
  const text = ctx.text(at.file);
  // A plan or state file is JSON whatever its name (terraform.tfstate): no comment goes there.
  if (text === undefined || !commentable(text)) return undefined;
  const start = at.range.start;
  const indent = /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const expires = addDays(ctx.today, SUPPRESSION_DAYS);
  const comment = suppressionComment([f.ruleId, ...(f.covers ?? [])], {
    reason: REASON_PLACEHOLDER,
    expires,
  });
  return {
    title: `Suppress ${[f.ruleId, ...(f.covers ?? [])].join(', ')} for ${f.resource} until ${expires} (edit the reason)`,
    kind: 'suppress',
    edits: [{ file: at.file, range: { start, end: start }, newText: `${indent}${comment}${eol}` }],
  };
}

/**
 * Every fix for a finding. `atRule`: the fixes are asked for where the finding is reported; where
 * only its value is written (a tfvars line), replacing the value is the only fix that makes sense.
 */
export function fixesFor(f: Finding, ctx: FixContext, atRule = true): Fix[] {
  const out = trustedCidrFixes(f, ctx);
  if (!atRule) return out;
  out.push(...narrowFixes(f, candidateOf(f, ctx.candidates), ctx));
  const s = suppressFix(f, ctx);
  if (s) out.push(s);
  return out;
}
