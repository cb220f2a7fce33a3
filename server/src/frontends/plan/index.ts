/**
 * Terraform plan and state front end: `terraform show -json` output (plan or state) or a state file
 * in, the same model the source analysis builds out. Every rule is judged with its final values,
 * which plans know where source analysis cannot (remote modules, computed values, data sources).
 */
import { dirname } from 'node:path';
import type { FileSource, ModuleAnalysis } from '../../evaluate/index';
import type { ReadPolicy } from '../../evaluate/context';
import type { SyntaxError } from '../../parse/ast';
import { parseJson } from '../../parse/json';
import { stripBom } from '../../parse/positions';
import { documentAnalysis } from '../document';
import { planCandidate } from './extract';
import { readPlanDocument } from './plan-document';
import { SourceMap } from './source-map';

export { RULE_TYPE } from './plan-document';

/**
 * Analyses a plan or state JSON document. Rules are located in the `.tf` source of the plan's folder
 * (the root module, as `terraform show -json` is run there) when it is present.
 */
export function analysePlan(
  path: string,
  rawText: string,
  source: FileSource,
  policy?: ReadPolicy,
): ModuleAnalysis {
  const text = stripBom(rawText);
  const errors: SyntaxError[] = [];
  const root = parseJson(text, errors);
  const doc = readPlanDocument(root);
  if (doc.problem) errors.push({ message: doc.problem.message, range: doc.problem.at.range });
  const sources = new SourceMap(dirname(path), source, doc.configuration, policy);
  const ctx = { file: path, kind: doc.kind, sources };
  const candidates = doc.instances.map((inst) => planCandidate(ctx, inst));
  const deps = [path, ...sources.dependencies()];
  return documentAnalysis(
    path,
    'json',
    text,
    { errors, comments: [] },
    candidates,
    deps,
    sources.unreadable(),
  );
}
