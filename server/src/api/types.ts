/**
 * The lint API: what the CLI, the language server and the client see of the analysis core.
 * Pure data; positions are offset ranges into each file's BOM-less text (convert with LineIndex).
 */
import type { ParsedFile } from '../parse/ast';
import type { EmptyRuleBlock, Loc, RuleCandidate, VariableInputs } from '../model/types';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** Severities in order, for comparing them (`off` below every reported one). */
export const SEVERITY_RANK: Readonly<Record<SeveritySetting, number>> = {
  off: 0,
  info: 1,
  warning: 2,
  error: 3,
};

export interface LintOptions {
  /** Risky ports (default 22, 3389). */
  ports?: readonly number[];
  /** CIDRs offered by quick fixes instead of the world (e.g. the office range). */
  trustedCidrs?: readonly string[];
  /** Per-rule severity override or `off`. */
  severities?: Record<string, SeveritySetting>;
  /** Report "cannot verify" infos for unknown values (default true). */
  unverified?: boolean;
  /** Variable inputs: TF_VAR_ env, --var-file, --var. */
  inputs?: VariableInputs;
  /** Today, for suppression expiry (YYYY-MM-DD); defaults to the current date. */
  today?: string;
  /**
   * The project every read stays inside (docs/reading.md): the git work tree or the folder holding
   * `.sg-guard.yaml`, else the folder being linted; the workspace folder in the editor.
   */
  projectRoot?: string;
  /** Data files (`file()` and friends) larger than this are not read (default 1 MiB). */
  maxFileBytes?: number;
}

/** A file (or folder) that exists but could not be read: it fails the run (nothing passes unread). */
export interface UnreadableFile {
  /** Absolute path. */
  file: string;
  /** e.g. `permission denied`, `a FIFO (named pipe): never opened`, `a symbolic link loop`. */
  reason: string;
}

export interface RelatedInfo {
  loc: Loc;
  message: string;
}

/** Data a quick fix needs; the adapters turn it into edits. */
export interface FixData {
  /** Where the world CIDR literal is written (inline, variable default, tfvars, local), if one literal. */
  cidrLiteral?: Loc;
  /** Where the port range literal is written, if one literal. */
  portRangeLiteral?: Loc;
  /** The protocol literal, if one literal (to narrow `all`). */
  protocolLiteral?: Loc;
  /** The line offset where a suppression comment for the whole block goes (start of the block's line). */
  blockStart: Loc;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Which of the rule's message templates (rules/*.ts `messages`) and its values; absent for problems the evaluator reports. */
  messageId?: string;
  data?: Record<string, string>;
  /** Other rule ids this finding also stands for where it is shown once (lint/one-per-problem.ts). */
  covers?: string[];
  /** Primary location: the value that makes the rule world-open (or the module argument). */
  loc: Loc;
  related: RelatedInfo[];
  /** Terraform address. */
  resource: string;
  /** The resource (or module call) block. */
  block: Loc;
  /** Risky ports involved (may be empty). */
  ports: number[];
  /** The world source, when there is one. */
  source?: string;
  /**
   * Where the value sits in the plan, state or template it was read from
   * (`$.resource_changes[3].change.after.cidr_ip`): SARIF's logical location.
   */
  docPath?: string;
  fix?: FixData;
  /**
   * Set on a "cannot verify" caused only by the module's own inputs having no value (no default,
   * tfvars or --var): a folder that others call leaves these to its callers, which give them.
   */
  unverifiedCause?: 'inputs';
  /** Set on suppressed findings (listed apart). */
  /** `baseline`: accepted by `--baseline`, not by a comment. */
  suppression?: { loc: Loc; reason?: string; expires?: string; baseline?: boolean };
}

export interface ParseErrorInfo {
  file: string;
  loc: Loc;
  message: string;
}

export interface ModuleLintResult {
  dir: string;
  files: Map<string, ParsedFile>;
  /**
   * What was linted, once a whole-repository lint has released the module's files (lint/release.ts):
   * how many files of its own folder, the files it read elsewhere (modules it calls), and whether it
   * is a document (a plan, state or ROS template, linted on its own).
   */
  linted?: { own: number; elsewhere: string[]; document: boolean };
  /** Findings to show (errors, warnings, infos other than "cannot verify"). */
  findings: Finding[];
  /** "Cannot verify" infos (unknown values), listed apart. */
  unverified: Finding[];
  suppressed: Finding[];
  parseErrors: ParseErrorInfo[];
  /** Files of this module (or read by it) that exist but could not be read. */
  unreadable: UnreadableFile[];
  /** Every file read to produce the result: re-lint when any changes. */
  dependencies: string[];
  /** Local module directories this module calls (directly or not). */
  calledModuleDirs: string[];
  candidates: RuleCandidate[];
  /** Rule blocks that create no instance here (`count = 0`, an empty `for_each`). */
  emptyRules: EmptyRuleBlock[];
}
