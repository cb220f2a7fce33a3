/**
 * What evaluation reads from the root module's folder besides Terraform files, as Terraform does:
 * data files for `file()`, and the workspace `terraform workspace select` chose. Every read is a
 * dependency, so the editor re-lints when it changes.
 */
import { join, relative, resolve } from 'node:path';
import { stripBom } from '../parse/positions';
import { readTracked, type AnalysisContext } from './context';
import { str, type Value } from './value';

/** `file()` reads at most this much (data files are small; a huge one is not worth a keystroke). */
const MAX_FILE_CHARS = 1 << 20;

/**
 * `file(path)`: relative to the root module's directory, as Terraform reads it (from where it
 * runs); `"${path.module}/x"` for a module's own files. Large files are left unread.
 */
export function readDataFile(
  ctx: AnalysisContext,
  path: string,
): { path: string; display: string; text: string } | undefined {
  const abs = resolve(ctx.rootDir, path);
  const raw = readTracked(ctx, abs);
  if (raw === undefined || raw.length > MAX_FILE_CHARS) return undefined;
  // Without a BOM, as every file's text here: offsets of decoded values match the editor's lines.
  const text = stripBom(raw);
  return { path: abs, display: relative(ctx.rootDir, abs) || abs, text };
}

/**
 * `terraform.workspace` as Terraform picks it: `TF_WORKSPACE`, else the workspace `terraform
 * workspace select` wrote to `.terraform/environment`, else "default".
 */
export function workspace(ctx: AnalysisContext): Value {
  if (ctx.workspace)
    return str(ctx.workspace, { trace: [{ kind: 'env', label: 'TF_WORKSPACE (terraform.workspace)' }] });
  const file = join(ctx.rootDir, '.terraform', 'environment');
  const selected = readTracked(ctx, file)?.trim();
  if (selected) {
    const loc = { file, range: { start: 0, end: 0 } };
    return str(selected, { trace: [{ kind: 'file', label: 'terraform.workspace (selected)', loc }] });
  }
  return str('default', {
    trace: [{ kind: 'env', label: 'terraform.workspace (none selected: "default")' }],
  });
}
