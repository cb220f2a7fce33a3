/**
 * The analysis core's public API for adapters (CLI, language server, client): lint a module, list
 * the rules, build suppression comments.
 */
import { ALL_RULES, docsUrl } from '../rules/index';

export type * from './types';
export { SEVERITY_RANK } from './types';
export type { FileSource } from '../evaluate/index';
export type { ReadLimits, ReadResult } from '../evaluate/reads';
export { DEFAULT_MAX_FILE_BYTES, isInside } from '../evaluate/reads';
export { projectRootOf, realInside } from '../lint/disk-read';
export { echo, escapeControls, MAX_ECHO } from '../model/safe-text';
export type {
  EmptyRuleBlock,
  Loc,
  RuleCandidate,
  FieldValue,
  TraceStep,
  VariableInputs,
} from '../model/types';
export type { ParsedFile, Range } from '../parse/ast';
export { CANDIDATE_FIELDS, fieldName } from '../model/field-names';
export type { CandidateField } from '../model/field-names';
export { LineIndex, stripBom } from '../parse/positions';
export { parseFile } from '../parse/index';
export { parseForLint } from '../evaluate/index';
export type { Position } from '../parse/positions';

export interface RuleMeta {
  id: string;
  title: string;
  defaultSeverity: 'error' | 'warning' | 'info';
  /** Link to docs/rules/<id>.md (shown as the diagnostic's code link and in SARIF). */
  docsUrl: string;
  description: string;
  /** What to do about a finding, in one sentence. */
  recommendedAction: string;
  /** Message templates by id (`{{name}}` filled from a finding's `data`). */
  messages: Readonly<Record<string, string>>;
}

/** Every rule, in a stable order. */
export const RULES: readonly RuleMeta[] = ALL_RULES.map((r) => ({
  id: r.id,
  title: r.title,
  defaultSeverity: r.defaultSeverity,
  docsUrl: docsUrl(r.id),
  description: r.description,
  recommendedAction: r.recommendedAction,
  messages: r.messages,
}));

/**
 * `lintModule(dir, source, options)` lints one Terraform module directory (all its .tf / .tf.json
 * files, with tfvars), reading through `source` (open buffers win over disk in the language server).
 * `findModuleDirs(root)` lists directories holding .tf/.tf.json files; `diskSource()` reads the disk;
 * `suppressionComment(ruleIds, {reason, expires})` writes `# sg-guard:ignore ...`.
 */
export {
  lintModule,
  findModuleDirs,
  diskSource,
  suppressionComment,
  isDownloadedModuleFile,
  isTerraformFile,
  lintDocument,
  oneFindingPerProblem,
} from '../lint/index';
/**
 * Other input languages: `detectDocument(path, text)` tells a Terraform plan or state and a ROS
 * template by content; `lintDocument(path, source, options)` lints one like a module.
 */
export { detectDocument, isRosTemplateName, mayBeDocument } from '../frontends/index';
export { rosTemplateFinder } from '../lint/lint-document';
/** Keeping memory bounded: a result without its trees (`releaseTrees`), a size-bounded LRU cache. */
export { releaseTrees } from '../lint/release';
export { BoundedCache } from '../lint/bounded-cache';
export type { DocumentKind } from '../frontends/index';

/** Fixes as data (`{title, edits}` in offsets), converted by the LSP, `lint --fix` and SARIF. */
export {
  candidateOf,
  fixesFor,
  narrowFixes,
  restrictSourceFix,
  suppressFix,
  trustedCidrFixes,
  whyNotReplaceable,
  REASON_PLACEHOLDER,
  SUPPRESSION_DAYS,
} from '../lint/fixes';
export type { Fix, FixContext, FixEdit, FixKind } from '../lint/fixes';

/** "What is at this offset" (the hover renders it). */
export { explainAt } from '../lint/explain';
export type { Explanation, InstanceVerdict } from '../lint/explain';

/** Ranges to offer when a world source is restricted to a trusted range (configured, then used). */
export { familyOf, trustedRangeSuggestions } from '../lint/trusted-ranges';
export type { TrustedRangeSuggestion } from '../lint/trusted-ranges';
