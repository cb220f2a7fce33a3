/**
 * What every document front end returns: one file of its own, linted on its own (a plan, state or
 * template is never called by another), its syntax errors and comments, and the files it read.
 */
import type { ModuleAnalysis } from '../evaluate/index';
import type { Comment, FileSyntax, ParsedFile, SyntaxError } from '../parse/ast';
import type { RuleCandidate } from '../model/types';

export function documentAnalysis(
  path: string,
  syntax: FileSyntax,
  text: string,
  parsed: { errors: SyntaxError[]; comments: Comment[] },
  candidates: RuleCandidate[],
  dependencies: string[],
  unreadable: { file: string; reason: string }[] = [],
): ModuleAnalysis {
  // Not HCL: no body for the evaluator; the text, comments (suppressions) and errors are what count.
  const file: ParsedFile = {
    path,
    syntax,
    text,
    body: { kind: 'Body', attributes: [], blocks: [], range: { start: 0, end: text.length } },
    comments: parsed.comments,
    errors: parsed.errors,
  };
  return {
    dir: path,
    files: new Map([[path, file]]),
    candidates,
    emptyRules: [],
    problems: [],
    calledModuleDirs: [],
    dependencies,
    unreadable,
  };
}
