/**
 * Parse stage entry: text in, syntax tree with exact ranges out, never throws.
 * `.tf` / `.tfvars` → native HCL; `.tf.json` / `.tfvars.json` → Terraform JSON syntax, lowered
 * into the same tree. A leading BOM is removed before parsing (see ParsedFile.text).
 *
 * (Implemented by the parser work; this file fixes the entry point's shape.)
 */
import type { ParsedFile } from './ast';

export type { ParsedFile } from './ast';
export * from './ast';
export { LineIndex, stripBom } from './positions';
export type { Position } from './positions';

export declare function parseFile(path: string, text: string): ParsedFile;
