/**
 * "Scaffold guardrail": the Terraform module from templates/ plus the built function zip and a
 * terraform.tfvars, written into a folder of the user's choice. Existing files are reported
 * first so the caller can ask before overwriting anything.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderTfvars, type GuardrailSettings } from './settings';

export interface ScaffoldFile {
  name: string;
  content: Buffer;
}

/** Every file of templates/ (the module, its README, the example tfvars), code.zip and terraform.tfvars. */
export async function scaffoldFiles(
  templatesDir: string,
  codeZipPath: string,
  settings: GuardrailSettings,
): Promise<ScaffoldFile[]> {
  const out: ScaffoldFile[] = [];
  for (const name of (await readdir(templatesDir)).sort()) {
    if (/\.(tf|md|example)$/.test(name))
      out.push({ name, content: await readFile(join(templatesDir, name)) });
  }
  // main.tf reads the function from "${path.module}/code.zip".
  out.push({ name: 'code.zip', content: await readFile(codeZipPath) });
  out.push({ name: 'terraform.tfvars', content: Buffer.from(renderTfvars(settings)) });
  return out;
}

export function existingFiles(folder: string, files: readonly ScaffoldFile[]): string[] {
  return files.filter((f) => existsSync(join(folder, f.name))).map((f) => f.name);
}

/** Writes the files; those in `skip` (existing ones the user chose to keep) are left alone. */
export async function writeScaffold(
  folder: string,
  files: readonly ScaffoldFile[],
  skip: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const written: string[] = [];
  for (const f of files) {
    if (skip.has(f.name)) continue;
    await writeFile(join(folder, f.name), f.content);
    written.push(f.name);
  }
  return written;
}
