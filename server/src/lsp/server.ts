/**
 * The language server: wires LSP messages to the analyzer, code actions and hover. One small
 * handler per method; conversions live in convert.ts, scheduling in analyzer.ts.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { minimatch } from 'minimatch';
import { isAbsolute, relative, sep } from 'node:path';
import { findModuleDirs, projectRootOf, type UnreadableFile } from '../api';
import { Analyzer, type ScanProgress } from './analyzer';
import { codeActions } from './code-actions';
import { LineIndexes } from './convert';
import { hover } from './hover';
import { OverlaySource } from './overlay-source';
import { isTerraformFile, pathToUri, uriToPath } from './paths';
import { LintWorkspaceRequest, type LintWorkspaceResult } from './protocol';
import { DEFAULT_SETTINGS, normaliseSettings, type Settings } from './settings';

export interface ServerOptions {
  /** Delay after the last edit before linting (ms). */
  debounceMs?: number;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const openPaths = new Map<string, string>(); // path → uri
  let settings: Settings = DEFAULT_SETTINGS;
  let folders: string[] = [];
  let canPullConfig = false;
  let canRegisterConfig = false;
  let canRegisterWatchers = false;
  let canProgress = false;
  let canFolderEvents = false;

  const docByPath = (path: string): TextDocument | undefined => {
    const uri = openPaths.get(path);
    return uri ? documents.get(uri) : undefined;
  };
  const source = new OverlaySource({
    text: (p) => docByPath(p)?.getText(),
    paths: () => openPaths.keys(),
  });
  const lines = new LineIndexes((p) => source.readText(p));
  const uriOf = (path: string): string => openPaths.get(path) ?? pathToUri(path);
  /** Reads stay inside the workspace folder holding the module (the innermost one), else its project. */
  const projectOf = (dir: string): string =>
    folders
      .filter((f) => !relative(f, dir).startsWith('..') && !isAbsolute(relative(f, dir)))
      .sort((a, b) => b.length - a.length)[0] ??
    projectRootOf(dir) ??
    dir;
  const isExcluded = (path: string): boolean =>
    settings.exclude.some((glob) => {
      if (isAbsolute(glob)) return minimatch(path, glob, { dot: true });
      const roots = folders.length ? folders : [];
      return roots.some((root) => {
        const rel = relative(root, path);
        return (
          !rel.startsWith('..') &&
          !isAbsolute(rel) &&
          minimatch(rel.split(sep).join('/'), glob, { dot: true })
        );
      });
    });

  const analyzer = new Analyzer(
    {
      source,
      lines,
      settings: () => settings,
      projectOf,
      isExcluded,
      isOpen: (p) => openPaths.has(p),
      publish: (path, diagnostics) => {
        const version = docByPath(path)?.version;
        void connection.sendDiagnostics({
          uri: uriOf(path),
          diagnostics,
          ...(version !== undefined ? { version } : {}),
        });
      },
      log: (m) => connection.console.error(m),
    },
    options.debounceMs,
  );

  const fetchSettings = async (fallback?: unknown): Promise<void> => {
    if (canPullConfig) {
      const raw: unknown = await connection.workspace.getConfiguration({ section: 'sgGuard' });
      settings = normaliseSettings(raw);
    } else if (fallback !== undefined) settings = normaliseSettings(fallback);
  };

  const progress = async (): Promise<ScanProgress> => {
    if (!canProgress) return { report: () => undefined, done: () => undefined };
    const reporter = await connection.window.createWorkDoneProgress();
    reporter.begin('SG Guard: linting the workspace', 0, undefined, false);
    let lastPct = -1;
    return {
      report: (done, total) => {
        const pct = total ? Math.floor((done / total) * 100) : 100;
        if (pct === lastPct) return;
        lastPct = pct;
        reporter.report(pct, `${done}/${total} modules`);
      },
      done: () => reporter.done(),
    };
  };

  const scanWorkspace = async (): Promise<number> => {
    const unreadable: UnreadableFile[] = [];
    const dirs = folders
      .flatMap((root) => findModuleDirs(root, undefined, unreadable, root))
      .filter((d) => !isExcluded(`${d}${sep}_`));
    analyzer.setUnreadableFolders(unreadable.filter((u) => !isExcluded(u.file)));
    analyzer.startScan(dirs, await progress());
    return dirs.length;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    canPullConfig = !!caps.workspace?.configuration;
    canRegisterConfig = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    canRegisterWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canProgress = !!caps.window?.workDoneProgress;
    // Only clients that announced workspace folders send folder changes.
    canFolderEvents = !!caps.workspace?.workspaceFolders;
    folders = workspaceRoots(params.workspaceFolders, params.rootUri);
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings !== undefined) settings = normaliseSettings(init.settings);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'sg-guard' },
    };
  });

  let markReady: () => void = () => undefined;
  /** Settings pulled from the client: code actions wait for it (they offer the trusted CIDRs). */
  const ready = new Promise<void>((r) => (markReady = r));

  connection.onInitialized(async () => {
    // Settings first: anything linted before they arrive is linted again with them.
    await fetchSettings().finally(markReady);
    analyzer.relintAll();
    if (canRegisterConfig)
      await connection.client.register(DidChangeConfigurationNotification.type, { section: 'sgGuard' });
    if (canRegisterWatchers) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        // Terraform files, the data files `file()` reads most, and what `terraform init` / `terraform
        // workspace select` write (downloaded modules, the selected workspace): a change re-lints
        // the modules that read it.
        watchers: [
          { globPattern: '**/*.{tf,tf.json,tfvars,tfvars.json,json,yaml,yml,txt,csv}' },
          { globPattern: '**/.terraform/environment' },
        ],
      });
    }
    if (canFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(workspaceRoots(e.removed, null));
        folders = [...folders.filter((f) => !removed.has(f)), ...workspaceRoots(e.added, null)];
        if (settings.backgroundScan) void scanWorkspace();
      });
    }
    if (settings.backgroundScan) await scanWorkspace();
  });

  connection.onDidChangeConfiguration(async (change) => {
    const before = settings;
    const raw = (change.settings as { sgGuard?: unknown } | undefined)?.sgGuard;
    await fetchSettings(raw);
    analyzer.relintAll();
    const scanTurnedOn = settings.backgroundScan && !before.backgroundScan;
    const excludeChanged = JSON.stringify(settings.exclude) !== JSON.stringify(before.exclude);
    if (settings.backgroundScan && (scanTurnedOn || excludeChanged)) await scanWorkspace();
  });

  documents.onDidChangeContent((e) => {
    const path = uriToPath(e.document.uri);
    if (!path) return;
    openPaths.set(path, e.document.uri);
    analyzer.fileChanged(path);
  });
  documents.onDidClose((e) => {
    const path = uriToPath(e.document.uri);
    if (!path) return;
    openPaths.delete(path);
    analyzer.fileChanged(path); // the disk version counts again
  });

  connection.onDidChangeWatchedFiles((e) => {
    for (const change of e.changes) {
      const path = uriToPath(change.uri);
      if (!path || !(isTerraformFile(path) || analyzer.hasDependents(path))) continue;
      lines.forget(path);
      source.forget(path);
      analyzer.fileChanged(path);
    }
  });

  connection.onHover((p) => {
    const path = uriToPath(p.textDocument.uri);
    return path ? hover({ analyzer, lines, uriOf }, path, p.position) : null;
  });

  connection.onCodeAction(async (p) => {
    const path = uriToPath(p.textDocument.uri);
    if (!path) return [];
    await ready;
    const host = {
      analyzer,
      lines,
      settings: () => settings,
      uriOf,
      today: () => new Date().toISOString().slice(0, 10),
    };
    return codeActions(host, path, p.range, p.context.diagnostics);
  });

  connection.onRequest(LintWorkspaceRequest.type, async (): Promise<LintWorkspaceResult> => {
    const modules = await scanWorkspace();
    await analyzer.whenIdle();
    let findings = 0;
    for (const m of analyzer.allModules()) findings += m.result.findings.length;
    return { modules, findings };
  });

  connection.onShutdown(() => analyzer.dispose());
  documents.listen(connection);
  connection.listen();
}

function workspaceRoots(folders: WorkspaceFolder[] | null | undefined, rootUri: string | null): string[] {
  const uris = folders?.length ? folders.map((f) => f.uri) : rootUri ? [rootUri] : [];
  return uris.map(uriToPath).filter((p): p is string => p !== undefined);
}
