/**
 * Hover renders the core's answer to "what is at this offset" (lint/explain.ts): on a rule attribute,
 * the evaluated value and where it came from; on a resource (or module) header, each instance's verdict.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import {
  explainAt,
  fieldName,
  type FieldValue,
  type InstanceVerdict,
  type Loc,
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
  const index = host.lines.get(path);
  const offset = index.offset(pos);
  for (const m of host.analyzer.modulesTouching(path)) {
    const e = explainAt(m.result, path, index.text, offset);
    if (!e) continue;
    if (e.kind === 'block') {
      const lines = e.instances.length ? [verdicts(e.instances)] : ['**SG Guard verdict**'];
      for (const x of e.empty) {
        const expr = x.meta.file === path ? index.text.slice(x.meta.range.start, x.meta.range.end) : '';
        const why = x.metaName === 'count' ? '`count` is 0' : '`for_each` is empty';
        const shown =
          expr && expr.length <= 80 && !expr.includes('\n') ? ` (\`${x.metaName} = ${expr}\`)` : '';
        lines.push(
          `${e.instances.length ? '' : '\n'}- \`${x.address}\`: no instances here: ${why}${shown}, so Terraform creates no rule and there is nothing to check`,
        );
      }
      return markdown(lines.join('\n'), index.range({ start: e.at, end: e.at }));
    }
    const lines = [`**${fieldName(e.values[0]!.candidate, e.field)}**`, ''];
    for (const v of e.values) lines.push(...describeField(host, v.candidate, v.value, e.values.length > 1));
    return markdown(lines.join('\n'), index.range(e.loc.range));
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

function verdicts(instances: InstanceVerdict[]): string {
  const lines = ['**SG Guard verdict**', ''];
  for (const { candidate: c, findings, suppressed, unverified } of instances) {
    if (findings.length)
      for (const f of findings) lines.push(`- \`${c.address}\`: ${f.severity} — ${f.message} (${f.ruleId})`);
    else if (suppressed.length)
      for (const f of suppressed)
        lines.push(
          `- \`${c.address}\`: suppressed ${f.ruleId}${f.suppression?.reason ? ` — ${f.suppression.reason}` : ''}${f.suppression?.expires ? ` (until ${f.suppression.expires})` : ''}`,
        );
    else if (unverified.length)
      for (const f of unverified) lines.push(`- \`${c.address}\`: cannot verify — ${f.message}`);
    else lines.push(`- \`${c.address}\`: not open to the Internet on a risky port`);
  }
  if (instances.some((i) => i.candidate.instancesUnknown))
    lines.push('', 'The number of instances is unknown (count / for_each cannot be worked out).');
  return lines.join('\n');
}
