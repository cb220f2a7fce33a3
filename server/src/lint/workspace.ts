import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileSource } from '../evaluate/index';

/** Directories never searched for modules: tool caches and VCS metadata. */
const SKIP_DIRS = new Set(['.terraform', '.git', 'node_modules', '.e2e', '.terragrunt-cache']);

export function isTerraformFile(name: string): boolean {
  return name.endsWith('.tf') || name.endsWith('.tf.json');
}

/** A FileSource over the file system (the CLI's; the language server layers open buffers over it). */
export function diskSource(): FileSource {
  return {
    listDir(dir) {
      try {
        return readdirSync(dir, { withFileTypes: true })
          .filter((d) => d.isFile() || (d.isSymbolicLink() && safeIsFile(join(dir, d.name))))
          .map((d) => d.name);
      } catch {
        return undefined;
      }
    },
    readText(path) {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

function safeIsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Every directory under `root` (itself included) that holds a .tf or .tf.json file, sorted. */
export function findModuleDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && isTerraformFile(e.name))) out.push(dir);
    if (depth > 50) return;
    for (const e of entries) {
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) walk(join(dir, e.name), depth + 1);
    }
  };
  walk(root, 0);
  return out.sort();
}
