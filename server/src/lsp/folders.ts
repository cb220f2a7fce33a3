/**
 * The workspace folders and each one's own `sgGuard.*` settings (resource scope: in a multi-root
 * workspace every folder gets its own), and, in Restricted Mode, which paths may be read from disk.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { minimatch } from 'minimatch';
import { isInside, realInside } from '../api';
import { DEFAULT_SETTINGS, type Settings } from './settings';

export class WorkspaceFolders {
  private roots: string[] = [];
  private readonly byFolder = new Map<string, Settings>();
  /** Settings outside every folder (the window's, without a scope). */
  private fallback: Settings = DEFAULT_SETTINGS;

  get paths(): readonly string[] {
    return this.roots;
  }

  set(paths: readonly string[]): void {
    this.roots = [...new Set(paths)];
    for (const f of [...this.byFolder.keys()]) if (!this.roots.includes(f)) this.byFolder.delete(f);
  }

  /** `settings[0]` is the window's, then one per folder in `paths` order. */
  setSettings(window: Settings, perFolder: readonly Settings[]): void {
    this.fallback = window;
    this.roots.forEach((f, i) => this.byFolder.set(f, perFolder[i] ?? window));
  }

  /** The settings in force (the window's and each folder's) as one string: equal strings lint alike. */
  fingerprint(): string {
    const key = (s: Settings): unknown => ({ ...s, explicit: [...(s.explicit ?? [])].sort() });
    return JSON.stringify(
      [this.fallback, ...this.roots.map((f) => this.byFolder.get(f))].map((s) => s && key(s)),
    );
  }

  /** The innermost folder holding `path` (nested folders: the deepest wins). */
  folderOf(path: string): string | undefined {
    let best: string | undefined;
    for (const f of this.roots) if (isInside(path, f) && (!best || f.length > best.length)) best = f;
    return best;
  }

  settingsFor(path: string): Settings {
    const folder = this.folderOf(path);
    return (folder === undefined ? undefined : this.byFolder.get(folder)) ?? this.fallback;
  }

  /** Excluded by its own folder's `exclude` globs (relative to that folder) or an absolute glob. */
  isExcluded(path: string): boolean {
    const folder = this.folderOf(path);
    return this.settingsFor(path).exclude.some((glob) => {
      if (isAbsolute(glob)) return minimatch(path, glob, { dot: true });
      if (!folder) return false;
      return minimatch(relative(folder, path).split(sep).join('/'), glob, { dot: true });
    });
  }

  /**
   * Whether a file may be read in Restricted Mode: only below a workspace folder once links are
   * resolved (a link in the repository to ~/.aliyun/config.json is outside). A path that does not
   * exist is no read at all.
   */
  mayRead(path: string): boolean {
    return !existsSync(path) || this.roots.some((root) => realInside(path, root));
  }
}
