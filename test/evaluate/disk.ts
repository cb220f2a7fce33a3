/** A FileSource over the real disk (tests and the corpus smoke run). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileSource } from '../../server/src/evaluate/index';

export const diskSource: FileSource = {
  listDir(dir) {
    try {
      return readdirSync(dir).filter((n) => statSync(join(dir, n)).isFile());
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

/** Every directory under `root` that holds at least one `.tf` or `.tf.json` file. */
export function moduleDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    if (names.some((n) => n.endsWith('.tf') || n.endsWith('.tf.json'))) out.push(dir);
    for (const n of names) {
      const p = join(dir, n);
      if (!n.startsWith('.') && statSync(p).isDirectory()) walk(p);
    }
  };
  walk(root);
  return out.sort();
}
