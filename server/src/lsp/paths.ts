/** File URIs ↔ absolute paths, and which files belong to a Terraform module. */
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Terraform configuration files (the ones that make a folder a module). */
export function isConfigFile(path: string): boolean {
  return path.endsWith('.tf') || path.endsWith('.tf.json');
}

/** Every file the linter reads: configuration plus variable files. */
export function isTerraformFile(path: string): boolean {
  return isConfigFile(path) || path.endsWith('.tfvars') || path.endsWith('.tfvars.json');
}

/** The module a file belongs to: its folder. */
export function moduleDirOf(path: string): string {
  return dirname(path);
}
