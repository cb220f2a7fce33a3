/**
 * Each folder's `.sg-guard.yaml` as the editor uses it. A bad one is a diagnostic on that file, and the
 * folder is linted with the editor's settings alone (never not linted); a usable one that checks less
 * gets an information per such setting (as every CLI report names it).
 */
import type { Diagnostic } from 'vscode-languageserver';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { minimatch } from 'minimatch';
import { ConfigError, ConfigResolver, findConfigFile, type LoadedConfig } from '../config/index';
import { configErrorDiagnostic, weakeningDiagnostics } from './config-diagnostics';

export class FolderConfigs {
  private readonly resolver = new ConfigResolver();
  /** Config file → what its diagnostics say now ('loaded' or the error), so each is sent once. */
  private readonly notes = new Map<string, string>();

  /** @param show sends a config file's diagnostics (an empty list clears them) */
  constructor(private readonly show: (file: string, diagnostics: Diagnostic[]) => void) {}

  /** The config `dir` is linted with, if it has a usable one. */
  of(dir: string): LoadedConfig | undefined {
    try {
      const loaded = this.resolver.forDir(dir);
      if (loaded) this.note(loaded.file, 'loaded', () => weakeningDiagnostics(loaded));
      return loaded;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      const file = findConfigFile(dir);
      if (file) this.note(file, e.message, () => [configErrorDiagnostic(e.message)]);
      return undefined;
    }
  }

  /** Whether the config of the file's folder excludes it. */
  excludes(path: string): boolean {
    return excludedByConfig(this.of(dirname(path)), path);
  }

  /** A config file changed: everything is read again, and the diagnostics shown on them go. */
  changed(): void {
    this.resolver.clear();
    for (const file of this.notes.keys()) this.show(file, []);
    this.notes.clear();
  }

  private note(file: string, key: string, diagnostics: () => Diagnostic[]): void {
    if (this.notes.get(file) === key) return;
    this.notes.set(file, key);
    this.show(file, diagnostics());
  }
}

/** A config file's `exclude` globs are relative to its folder. */
function excludedByConfig(config: LoadedConfig | undefined, path: string): boolean {
  if (!config?.config.exclude?.length) return false;
  const rel = relative(dirname(config.file), path);
  if (rel.startsWith('..') || isAbsolute(rel)) return false;
  const p = rel.split(sep).join('/');
  return config.config.exclude.some(
    (g) => minimatch(p, g, { dot: true }) || minimatch(`${p}/`, g, { dot: true }),
  );
}
