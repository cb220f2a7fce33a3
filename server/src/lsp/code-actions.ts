/**
 * Code actions: asks the core for the fixes of each finding under the cursor (shown at its rule, or
 * where its world CIDR is written) and converts them; no edit is computed here.
 */
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver';
import { fixesFor, oneFindingPerProblem, type FixContext } from '../api';
import type { Analyzer } from './analyzer';
import { toCodeAction, touches, type LineIndexes } from './convert';
import { DIAGNOSTIC_SOURCE } from './protocol';
import { restrictAction } from './trusted-range';

export interface ActionHost {
  analyzer: Analyzer;
  lines: LineIndexes;
  uriOf(path: string): string;
  /** Today as YYYY-MM-DD. */
  today(): string;
}

export function codeActions(
  host: ActionHost,
  path: string,
  range: Range,
  diagnostics: Diagnostic[],
): CodeAction[] {
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  for (const m of host.analyzer.modulesTouching(path)) {
    const options = host.analyzer.optionsFor(m.dir);
    const ctx: FixContext = {
      text: (file) => host.lines.get(file).text,
      ports: options.ports ?? [],
      trustedCidrs: options.trustedCidrs ?? [],
      today: host.today(),
      candidates: m.result.candidates,
      shownIn: path,
    };
    for (const f of oneFindingPerProblem(m.result.findings)) {
      // Shown in this file at the rule, or where its world CIDR is written for a rule reported
      // elsewhere (there, only replacing the value makes sense).
      const atRule = f.loc.file === path;
      const shown = atRule ? f.loc : f.fix?.cidrLiteral?.file === path ? f.fix.cidrLiteral : undefined;
      if (!shown) continue;
      const shownRange = host.lines.range(shown);
      if (!touches(shownRange, range)) continue;
      const diags = diagnostics.filter(
        (d) => d.source === DIAGNOSTIC_SOURCE && d.code === f.ruleId && touches(d.range, shownRange),
      );
      const fixes = fixesFor(f, ctx, atRule);
      const found = fixes.map((fix) => toCodeAction(fix, diags, host.lines, (p) => host.uriOf(p)));
      // Always offered, settings or not: asks for a range, then edits where the value is written.
      const restrict = restrictAction(f, m.dir, diags);
      if (restrict) {
        if (!fixes.some((x) => x.kind === 'trusted-cidr')) restrict.isPreferred = true;
        found.splice(fixes.filter((x) => x.kind === 'trusted-cidr').length, 0, restrict);
      }
      for (const a of found) {
        const key = `${a.title}|${JSON.stringify(a.edit ?? a.command?.arguments)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        actions.push(a);
      }
    }
  }
  return actions;
}
