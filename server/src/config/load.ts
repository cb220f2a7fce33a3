/**
 * Finding and reading `.sg-guard.yaml`: the nearest one at or above a folder (not above the git work
 * tree), parsed and checked, with a one-line error naming the file, the line and the key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkConfig, ConfigKeyError, type ProjectConfig } from './keys';

export const CONFIG_FILE = '.sg-guard.yaml';

/** A config file that cannot be used: its message is one line, naming the file (and key). */
export class ConfigError extends Error {}

export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  config: ProjectConfig;
}

/**
 * Whether a folder's listing has an entry: true or false from a listing the caller already read
 * (a lint run's), undefined where it has none (the disk is asked then).
 */
export type ListingLookup = (dir: string, name: string) => boolean | undefined;

/** The nearest `.sg-guard.yaml` at or above `dir`, stopping at the folder that holds `.git`. */
export function findConfigFile(
  dir: string,
  cache?: Map<string, string | undefined>,
  listed?: ListingLookup,
): string | undefined {
  // A lint run has listed most of these folders already: 1,700 folders asked the disk twice each.
  const exists = (d: string, name: string): boolean => listed?.(d, name) ?? existsSync(join(d, name));
  const seen: string[] = [];
  let found: string | undefined;
  for (let d = dir; ; d = dirname(d)) {
    if (cache?.has(d)) {
      found = cache.get(d);
      break;
    }
    seen.push(d);
    if (exists(d, CONFIG_FILE)) {
      found = join(d, CONFIG_FILE);
      break;
    }
    if (exists(d, '.git') || dirname(d) === d) break;
  }
  for (const d of seen) cache?.set(d, found);
  return found;
}

/** Parses and checks a config text; `file` names it in errors. */
export function parseConfig(text: string, file: string): ProjectConfig {
  // Required here, not imported: a lint with no config file must not load the YAML parser.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const where = (offset: number | undefined): string =>
    offset === undefined ? '' : `:${lineCounter.linePos(offset).line}`;
  const problem = doc.errors[0];
  if (problem) {
    const message = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(`${file}${where(problem.pos[0])}: not valid YAML: ${message}`);
  }
  try {
    return checkConfig(doc.toJS({ maxAliasCount: 100 }));
  } catch (e) {
    if (!(e instanceof ConfigKeyError)) throw new ConfigError(`${file}: ${(e as Error).message}`);
    const node = e.path.length
      ? (doc.getIn(e.path, true) as { range?: [number, number, number] } | undefined)
      : undefined;
    const key = e.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
    throw new ConfigError(`${file}${where(node?.range?.[0])}: ${key ? `${key}: ` : ''}${e.message}`);
  }
}

export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
  return { file, config: parseConfig(text.replace(/^\ufeff/, ''), file) };
}

/**
 * Where a setting is written in a config text, 0-based (for the editor's diagnostics): the key of a
 * mapping entry (`['severity', 'sg-risky-ports-check']`) or the item of a list (`['exclude', 1]`).
 */
export function settingRange(
  text: string,
  keys: readonly (string | number)[],
): { line: number; start: number; end: number } | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  let node: unknown = doc.contents;
  let range: readonly number[] | undefined;
  for (const k of keys) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(k));
      if (!pair) return undefined;
      range = (pair.key as { range?: readonly number[] }).range;
      node = pair.value;
    } else if (isSeq(node) && typeof k === 'number') {
      node = node.items[k];
      range = (node as { range?: readonly number[] } | undefined)?.range;
    } else return undefined;
  }
  if (!range) return undefined;
  const from = lineCounter.linePos(range[0]!);
  const to = lineCounter.linePos(range[1]!);
  return { line: from.line - 1, start: from.col - 1, end: to.line === from.line ? to.col - 1 : from.col - 1 };
}
