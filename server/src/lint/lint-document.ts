/**
 * Lints one document of another input language (a Terraform plan or state, a ROS template): its
 * front end builds the model, and the same rules, locations and suppressions as for Terraform
 * source apply (`lintAnalysis`). Documents are read under the same policy as Terraform files
 * (evaluate/reads.ts): regular files inside the project, up to a size.
 */
import type { Dirent } from 'node:fs';
import { join } from 'node:path';
import type { FileSource } from '../evaluate/index';
import type { LintOptions, ModuleLintResult } from '../api/types';
import { readThrough, unreadableReason, type ReadLimits } from '../evaluate/reads';
import {
  analyseDocument,
  detectDocument,
  isRosTemplateName,
  mayBeDocument,
  type DocumentKind,
} from '../frontends/index';
import { documentAnalysis } from '../frontends/document';
import { lintAnalysis } from './lint-module';

/**
 * Plans of large estates run to tens of megabytes; larger documents are named unreadable (their
 * tree would not fit the memory a lint may take).
 */
export const MAX_DOCUMENT_BYTES = 256 << 20;

/**
 * YAML and JSON files larger than this are data, not templates (ROS takes template bodies of
 * 512 KiB at most: unverified), and are not read to find out.
 */
const MAX_SNIFF_BYTES = 8 << 20;

/** The document's text, or why it cannot be read (undefined: it does not exist). */
function readDocument(
  path: string,
  source: FileSource,
  limits: ReadLimits,
): { text: string } | { reason: string } | undefined {
  const r = readThrough(source, path, limits);
  if (r.ok) return { text: r.text };
  return r.kind === 'missing' ? undefined : { reason: unreadableReason(r) };
}

/** What a file named on the command line is: a document kind, why it cannot be read, or neither. */
export function documentKindOf(
  path: string,
  source: FileSource,
  limits: ReadLimits,
): { kind: DocumentKind } | { reason: string } | undefined {
  const r = readDocument(path, source, limits);
  if (!r || 'reason' in r) return r;
  const kind = detectDocument(path, r.text);
  return kind ? { kind } : undefined;
}

/**
 * Lints a plan, state or ROS template; undefined when it does not exist or is not one. A document
 * that exists but cannot be read is a result naming it unreadable (it fails the run).
 */
export function lintDocument(
  path: string,
  source: FileSource,
  options: LintOptions = {},
  kind?: DocumentKind,
): ModuleLintResult | undefined {
  const r = readDocument(path, source, { root: options.projectRoot, maxBytes: MAX_DOCUMENT_BYTES });
  if (!r) return undefined;
  if ('reason' in r) {
    const unreadable = [{ file: path, reason: r.reason }];
    const analysis = documentAnalysis(path, 'json', '', { errors: [], comments: [] }, [], [path], unreadable);
    return lintAnalysis(analysis, source, options);
  }
  const k = kind ?? detectDocument(path, r.text);
  if (!k) return undefined;
  const policy = { project: options.projectRoot, maxFileBytes: options.maxFileBytes };
  return lintAnalysis(analyseDocument(k, path, r.text, source, policy), source, options);
}

/**
 * A `findModuleDirs` listener that collects the ROS templates of the folders it searches:
 * `*.ros.yaml|yml|json` by name, other YAML and JSON files by their content. Plans and state files
 * are linted when named, never picked up from a folder: they are build outputs, and judged beside
 * the source they would report the same rules twice.
 */
export function rosTemplateFinder(
  source: FileSource,
  out: string[],
  project?: string,
): (dir: string, entry: Dirent) => void {
  return (dir, entry) => {
    // Told of every file of a repository (each .tf too): the path is built only for a candidate.
    if (isRosTemplateName(entry.name)) out.push(join(dir, entry.name));
    else if (mayBeDocument(entry.name)) {
      const path = join(dir, entry.name);
      const r = readDocument(path, source, { root: project, maxBytes: MAX_SNIFF_BYTES });
      if (r && 'text' in r && detectDocument(path, r.text) === 'ros-template') out.push(path);
    }
  };
}
