/**
 * Diagnostics on `.sg-guard.yaml` files: a file that cannot be used is an error (the folder is linted
 * without it), and each setting that checks less — a rule off or lowered, risky ports narrowed,
 * unverified values hidden, paths excluded — is an information on its line, as every CLI report names
 * it: a repository's config file is written by whoever writes the repository.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { configWeakenings, settingRange, type LoadedConfig } from '../config/index';
import { DIAGNOSTIC_SOURCE } from './protocol';

export function configErrorDiagnostic(message: string): Diagnostic {
  const m = /^.*?\.sg-guard\.yaml(?::(\d+))?: (.*)$/.exec(message);
  const line = m?.[1] ? Number(m[1]) - 1 : 0;
  return {
    range: { start: { line, character: 0 }, end: { line, character: 1000 } },
    severity: DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE,
    code: 'config',
    message: `${m?.[2] ?? message} (this file is ignored until it is fixed)`,
  };
}

/** One information per setting that checks less, on the key (or list item) that sets it. */
export function weakeningDiagnostics(loaded: LoadedConfig): Diagnostic[] {
  let text = '';
  try {
    text = readFileSync(loaded.file, 'utf8').replace(/^\ufeff/, '');
  } catch {
    // Read a moment ago; if it is gone now, the notes go on the first line.
  }
  return configWeakenings(loaded, dirname(loaded.file)).map((w) => {
    const at = (w.keys && settingRange(text, w.keys)) ?? { line: 0, start: 0, end: 0 };
    return {
      range: { start: { line: at.line, character: at.start }, end: { line: at.line, character: at.end } },
      severity: DiagnosticSeverity.Information,
      source: DIAGNOSTIC_SOURCE,
      code: 'sg-guard-checks-less',
      message: `Checks less: ${w.effect} in every module this file applies to, here and in CI (every sg-guard lint report names it; --strict-config refuses it)`,
    };
  });
}
