import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { parseForLint, type FileSource } from '../evaluate/index';
import type { ParsedFile } from '../parse/ast';

/** Directories never searched for modules: tool caches and VCS metadata. */
const SKIP_DIRS = new Set(['.terraform', '.git', 'node_modules', '.e2e', '.terragrunt-cache']);

/** A file of a module `terraform init` downloaded (under `.terraform/`): nobody edits it. */
export function isDownloadedModuleFile(path: string): boolean {
  return /[\\/]\.terraform[\\/]/.test(path);
}

export function isTerraformFile(name: string): boolean {
  return name.endsWith('.tf') || name.endsWith('.tf.json');
}

/**
 * Directory entries, read once per directory: finding a repository's modules and listing each
 * module's files read the same directories otherwise. For one run: it never notices a change.
 */
export class DirCache {
  private readonly entries = new Map<string, Dirent[] | undefined>();

  read(dir: string): Dirent[] | undefined {
    if (!this.entries.has(dir)) this.entries.set(dir, readEntries(dir));
    return this.entries.get(dir);
  }
}

/** A directory's entries, or undefined when it cannot be read (not a directory, gone, no access). */
function readEntries(dir: string): Dirent[] | undefined {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
}

/**
 * A FileSource over the file system (the CLI's; the language server layers open buffers over it).
 * Without a DirCache every listing reads the directory afresh (what a long-lived caller needs).
 */
export function diskSource(dirs?: DirCache): FileSource {
  return {
    listDir(dir) {
      const entries = dirs ? dirs.read(dir) : readEntries(dir);
      return entries
        ?.filter((d) => d.isFile() || (d.isSymbolicLink() && safeIsFile(join(dir, d.name))))
        .map((d) => d.name);
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

/**
 * Lists, reads and parses each directory and file once: a lint of a repository reaches a module
 * called by others (and linted as a root of its own) once per caller otherwise; on a corpus of 1,500
 * modules that was a fifth of all reads and parses. For one run: it never notices a file changing.
 */
export function memoizedSource(inner: FileSource): FileSource {
  const dirs = new Map<string, string[] | undefined>();
  const texts = new Map<string, string | undefined>();
  const parsed = new Map<string, { text: string; file: ParsedFile }>();
  return {
    listDir(dir) {
      if (!dirs.has(dir)) dirs.set(dir, inner.listDir(dir));
      return dirs.get(dir);
    },
    readText(path) {
      if (!texts.has(path)) texts.set(path, inner.readText(path));
      return texts.get(path);
    },
    parse(path, text) {
      const hit = parsed.get(path);
      if (hit !== undefined && hit.text === text) return hit.file;
      const file = inner.parse ? inner.parse(path, text) : parseForLint(path, text);
      parsed.set(path, { text, file });
      return file;
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
export function findModuleDirs(root: string, dirs: DirCache = new DirCache()): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    const entries = dirs.read(dir);
    if (!entries) return;
    if (entries.some((e) => e.isFile() && isTerraformFile(e.name))) out.push(dir);
    if (depth > 50) return;
    for (const e of entries) {
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) walk(join(dir, e.name), depth + 1);
    }
  };
  walk(root, 0);
  return out.sort();
}
