/**
 * The one typed declaration of what the client and the server say to each other beyond standard
 * LSP: custom request names with their parameter and result types, the diagnostic source and codes.
 * Imported by both sides (client/ may import this file and nothing else of server/src/lsp).
 */
import {
  NotificationType,
  NotificationType0,
  RequestType,
  RequestType0,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { RULE_IDS } from '../risk/index';
import type { TrustedRangeSuggestion } from '../lint/trusted-ranges';

export type { TrustedRangeSuggestion };

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'sg-guard';

/** `code` of a syntax-error diagnostic (a rule's diagnostic has the rule id as its code). */
export const SYNTAX_CODE = 'syntax';

/**
 * Codes of findings: a finding is a diagnostic of one of the rules at error or warning level, shown
 * once, at the rule. Everything else the server publishes is another problem (a syntax error, a
 * file that cannot be read, a module that cannot be evaluated) or, at information level, a note
 * ("cannot verify", "this value is set here"). The status bar, its tooltip and Lint Workspace
 * count findings this way, so they agree with what the Problems panel lists.
 */
export const FINDING_CODES: readonly string[] = Object.values(RULE_IDS);

/** `code` of the warning naming files Restricted Mode left unread. */
export const RESTRICTED_CODE = 'restricted-mode';

/** What the VS Code client passes in `initializationOptions`. */
export interface InitializationOptions {
  /** Restricted Mode when false: nothing outside the workspace folders is read from disk. */
  trusted?: boolean;
  /** Settings for clients that cannot answer workspace/configuration. */
  settings?: unknown;
  /**
   * What the client would answer to the server's first workspace/configuration request, sent ahead:
   * the files open at start are linted at once instead of after that round trip (it waits on a busy
   * extension host). Taken only when it names every workspace folder, validated as that answer is;
   * the server still asks, and re-lints only if the answer differs.
   */
  configuration?: SettingsSentAhead;
  /**
   * Terraform files shown in an editor whose buffer is what is on disk (URIs): with settings sent
   * ahead, the server lints them from disk at once, before their didOpen arrives. Only files inside
   * a workspace folder are read that way.
   */
  shownOnDisk?: string[];
  /** The client shows ScanStatusNotification itself: no LSP work-done progress for the scan. */
  scanStatus?: boolean;
}

/** The `sgGuard` section for the window and for each workspace folder (resource scope), by folder URI. */
export interface SettingsSentAhead {
  window: unknown;
  folders: Record<string, unknown>;
}

export interface LintWorkspaceResult {
  /** Module folders scanned. */
  modules: number;
  /** Findings (FINDING_CODES at error or warning level) published over the workspace. */
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

export interface ScanStatus {
  /** A workspace scan is running (the first one starts as the server starts). */
  scanning: boolean;
  /** Modules linted so far and in all, while scanning. */
  done: number;
  total: number;
}

/** The server's workspace scan started, progressed or ended (the client shows a spinner meanwhile). */
export const ScanStatusNotification = {
  method: 'sgGuard/scanStatus',
  type: new NotificationType<ScanStatus>('sgGuard/scanStatus'),
} as const;

/** The client command a "Restrict to a trusted range…" code action runs, with a RestrictTarget. */
export const RESTRICT_COMMAND = 'sgGuard.restrictToTrustedRange';

/** A finding whose world source can be replaced where it is written, as the code action names it. */
export interface RestrictTarget {
  /** The module, rule and resource of the finding. */
  dir: string;
  ruleId: string;
  resource: string;
  /** Where its world source is written: file and offsets of the literal. */
  literal: { file: string; start: number; end: number };
  /** The world source (`0.0.0.0/0`, `::/0`) and its family. */
  source: string;
  family: 'ipv4' | 'ipv6';
  /** The finding's message ("opens SSH (22/tcp) to the whole Internet (0.0.0.0/0)"). */
  message: string;
}

export interface SuggestResult {
  suggestions: TrustedRangeSuggestion[];
  /** Where a range is remembered: the nearest `.sg-guard.yaml`, or where one would be created. */
  configFile: string;
}

/** Ranges to offer for a target (asked when the command runs, not with every code action). */
export const SuggestTrustedRangesRequest = {
  method: 'sgGuard/suggestTrustedRanges',
  type: new RequestType<RestrictTarget, SuggestResult | null, void>('sgGuard/suggestTrustedRanges'),
} as const;

export interface RestrictParams {
  target: RestrictTarget;
  /** What the user entered: the server checks it again (CIDR, family, not the world, not too wide). */
  cidr: string;
}

export interface RestrictResult {
  /** The edit where the value is written; absent with `problem`. */
  edit?: WorkspaceEdit;
  /** The range as written (normalised). */
  cidr?: string;
  problem?: string;
}

export const RestrictRequest = {
  method: 'sgGuard/restrict',
  type: new RequestType<RestrictParams, RestrictResult, void>('sgGuard/restrict'),
} as const;

export interface RememberParams {
  /** The module whose project config remembers the range. */
  dir: string;
  cidr: string;
}

export interface RememberResult {
  /** Creates or edits the config file; absent when it already lists the range, or with `problem`. */
  edit?: WorkspaceEdit;
  file: string;
  already?: boolean;
  problem?: string;
}

export const RememberTrustedRangeRequest = {
  method: 'sgGuard/rememberTrustedRange',
  type: new RequestType<RememberParams, RememberResult, void>('sgGuard/rememberTrustedRange'),
} as const;
