/**
 * `.sg-guard.yaml`, one configuration for the editor and CI: found per module folder (or named with
 * `--config`), layered under the command line or the editor's settings, turned into LintOptions.
 */
import { existsSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { LintOptions } from '../api/types';
import { findConfigFile, loadConfig, type ListingLookup, type LoadedConfig } from './load';

export { CONFIG_FILE, ConfigError, findConfigFile, loadConfig, parseConfig, settingRange } from './load';
export type { ListingLookup, LoadedConfig } from './load';
export { CONFIG_KEYS, checkConfig, configJsonSchema } from './keys';
export type { ProjectConfig, SeveritySetting } from './keys';
export { configWeakenings, weakeningLine, weakenings } from './weakened';
export type { Weakening } from './weakened';

/** Finds and reads each folder's config once; `explicit` (`--config FILE`) replaces discovery. */
export class ConfigResolver {
  private readonly found = new Map<string, string | undefined>();
  private readonly loaded = new Map<string, LoadedConfig>();

  constructor(private readonly explicit?: string) {}

  /**
   * The config for a folder, or undefined when there is none. Throws ConfigError for a bad file.
   * `listed` answers from listings a lint run already read.
   */
  forDir(dir: string, listed?: ListingLookup): LoadedConfig | undefined {
    const file = this.explicit ?? findConfigFile(dir, this.found, listed);
    if (file === undefined) return undefined;
    let c = this.loaded.get(file);
    if (!c) this.loaded.set(file, (c = loadConfig(file)));
    return c;
  }

  /** Every config file read so far (each folder's, and `--config`'s). */
  used(): LoadedConfig[] {
    return [...this.loaded.values()];
  }

  /** Forget what was read (the editor calls this when a config file changes). */
  clear(): void {
    this.found.clear();
    this.loaded.clear();
  }
}

/**
 * The file's values under `over` (command-line flags or explicit editor settings, which win):
 * var files are looked up in the module's folder and skipped where it has none.
 */
export function layerConfig(loaded: LoadedConfig | undefined, dir: string, over: LintOptions): LintOptions {
  const c = loaded?.config;
  if (!c) return over;
  const varFiles = (c.varFiles ?? []).map((f) => resolve(dir, f)).filter((f) => existsSync(f));
  return {
    ...over,
    ports: over.ports ?? c.ports,
    trustedCidrs: over.trustedCidrs?.length ? over.trustedCidrs : (c.trustedCidrs ?? over.trustedCidrs),
    severities: { ...c.severity, ...over.severities },
    unverified: over.unverified ?? c.unverified,
    maxFileBytes: over.maxFileBytes ?? c.maxFileBytes,
    // The file's var files come first (lowest precedence); each --var keeps its place among the rest.
    inputs: {
      ...over.inputs,
      varFiles: [...varFiles, ...(over.inputs?.varFiles ?? [])],
      ...(over.inputs?.vars
        ? {
            vars: over.inputs.vars.map((v) =>
              v.afterVarFiles === undefined ? v : { ...v, afterVarFiles: v.afterVarFiles + varFiles.length },
            ),
          }
        : {}),
    },
  };
}

/**
 * A config's `exclude` globs, relative to its folder, rewritten relative to `cwd` (where the CLI's
 * own --exclude globs are anchored): `examples/**` in /repo/.sg-guard.yaml linted from /repo/infra
 * is `../examples/**`.
 */
export function anchoredExcludes(loaded: LoadedConfig | undefined, cwd: string): string[] {
  const prefix = loaded ? relative(cwd, dirname(loaded.file)).split(sep).join('/') : '';
  return (loaded?.config.exclude ?? []).map((g) => (prefix ? `${prefix}/${g.replace(/^\.\//, '')}` : g));
}
