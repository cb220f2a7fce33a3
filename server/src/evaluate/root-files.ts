/**
 * What evaluation reads from the root module's folder besides Terraform files, as Terraform does:
 * data files for `file()`, and the workspace `terraform workspace select` chose. Every read is a
 * dependency, so the editor re-lints when it changes.
 */
import { join, relative, resolve } from 'node:path';
import { stripBom } from '../parse/positions';
import { readTracked, type AnalysisContext } from './context';
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
