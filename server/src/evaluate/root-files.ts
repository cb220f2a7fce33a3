/**
 * What evaluation reads from the root module's folder besides Terraform files, as Terraform does:
 * data files for `file()`, and the workspace `terraform workspace select` chose. Every read is a
 * dependency, so the editor re-lints when it changes.
 */
import { join, relative, resolve } from 'node:path';
import { stripBom } from '../parse/positions';
import { inProject, readTracked, type AnalysisContext } from './context';
import { MAX_COLLECTION, TOO_MANY } from './functions-base';
import { refusalText } from './reads';
import { str, unknown, type Value } from './value';

/** A data file read for `file()` and friends, or why it was not. */
export type DataFile =
  | { ok: true; path: string; display: string; text: string }
  | { ok: false; path: string; missing: boolean; why: string };

/**
 * `file(path)`: relative to the root module's directory, as Terraform reads it (from where it
 * runs); `"${path.module}/x"` for a module's own files. Only regular files inside the project, at
 * most `maxFileBytes` (docs/reading.md); a file that exists but cannot be read is named.
 */
export function readDataFile(ctx: AnalysisContext, path: string): DataFile {
  const abs = resolve(ctx.rootDir, path);
  const r = readTracked(ctx, abs, ctx.maxFileBytes);
  if (!r.ok) {
    if (r.kind === 'unreadable') ctx.unreadable.set(abs, r.reason);
    return { ok: false, path: abs, missing: r.kind === 'missing', why: refusalText(r) };
  }
  // Without a BOM, as every file's text here: offsets of decoded values match the editor's lines.
  const text = stripBom(r.text);
  return { ok: true, path: abs, display: relative(ctx.rootDir, abs) || abs, text };
}

/** `fileset()`'s matches (relative paths, sorted) and how many entries it listed, or why not. */
export type FileSet = { ok: true; files: string[]; visited: number } | { ok: false; why: string };

/** Folders below a fileset's base it may descend into (a `**` pattern), and how many it may list. */
const MAX_FILESET_DEPTH = 16;
const MAX_FILESET_FOLDERS = 1000;

/**
 * `fileset(path, pattern)`: the files under `path` (inside the project only) whose path relative to
 * it matches `pattern` (`*`, `**`, `?`, `{a,b}`, `[abc]`, as Terraform's), each folder listed once
 * and recorded as a dependency (a file created there re-lints).
 */
export function filesetOf(ctx: AnalysisContext, path: string, pattern: string): FileSet {
  const base = resolve(ctx.rootDir, path);
  if (!inProject(ctx, base)) return { ok: false, why: 'reads a file outside the project' };
  // Required only when used: most lints never call fileset.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Minimatch } = require('minimatch') as typeof import('minimatch');
  const mm = new Minimatch(pattern, { dot: true, nonegate: true, nocomment: true });
  const depth = pattern.includes('**') ? MAX_FILESET_DEPTH : pattern.split('/').length - 1;
  const files: string[] = [];
  let folders = 0;
  let visited = 0;
  const walk = (dir: string, rel: string, level: number): string | undefined => {
    if (++folders > MAX_FILESET_FOLDERS) return `(fileset: more than ${MAX_FILESET_FOLDERS} folders)`;
    ctx.dependencies.add(dir);
    const names = ctx.source.listDir(dir) ?? [];
    visited += names.length;
    for (const n of names) {
      const p = rel ? `${rel}/${n}` : n;
      if (mm.match(p)) files.push(p);
    }
    if (files.length > MAX_COLLECTION) return TOO_MANY;
    if (level >= depth) return undefined;
    const subs = ctx.source.listFolders?.(dir, ctx.project);
    if (subs === undefined)
      return level === 0 && depth > 0 ? '(fileset: folders cannot be listed here)' : undefined;
    for (const sub of subs.sort()) {
      const why = walk(join(dir, sub), rel ? `${rel}/${sub}` : sub, level + 1);
      if (why) return why;
    }
    return undefined;
  };
  const why = walk(base, '', 0);
  if (why) return { ok: false, why };
  return { ok: true, files: files.sort(), visited };
}

/**
 * `terraform.workspace` as Terraform picks it: `TF_WORKSPACE`, else the workspace `terraform
 * workspace select` wrote to `.terraform/environment`, else "default".
 */
export function workspace(ctx: AnalysisContext): Value {
  if (ctx.workspace)
    return str(ctx.workspace, { trace: [{ kind: 'env', label: 'TF_WORKSPACE (terraform.workspace)' }] });
  const file = join(ctx.rootDir, '.terraform', 'environment');
  const r = readTracked(ctx, file, ctx.maxFileBytes);
  if (!r.ok && r.kind !== 'missing') return unknown([`${refusalText(r)}: terraform.workspace`]);
  const selected = r.ok ? r.text.trim() : undefined;
  if (selected) {
    const loc = { file, range: { start: 0, end: 0 } };
    return str(selected, { trace: [{ kind: 'file', label: 'terraform.workspace (selected)', loc }] });
  }
  return str('default', {
    trace: [{ kind: 'env', label: 'terraform.workspace (none selected: "default")' }],
  });
}
