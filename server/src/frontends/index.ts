/**
 * Input languages besides Terraform source, each a front end that builds the same model the rules
 * judge: Terraform plans and state (`terraform show -json`, `terraform.tfstate`) and ROS templates.
 * A document is recognised by its content, so `plan.json` or `stack.yaml` need no special name.
 */
import type { FileSource, ModuleAnalysis } from '../evaluate/index';
import type { ReadPolicy } from '../evaluate/context';
import { analysePlan } from './plan/index';
import { analyseRosTemplate } from './ros/index';

export type DocumentKind = 'terraform-plan' | 'ros-template';

/** File names that are ROS templates whatever they hold (a template being typed). */
export function isRosTemplateName(path: string): boolean {
  return /\.ros\.(ya?ml|json)$/i.test(path);
}

/** File names a document may have: YAML and JSON. */
export function mayBeDocument(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path) && !/\.tf(vars)?\.json$/i.test(path);
}

/**
 * What a YAML or JSON file is, from its content: a plan or state has `format_version` with
 * `planned_values`, `resource_changes`, `prior_state` or `values` (or is a version 4 state file),
 * a ROS template has `ROSTemplateFormatVersion`, all at the top level. Undefined for anything else
 * (a data file `file()` reads, a package.json).
 */
export function detectDocument(path: string, text: string): DocumentKind | undefined {
  if (isRosTemplateName(path)) return 'ros-template';
  const start = /^\uFEFF?\s*/.exec(text)![0].length;
  if (text[start] === '{') {
    const keys = topLevelKeys(text, start);
    if (keys.has('ROSTemplateFormatVersion')) return 'ros-template';
    const plan = ['planned_values', 'resource_changes', 'prior_state', 'values'].some((k) => keys.has(k));
    if (keys.has('format_version') && plan) return 'terraform-plan';
    if (keys.has('terraform_version') && keys.has('resources') && keys.has('version'))
      return 'terraform-plan';
    return undefined;
  }
  return /^["']?ROSTemplateFormatVersion["']?[ \t]*:/m.test(text) ? 'ros-template' : undefined;
}

/** Analyses a document of a known kind (never throws: bad input gives syntax errors). */
export function analyseDocument(
  kind: DocumentKind,
  path: string,
  text: string,
  source: FileSource,
  policy?: ReadPolicy,
): ModuleAnalysis {
  return kind === 'terraform-plan' ? analysePlan(path, text, source, policy) : analyseRosTemplate(path, text);
}

/**
 * The keys of a JSON text's top-level object, in one linear pass that builds nothing else (a plan
 * may be hundreds of megabytes; recognising it must not cost a parse).
 */
function topLevelKeys(text: string, start: number): Set<string> {
  const keys = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (depth === 1 && expectKey) keys.add(text.slice(i + 1, j));
      expectKey = false;
      i = j;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      expectKey = depth === 1;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth <= 0) break;
    } else if (c === 44 /* , */) expectKey = depth === 1;
  }
  return keys;
}
