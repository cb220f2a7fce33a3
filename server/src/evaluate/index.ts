/**
 * Evaluate stage entry: a module directory in, the typed model (RuleCandidate[]) out.
 * (Implemented by the evaluator work; this file fixes the entry point's shape.)
 */
import type { ParsedFile } from '../parse/ast';
import type { Loc, RuleCandidate, VariableInputs } from '../model/types';

/** Where files come from: disk for the CLI, open buffers over disk for the language server. */
export interface FileSource {
  /** Names (not paths) of the entries of a directory that are files, or undefined if it is not a directory. */
  listDir(dir: string): string[] | undefined;
  /** The text of a file, or undefined when it cannot be read. */
  readText(path: string): string | undefined;
  /** Parses (and may cache) a file; defaults to parseFile. */
  parse?(path: string, text: string): ParsedFile;
}

export interface EvaluationProblem {
  loc: Loc;
  severity: 'warning' | 'info';
  /** e.g. `local.a refers to itself through local.b`, `module source ./x not found`. */
  message: string;
}

export interface ModuleAnalysis {
  dir: string;
  /** Every file of the root module that was parsed (including tfvars), by absolute path. */
  files: Map<string, ParsedFile>;
  candidates: RuleCandidate[];
  problems: EvaluationProblem[];
  /** Absolute directories of local modules this module calls, directly or not. */
  calledModuleDirs: string[];
  /** Every file path read to produce this analysis (root, tfvars, var files, called modules). */
  dependencies: string[];
}

export declare function analyseModule(
  dir: string,
  source: FileSource,
  inputs?: VariableInputs,
): ModuleAnalysis;
