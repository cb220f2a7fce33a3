/**
 * The one typed declaration of what the client and the server say to each other beyond standard
 * LSP: custom request names with their parameter and result types, the diagnostic source and codes.
 * Imported by both sides (client/ may import this file and nothing else of server/src/lsp).
 */
import { NotificationType0, RequestType0 } from 'vscode-languageserver-protocol';

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'sg-guard';

/** `code` of a syntax-error diagnostic (a rule's diagnostic has the rule id as its code). */
export const SYNTAX_CODE = 'syntax';

/** `code` of the warning naming files Restricted Mode left unread. */
export const RESTRICTED_CODE = 'restricted-mode';

/** What the VS Code client passes in `initializationOptions`. */
export interface InitializationOptions {
  /** Restricted Mode when false: nothing outside the workspace folders is read from disk. */
  trusted?: boolean;
  /** Settings for clients that cannot answer workspace/configuration. */
  settings?: unknown;
}

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

/** The client's workspace became trusted: the server reads outside the folders again and re-lints. */
export const WorkspaceTrustedNotification = {
  method: 'sgGuard/workspaceTrusted',
  type: new NotificationType0('sgGuard/workspaceTrusted'),
} as const;
