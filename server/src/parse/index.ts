/**
 * Parse stage entry: text in, syntax tree with exact ranges out, never throws.
 * `.tf` / `.tfvars` → native HCL; `.tf.json` / `.tfvars.json` → Terraform JSON syntax, lowered
 * into the same tree. A leading BOM is removed before parsing (see ParsedFile.text).
 */
import type { ParsedFile, SyntaxError } from './ast';
import { parseTerraformJson } from './json-lower';
import { parseHcl, type HclOptions } from './parser';
import { stripBom } from './positions';

export type { ParsedFile } from './ast';
export * from './ast';
export { LineIndex, stripBom } from './positions';
export type { Position } from './positions';
export type { HclOptions } from './parser';

/** Syntax errors listed per file; past it, one more entry says how many were left out. */
export const MAX_SYNTAX_ERRORS = 100;

/** The first MAX_SYNTAX_ERRORS errors, then `N more syntax errors` at the next one. */
function capErrors(errors: SyntaxError[]): SyntaxError[] {
  if (errors.length <= MAX_SYNTAX_ERRORS) return errors;
  const more = errors.length - MAX_SYNTAX_ERRORS;
  const kept = errors.slice(0, MAX_SYNTAX_ERRORS);
  kept.push({
    message: `${more} more syntax error${more === 1 ? '' : 's'} in this file (only the first ${MAX_SYNTAX_ERRORS} are listed)`,
    range: errors[MAX_SYNTAX_ERRORS]!.range,
  });
  return kept;
}

/** `options` apply to native HCL only (JSON files are rare and always kept whole). */
export function parseFile(path: string, text: string, options?: HclOptions): ParsedFile {
  const src = stripBom(text);
  const lower = path.toLowerCase();
  try {
    if (lower.endsWith('.json')) {
      const r = parseTerraformJson(src, lower.endsWith('.tfvars.json'));
      return { path, syntax: 'json', text: src, body: r.body, comments: [], errors: capErrors(r.errors) };
    }
    const r = parseHcl(src, options);
    return {
      path,
      syntax: 'hcl',
      text: src,
      body: r.body,
      comments: r.comments,
      errors: capErrors(r.errors),
    };
  } catch (err) {
    // A parser bug must not take the linter down: report it as a syntax error on the whole file.
    return {
      path,
      syntax: lower.endsWith('.json') ? 'json' : 'hcl',
      text: src,
      body: { kind: 'Body', attributes: [], blocks: [], range: { start: 0, end: src.length } },
      comments: [],
      errors: [{ message: `internal parser error: ${String(err)}`, range: { start: 0, end: 0 } }],
    };
  }
}
