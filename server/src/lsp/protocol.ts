/**
 * The one typed declaration of what the client and the server say to each other beyond standard
 * LSP: custom request names with their parameter and result types, the diagnostic source and codes.
 * Imported by both sides (client/ may import this file and nothing else of server/src/lsp).
 */
import { RequestType0 } from 'vscode-languageserver-protocol';

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'sg-guard';

/** `code` of a syntax-error diagnostic (a rule's diagnostic has the rule id as its code). */
export const SYNTAX_CODE = 'syntax';

export interface LintWorkspaceResult {
  /** Module folders scanned. */
  modules: number;
  /** Findings (errors, warnings, infos other than "cannot verify") over every module. */
  findings: number;
}

/** Re-scans every workspace folder and answers when the scan is done. */
export const LintWorkspaceRequest = {
  method: 'sgGuard/lintWorkspace',
  type: new RequestType0<LintWorkspaceResult, void>('sgGuard/lintWorkspace'),
} as const;
