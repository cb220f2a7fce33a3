/** Reading the guardrail templates as Terraform JSON (the same parser the VS Code tooling uses). */
import { parse } from '@cdktf/hcl2json';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const TEMPLATES = join(__dirname, '..', '..', 'templates');

export type Json = Record<string, unknown>;

export const templateFiles = (): string[] =>
  readdirSync(TEMPLATES).filter((f) => f.endsWith('.tf') || f.endsWith('.tfvars.example'));

export const readTemplate = (file: string): string => readFileSync(join(TEMPLATES, file), 'utf8');

export async function parseTemplate(file: string): Promise<Json> {
  // hcl2json picks the syntax from the name; tfvars are plain HCL attributes.
  return (await parse(file.replace(/\.example$/, ''), readTemplate(file))) as Json;
}

/** hcl2json wraps every block body in a one-element list. */
export function block(parsed: Json, ...path: string[]): Json {
  let node: unknown = parsed;
  for (const key of path) {
    node = (node as Json)[key];
    if (Array.isArray(node)) node = node[0];
    if (node === undefined) throw new Error(`no ${path.join('.')} in the template`);
  }
  return node as Json;
}

/** The policy document main.tf gives the function's role, for one configuration, as RAM takes it. */
export async function renderedPolicy(mode: string, reevaluate: boolean): Promise<{ Version: string; Statement: Json[] }> {
  const locals = block(await parseTemplate('main.tf'), 'locals');
  const byMode = locals.ecs_actions_by_mode as Record<string, string[]>;
  const actions = [...byMode[mode]!];
  // main.tf: reevaluates = var.reevaluate_after_remediation && var.mode != "dry-run"
  if (reevaluate && mode !== 'dry-run') actions.push(...(locals.config_actions as string[]));
  return { Version: '1', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] };
}
