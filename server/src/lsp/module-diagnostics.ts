/**
 * What one module's lint result shows in the editor: its parse errors, unreadable files, findings
 * (one per problem, with the CIDR literal they come from), unverified values and refused reads, as
 * diagnostics grouped by the file they go on.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { oneFindingPerProblem, type ModuleLintResult } from '../api';
import {
  findingToDiagnostic,
  originsOf,
  originToDiagnostic,
  parseErrorToDiagnostic,
  refusedReadsToDiagnostic,
  unreadableToDiagnostic,
  type LineIndexes,
} from './convert';
import { isConfigFile, moduleDirOf } from './paths';
import type { Settings } from './settings';

export interface ModuleDiagnosticsInput {
  dir: string;
  result: ModuleLintResult;
  settings: Settings;
  /** Disk reads refused while the module was linted (Restricted Mode). */
  refused: readonly string[];
  /** Whether another module calls this folder: then its inputs without defaults are the callers' to give. */
  called: boolean;
}

/** The module's diagnostics, by absolute file path. */
export function moduleDiagnostics(
  input: ModuleDiagnosticsInput,
  lines: LineIndexes,
): Map<string, Diagnostic[]> {
  const { dir, result, settings, refused, called } = input;
  const byFile = new Map<string, Diagnostic[]>();
  const add = (file: string, d: Diagnostic): void => {
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    list.push(d);
  };
  // The texts the analysis read, for the files diagnostics go to (not every file: a scan).
  const withDiagnostics = new Set<string>([
    ...result.parseErrors.map((e) => e.loc.file),
    ...[...result.findings, ...result.unverified].flatMap((f) => [
      f.loc.file,
      ...(f.fix?.cidrLiteral ? [f.fix.cidrLiteral.file] : []),
      ...f.related.map((r) => r.loc.file),
    ]),
  ]);
  for (const path of withDiagnostics) {
    const file = result.files.get(path);
    if (file) lines.get(path, file.text);
  }
  for (const e of result.parseErrors) add(e.loc.file, parseErrorToDiagnostic(e, lines));
  for (const u of result.unreadable) add(u.file, unreadableToDiagnostic(u));
  // One diagnostic per problem (the every-port rule names the risky ports it also opens).
  const shown = oneFindingPerProblem(result.findings);
  for (const f of shown) add(f.loc.file, findingToDiagnostic(f, dir, lines));
  for (const found of originsOf(shown).values())
    add(found[0]!.fix!.cidrLiteral!.file, originToDiagnostic(found, lines));
  if (settings.unverifiedInfo) {
    // As the CLI: a called folder's inputs without defaults are its callers' to give.
    for (const f of result.unverified)
      if (!(called && f.unverifiedCause === 'inputs'))
        add(f.loc.file, findingToDiagnostic(f, dir, lines, true));
  }
  const first = [...result.files.keys()].filter((p) => isConfigFile(p) && moduleDirOf(p) === dir).sort()[0];
  if (refused.length && first) add(first, refusedReadsToDiagnostic(refused, dir));
  return byFile;
}

/** The result of linting nothing: what a document leaves behind once it is closed or gone. */
export function emptyResult(dir: string): ModuleLintResult {
  return {
    dir,
    files: new Map(),
    findings: [],
    unverified: [],
    suppressed: [],
    parseErrors: [],
    unreadable: [],
    dependencies: [],
    calledModuleDirs: [],
    candidates: [],
    emptyRules: [],
  };
}
