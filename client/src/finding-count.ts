/**
 * One count of SG Guard findings for the status bar, its tooltip and Lint Workspace, taken from the
 * diagnostics the Problems panel lists, so the numbers agree (a finding: see FINDING_CODES).
 */
import { DiagnosticSeverity, languages, type Diagnostic } from 'vscode';
import { DIAGNOSTIC_SOURCE, FINDING_CODES } from '../../server/src/lsp/protocol';

export interface FindingCount {
  /** Rule findings at error or warning level, each once (at the rule). */
  findings: number;
  /** Other errors and warnings: syntax errors, files not read, modules that cannot be evaluated. */
  otherProblems: number;
  /** Information: "cannot verify", "this value is set here". */
  notes: number;
}

const codeOf = (d: Diagnostic): string =>
  typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');

export function countDiagnostics(all: Iterable<readonly Diagnostic[]>): FindingCount {
  const n: FindingCount = { findings: 0, otherProblems: 0, notes: 0 };
  for (const list of all) {
    for (const d of list) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      if (d.severity > DiagnosticSeverity.Warning) n.notes++;
      else if (FINDING_CODES.includes(codeOf(d))) n.findings++;
      else n.otherProblems++;
    }
  }
  return n;
}

/** The workspace's count now. */
export function countFindings(): FindingCount {
  return countDiagnostics(languages.getDiagnostics().map(([, list]) => list));
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "3 findings", and what else the Problems panel lists: "; also 1 other problem, 2 notes". */
export function describeCount(c: FindingCount): string {
  const also = [
    ...(c.otherProblems ? [plural(c.otherProblems, 'other problem')] : []),
    ...(c.notes ? [plural(c.notes, 'note')] : []),
  ];
  return `${plural(c.findings, 'finding')}${also.length ? `; also ${also.join(', ')}` : ''}`;
}
