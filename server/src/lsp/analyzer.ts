/**
 * Keeps every module's latest lint result, lints the modules the queue (lint-queue.ts) hands it, and
 * publishes each file's diagnostics merged over the modules that contribute to it. A change to a file
 * re-lints its module, the modules that read it, and the documents (plans, templates) it is.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { dirname } from 'node:path';
import {
  detectDocument,
  isRosTemplateName,
  lintDocument,
  lintModule,
  mayBeDocument,
  releaseTrees,
  type DocumentKind,
  type FileSource,
  type LintOptions,
  type ModuleLintResult,
  type UnreadableFile,
} from '../api';
import { unreadableToDiagnostic, type LineIndexes } from './convert';
import { LintQueue, type ScanProgress } from './lint-queue';
import { emptyResult, moduleDiagnostics } from './module-diagnostics';
import { isTerraformFile, moduleDirOf } from './paths';
import { lintOptions, type Settings } from './settings';
import type { LoadedConfig } from '../config/index';

export interface ModuleState {
  dir: string;
  result: ModuleLintResult;
  /** Diagnostics this module contributes, by absolute file path. */
  byFile: Map<string, Diagnostic[]>;
}

export interface AnalyzerHost {
  source: FileSource;
  lines: LineIndexes;
  /** The settings of the folder holding `path`. */
  settingsFor(path: string): Settings;
  /** The folder a module's reads stay inside: its workspace folder. */
  projectOf(dir: string): string;
  /** The folder's `.sg-guard.yaml`, if it has a usable one. */
  config(dir: string): LoadedConfig | undefined;
  isExcluded(path: string): boolean;
  /** Records the disk reads refused while one module is linted (Restricted Mode). */
  refusedReads?: { begin(): void; end(): string[] };
  /** Open buffers always get a fresh publish (with their version), even when nothing changed. */
  isOpen(path: string): boolean;
  publish(path: string, diagnostics: Diagnostic[]): void;
  log(message: string): void;
}

export type { ScanProgress } from './lint-queue';

export class Analyzer {
  private readonly modules = new Map<string, ModuleState>();
  /** File → module dirs whose result read it (so a change there re-lints them). */
  private readonly dependents = new Map<string, Set<string>>();
  /** File → module dirs that contributed diagnostics to it. */
  private readonly contributors = new Map<string, Set<string>>();
  private readonly queue: LintQueue;
  /** What was last sent per file, so unchanged files are not re-sent. */
  private readonly published = new Map<string, string>();

  constructor(
    private readonly host: AnalyzerHost,
    private readonly debounceMs = 0,
  ) {
    this.queue = new LintQueue(
      (dir) => this.lint(dir),
      (m) => host.log(m),
    );
  }

  module(dir: string): ModuleState | undefined {
    return this.modules.get(dir);
  }

  allModules(): Iterable<ModuleState> {
    return this.modules.values();
  }

  /** Modules (and documents: a plan, a template) whose diagnostics or files involve this file. */
  modulesTouching(path: string): ModuleState[] {
    const dirs = new Set([moduleDirOf(path), path, ...(this.contributors.get(path) ?? [])]);
    return [...dirs].map((d) => this.modules.get(d)).filter((m): m is ModuleState => m !== undefined);
  }

  /**
   * Documents linted on their own, by path: ROS templates (opened or found by the workspace scan)
   * and plans or state files (while open: they are build outputs, like the CLI lints them when named).
   */
  private readonly documents = new Map<string, DocumentKind>();

  /** Whether a change to this file may make it, or stop it being, a document to lint. */
  mayBeDocument(path: string): boolean {
    return this.documents.has(path) || isRosTemplateName(path) || mayBeDocument(path);
  }

  /** Registers ROS templates the workspace scan found (their folders may hold no Terraform). */
  addTemplates(paths: readonly string[]): void {
    for (const p of paths) this.documents.set(p, 'ros-template');
  }

  /** What the file is now: read through the source (an open buffer wins over the disk). */
  private documentKind(path: string): DocumentKind | undefined {
    let text: string | undefined;
    try {
      text = this.host.source.readText(path);
    } catch {
      text = undefined;
    }
    if (text === undefined) return isRosTemplateName(path) ? 'ros-template' : undefined;
    const kind = detectDocument(path, text);
    return kind === 'terraform-plan' && !this.host.isOpen(path) ? undefined : kind;
  }

  /** Whether some module's analysis read `path` (a tfvars or data file). */
  hasDependents(path: string): boolean {
    return this.readers(path).length > 0;
  }

  /** Modules that read this file, or listed its folder (`fileset`: a file created there counts). */
  private readers(path: string): string[] {
    return [...(this.dependents.get(path) ?? []), ...(this.dependents.get(dirname(path)) ?? [])];
  }

  /** A file changed (typed, saved, created, deleted on disk): re-lint its module and every module that read it. */
  fileChanged(path: string): void {
    if (isTerraformFile(path)) this.queue.add(moduleDirOf(path));
    else if (this.mayBeDocument(path)) {
      const kind = this.documentKind(path);
      // A document that stopped being one (closed plan, deleted template) is linted once more: to nothing.
      if (kind || this.documents.has(path)) this.queue.add(path);
      if (kind) this.documents.set(path, kind);
      else this.documents.delete(path);
    }
    // Modules kept without their trees (see lint) are linted whole again once one of their files is
    // open, so hover and fixes see everything.
    if (this.host.isOpen(path))
      for (const m of this.modulesTouching(path)) if (m.result.linted) this.queue.add(m.dir);
    for (const dir of this.readers(path)) this.queue.add(dir);
    this.queue.schedule(this.debounceMs);
  }

  /** Re-lint everything known now (settings changed). */
  relintAll(): void {
    for (const dir of this.modules.keys()) this.queue.add(dir);
    this.queue.schedule(0);
  }

  /** Queues a whole-workspace scan; a newer scan replaces an unfinished one. */
  startScan(dirs: string[], progress: ScanProgress): void {
    this.queue.startScan(dirs, progress);
  }

  /**
   * Folders the workspace scan could not search (unreadable, nested too deeply, linking outside):
   * each is shown as a diagnostic on it until a later scan finds it readable.
   */
  setUnreadableFolders(list: readonly UnreadableFile[]): void {
    const old = this.unreadableFolders;
    this.unreadableFolders = new Map(list.map((u) => [u.file, [unreadableToDiagnostic(u)]]));
    for (const file of new Set([...old.keys(), ...this.unreadableFolders.keys()])) this.publishFile(file);
  }

  private unreadableFolders = new Map<string, Diagnostic[]>();

  /** Resolves when nothing is queued (used by the rescan request and tests). */
  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }

  /** Resolves once the open files' modules (and any edit queued with them) are linted. */
  urgentDone(): Promise<void> {
    return this.queue.urgentDone();
  }

  /** Until release(), work is queued but nothing is linted (the server has no settings yet). */
  hold(): void {
    this.queue.hold();
  }

  release(): void {
    this.queue.release();
  }

  /** At shutdown: nothing is linted (or published) any more. */
  dispose(): void {
    this.queue.dispose();
  }

  /** What the module in `dir` is linted with: its config file under the editor's settings. */
  optionsFor(dir: string): LintOptions {
    return {
      ...lintOptions(this.host.settingsFor(dir), dir, this.host.config(dir)),
      projectRoot: this.host.projectOf(dir),
    };
  }

  private lint(dir: string): void {
    const kind = this.documents.get(dir);
    const before = this.modules.get(dir)?.result;
    const wasDocument = (before?.linted?.document ?? before?.files.has(dir)) || false;
    // A plan or template is linted with the settings and config of the folder it is in.
    const folder = kind || wasDocument ? dirname(dir) : dir;
    const settings = this.host.settingsFor(folder);
    const options = this.optionsFor(folder);
    this.host.refusedReads?.begin();
    const result = kind
      ? (lintDocument(dir, this.host.source, options, kind) ?? emptyResult(dir))
      : wasDocument
        ? emptyResult(dir) // a document no longer linted: its diagnostics go
        : lintModule(dir, this.host.source, options);
    const refused = this.host.refusedReads?.end() ?? [];
    const old = this.modules.get(dir);
    for (const f of old?.result.dependencies ?? []) this.dependents.get(f)?.delete(dir);
    for (const f of result.dependencies) {
      let set = this.dependents.get(f);
      if (!set) this.dependents.set(f, (set = new Set()));
      set.add(dir);
    }
    this.updateCallers(dir, old?.result.calledModuleDirs ?? [], result.calledModuleDirs);
    const called = (this.callers.get(dir)?.size ?? 0) > 0;
    const byFile = moduleDiagnostics({ dir, result, settings, refused, called }, this.host.lines);
    const touched = new Set([...(old?.byFile.keys() ?? []), ...byFile.keys(), ...result.files.keys()]);
    // A module no open file touches keeps its diagnostics, what fixes read and what it depends on,
    // not its trees: a workspace scan's memory stays bounded by the largest module. Opening one of
    // its files lints it again, whole (fileChanged), for hover.
    const hot = [...touched].some((f) => this.host.isOpen(f));
    const kept = hot ? result : { ...releaseTrees(result, true, true), dependencies: result.dependencies };
    const state: ModuleState = { dir, result: kept, byFile };
    if (result.files.size === 0 && byFile.size === 0) this.modules.delete(dir);
    else this.modules.set(dir, state);
    for (const file of touched) {
      let set = this.contributors.get(file);
      if (byFile.has(file)) {
        if (!set) this.contributors.set(file, (set = new Set()));
        set.add(dir);
      } else set?.delete(dir);
      this.publishFile(file);
    }
  }

  /**
   * Records which folders `dir` calls; a folder that gains its first caller or loses its last is
   * linted again, since what it shows depends on it (see diagnostics).
   */
  private updateCallers(dir: string, before: readonly string[], after: readonly string[]): void {
    const now = new Set(after);
    const changed: string[] = [];
    for (const d of before) {
      if (now.has(d)) continue;
      const set = this.callers.get(d);
      set?.delete(dir);
      if (set?.size === 0) changed.push(d);
    }
    for (const d of now) {
      let set = this.callers.get(d);
      if (!set) this.callers.set(d, (set = new Set()));
      if (set.has(dir)) continue;
      set.add(dir);
      if (set.size === 1) changed.push(d);
    }
    for (const d of changed) if (this.modules.has(d)) this.queue.add(d);
  }

  /** Folder → the module folders that call it (directly or not), from their latest lint. */
  private readonly callers = new Map<string, Set<string>>();

  private publishFile(file: string): void {
    const seen = new Set<string>();
    const merged: Diagnostic[] = [];
    if (!this.host.isExcluded(file)) {
      merged.push(...(this.unreadableFolders.get(file) ?? []));
      for (const dir of this.contributors.get(file) ?? []) {
        for (const d of this.modules.get(dir)?.byFile.get(file) ?? []) {
          const key = `${String(d.code)}|${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}|${typeof d.message === 'string' ? d.message : d.message.value}`;
          if (seen.has(key)) continue;
          seen.add(key);
          merged.push(d);
        }
      }
    }
    const key = JSON.stringify(merged);
    if ((this.published.get(file) ?? '[]') === key && !this.host.isOpen(file)) return;
    if (merged.length) this.published.set(file, key);
    else this.published.delete(file);
    this.host.publish(file, merged);
  }
}
