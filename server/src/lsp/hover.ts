/**
 * Hover: on a rule attribute, the evaluated value and where it came from; on a resource (or module)
 * header, the verdict for each instance (count / for_each).
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import {
  CANDIDATE_FIELDS,
  fieldName,
  type FieldValue,
  type Finding,
  type Loc,
  type ModuleLintResult,
  type RuleCandidate,
} from '../api';
import type { Analyzer } from './analyzer';
import type { LineIndexes } from './convert';
import { basename } from 'node:path';
import { echo } from '../api';

/** Text as a markdown code span: fenced with more backticks than it holds in a row. */
function inlineCode(s: string): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest > 0 ? ' ' : ''}${s}${longest > 0 ? ' ' : ''}${fence}`;
}

export interface HoverHost {
  analyzer: Analyzer;
  lines: LineIndexes;
  uriOf: (path: string) => string;
}

export function hover(host: HoverHost, path: string, pos: Position): Hover | null {
  const offsetIn = (file: string): number => host.lines.get(file).offset(pos);
  for (const m of host.analyzer.modulesTouching(path)) {
    const here = m.result.candidates.filter((c) => c.block.file === path);
    const index = host.lines.get(path);
    const onHeader = (block: { file: string; range: { start: number } }): boolean =>
      block.file === path && index.position(block.range.start).line === pos.line;
    // Header: the block's first line. A block may have instances in one module instance and none
    // in another (a module called twice): both are told.
    // A rule's own first line, or the resource enclosing it (a ROS group: every rule in its list).
    const headerOf = (c: RuleCandidate): Loc | undefined =>
      onHeader(c.block) ? c.block : c.enclosing && onHeader(c.enclosing) ? c.enclosing : undefined;
    const header = here.filter((c) => headerOf(c) !== undefined);
    const empty = m.result.emptyRules.filter((e) => onHeader(e.block));
    if (header.length || empty.length) {
      const start = (header[0] ? headerOf(header[0])! : empty[0]!.block).range.start;
      const same = here.filter((c) => headerOf(c)?.range.start === start);
      const lines = same.length ? [verdicts(m.result, same)] : ['**SG Guard verdict**'];
      const text = index.text;
      for (const e of empty.filter((x) => x.block.range.start === start)) {
        const expr = e.meta.file === path ? text.slice(e.meta.range.start, e.meta.range.end) : '';
        const why = e.metaName === 'count' ? '`count` is 0' : '`for_each` is empty';
        const shown =
          expr && expr.length <= 80 && !expr.includes('\n') ? ` (\`${e.metaName} = ${expr}\`)` : '';
        lines.push(
          `${same.length ? '' : '\n'}- \`${e.address}\`: no instances here: ${why}${shown}, so Terraform creates no rule and there is nothing to check`,
        );
      }
      return markdown(lines.join('\n'), index.range({ start, end: start }));
    }
    if (!here.length) continue;
    const offset = offsetIn(path);
    for (const key of CANDIDATE_FIELDS) {
      const hits = here.filter((c) => {
        const loc = c[key].loc;
        return loc && loc.file === path && loc.range.start <= offset && offset <= loc.range.end;
      });
      if (!hits.length) continue;
      const loc = hits[0]![key].loc!;
      const lines = [`**${fieldName(hits[0]!, key)}**`, ''];
      for (const c of hits) lines.push(...describeField(host, c, c[key], hits.length > 1));
      return markdown(lines.join('\n'), index.range(loc.range));
    }
  }
  return null;
}

function markdown(value: string, range: Hover['range']): Hover {
  const h: Hover = { contents: { kind: MarkupKind.Markdown, value } };
  if (range) h.range = range;
  return h;
}

/** A link to a place: `main.tf:12`, opening that line. */
function linkTo(host: HoverHost, loc: Loc): string {
  const line = host.lines.get(loc.file).position(loc.range.start).line + 1;
  return `[${basename(loc.file)}:${line}](${host.uriOf(loc.file)}#L${line})`;
}

function describeField(
  host: HoverHost,
  c: RuleCandidate,
  f: FieldValue<unknown>,
  showAddress: boolean,
): string[] {
  const prefix = showAddress ? `\`${c.address}\`: ` : '';
  let value: string;
  // Values are echoed as every report echoes them: bounded, control characters escaped.
  if (f.state === 'known') value = inlineCode(echo(JSON.stringify(f.value)));
  else if (f.state === 'absent') value = 'not set';
  else value = `unknown${f.deps?.length ? ` (depends on ${f.deps.map((d) => echo(d)).join(', ')})` : ''}`;
  const out = [`- ${prefix}${value}`];
  for (const step of f.trace)
    out.push(`  - from ${step.label}${step.loc ? ` (${linkTo(host, step.loc)})` : ''}`);
  // Where the value is written, unless the attribute or a step above already points there.
  const written = f.literal;
  const same = (l: Loc | undefined): boolean =>
    !!l && !!written && l.file === written.file && l.range.start === written.range.start;
  if (written && !same(f.loc) && !f.trace.some((t) => same(t.loc)))
    out.push(`  - written at ${linkTo(host, written)}`);
  return out;
}

function verdicts(result: ModuleLintResult, instances: RuleCandidate[]): string {
  const lines = ['**SG Guard verdict**', ''];
  const of = (list: Finding[], address: string): Finding[] => list.filter((f) => f.resource === address);
  for (const c of instances) {
    const found = of(result.findings, c.address);
    const suppressed = of(result.suppressed, c.address);
    const unverified = of(result.unverified, c.address);
    if (found.length)
      for (const f of found) lines.push(`- \`${c.address}\`: ${f.severity} — ${f.message} (${f.ruleId})`);
    else if (suppressed.length)
      for (const f of suppressed)
        lines.push(
          `- \`${c.address}\`: suppressed ${f.ruleId}${f.suppression?.reason ? ` — ${f.suppression.reason}` : ''}${f.suppression?.expires ? ` (until ${f.suppression.expires})` : ''}`,
        );
    else if (unverified.length)
      for (const f of unverified) lines.push(`- \`${c.address}\`: cannot verify — ${f.message}`);
    else lines.push(`- \`${c.address}\`: not open to the Internet on a risky port`);
  }
  if (instances.some((c) => c.instancesUnknown))
    lines.push('', 'The number of instances is unknown (count / for_each cannot be worked out).');
  return lines.join('\n');
}
