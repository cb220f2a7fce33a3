/**
 * Code actions: asks the core for the fixes of each finding under the cursor (shown at its rule, or
 * where its world CIDR is written) and converts them; no edit is computed here.
 */
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver';
import { fixesFor, oneFindingPerProblem, type FixContext } from '../api';
import type { Analyzer } from './analyzer';
import { toCodeAction, touches, type LineIndexes } from './convert';
import { DIAGNOSTIC_SOURCE } from './protocol';

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
      for (const fix of fixesFor(f, ctx, atRule)) {
        const a = toCodeAction(fix, diags, host.lines, (p) => host.uriOf(p));
        const key = `${a.title}|${JSON.stringify(a.edit)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        actions.push(a);
      }
    }
  }
  return actions;
}
