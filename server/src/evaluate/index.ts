/**
 * Evaluate stage entry: a module directory in, the typed model (RuleCandidate[]) out.
 * Values are worked out lazily: only what security group rules and module calls need.
 */
import type { ParsedFile } from '../parse/ast';
import type { EmptyRuleBlock, Loc, RuleCandidate, VariableInputs } from '../model/types';
import { loadModule, newContext, type ReadPolicy } from './context';
import type { ReadLimits, ReadResult } from './reads';
export { parseForLint } from './context';
import { rootInputs } from './inputs';
import { ModuleInstance } from './module';
import { collectCandidates, type WalkOutput } from './walk';

/** Where files come from: disk for the CLI, open buffers over disk for the language server. */
export interface FileSource {
  /** Names (not paths) of the entries of a directory that are files, or undefined if it is not a directory. */
  listDir(dir: string): string[] | undefined;
  /**
   * Names of the folders in a directory (for `fileset`), leaving out links that lead outside
   * `project`; undefined when it cannot be listed. Sources without it cannot descend into folders.
   */
  listFolders?(dir: string, project?: string): string[] | undefined;
  /** The text of a file, or undefined when it cannot be read (sources that cannot say why). */
  readText(path: string): string | undefined;
  /**
   * Reads a file under the analysis's read policy (evaluate/reads.ts), saying why when it gives no
   * text. Sources over a disk implement it: only they can see links, FIFOs and permissions.
   */
  read?(path: string, limits: ReadLimits): ReadResult;
  /** Parses (and may cache) a file; defaults to parseFile. */
  parse?(path: string, text: string): ParsedFile;
  /**
   * Whether this source declines to read `path` although it may exist (the editor's Restricted Mode),
   * and names it itself: such a module is "not read", never "not found".
   */
  declines?(path: string): boolean;
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
  /** Rule blocks that create no instance (`count = 0`, an empty `for_each`). */
  emptyRules: EmptyRuleBlock[];
  problems: EvaluationProblem[];
  /** Absolute directories of local modules this module calls, directly or not. */
  calledModuleDirs: string[];
  /** Every file path read to produce this analysis (root, tfvars, var files, called modules). */
  dependencies: string[];
  /** Files that exist but could not be read, with why (they fail the run: nothing passes unread). */
  unreadable: { file: string; reason: string }[];
}

/** Analyses one root module directory. Never throws: bad input gives unknowns and problems. */
export function analyseModule(
  dir: string,
  source: FileSource,
  inputs?: VariableInputs,
  policy?: ReadPolicy,
): ModuleAnalysis {
  const ctx = newContext(source, dir, policy);
  const files = new Map<string, ParsedFile>();
  const walked: WalkOutput = { candidates: [], empty: [] };
  const candidates = walked.candidates;
  const mod = loadModule(ctx, dir);
  if (mod) {
    const tfvars: string[] = [];
    const root = new ModuleInstance(ctx, mod, rootInputs(ctx, mod, inputs, tfvars), '', []);
    for (const f of mod.files) files.set(f.path, f);
    try {
      collectCandidates(root, walked);
    } catch (e) {
      // Defensive: evaluation is written not to throw; if it does, keep what was found so far.
      ctx.problems.push({
        loc: { file: mod.files[0]?.path ?? dir, range: { start: 0, end: 0 } },
        severity: 'warning',
        message: `internal evaluation error: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
    for (const p of tfvars) {
      const f = ctx.parsed.get(p);
      if (f) files.set(p, f);
    }
  }
  return {
    dir,
    files,
    candidates,
    emptyRules: walked.empty,
    problems: ctx.problems,
    calledModuleDirs: [...ctx.calledModuleDirs],
    dependencies: [...ctx.dependencies],
    unreadable: [...ctx.unreadable].map(([file, reason]) => ({ file, reason })),
  };
}
