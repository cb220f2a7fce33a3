/**
 * The language server: wires LSP messages to the analyzer, code actions and hover. One small
 * handler per method; conversions live in convert.ts, scheduling in analyzer.ts.
 */
import {
  CodeActionKind,
  DiagnosticSeverity,
  type Diagnostic,
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
import { basename, sep } from 'node:path';
import { findModuleDirs, projectRootOf, rosTemplateFinder, type UnreadableFile } from '../api';
import { gateAfterShutdown } from './shutdown-gate';
import { Analyzer, type ScanProgress } from './analyzer';
import { codeActions } from './code-actions';
import { LineIndexes } from './convert';
import { WorkspaceFolders } from './folders';
import { hover } from './hover';
import { OverlaySource } from './overlay-source';
import { isTerraformFile, pathToUri, uriToPath } from './paths';
import {
  FINDING_CODES,
  LintWorkspaceRequest,
  RememberTrustedRangeRequest,
  RestrictRequest,
  ScanStatusNotification,
  SuggestTrustedRangesRequest,
  WorkspaceTrustedNotification,
  type InitializationOptions,
  type LintWorkspaceResult,
  type ScanStatus,
} from './protocol';
import { normaliseSettings, settingsSentAhead } from './settings';
import { remember, restrict, suggest, type RestrictHost } from './trusted-range';
import { CONFIG_FILE, type LoadedConfig } from '../config/index';
import { FolderConfigs } from './folder-configs';

export interface ServerOptions {
  /** Delay after the last edit before linting (ms). */
  debounceMs?: number;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  // After `shutdown`: requests refused with InvalidRequest, nothing published (shutdown-gate.ts).
  connection = gateAfterShutdown(connection);
  const documents = new TextDocuments(TextDocument);
  const openPaths = new Map<string, string>(); // path → uri
  const folders = new WorkspaceFolders();
  /** Restricted Mode when false: nothing outside the workspace folders is read from disk. */
  let trusted = true;
  let refused: string[] | undefined;
  /** What each file shows now (the lint-workspace answer counts it). */
  const published = new Map<string, Diagnostic[]>();
  let canPullConfig = false;
  let canRegisterConfig = false;
  let canRegisterWatchers = false;
  let canProgress = false;
  let canFolderEvents = false;
  /** The client shows the scan's status itself (ScanStatusNotification): no work-done progress. */
  let ownScanStatus = false;

  const docByPath = (path: string): TextDocument | undefined => {
    const uri = openPaths.get(path);
    return uri ? documents.get(uri) : undefined;
  };
  const source = new OverlaySource(
    { text: (p) => docByPath(p)?.getText(), paths: () => openPaths.keys() },
    { mayRead: (p) => trusted || folders.mayRead(p), refused: (p) => refused?.push(p) },
  );
  const lines = new LineIndexes((p) => source.readText(p));
  const uriOf = (path: string): string => openPaths.get(path) ?? pathToUri(path);
  /**
   * Reads stay inside the module's project, as the CLI decides it (its git work tree or
   * .sg-guard.yaml folder), else inside its workspace folder. Restricted Mode narrows that to the
   * workspace folders (the source's guard), naming what it left unread.
   */
  const projectOf = (dir: string): string => projectRootOf(dir) ?? folders.folderOf(dir) ?? dir;
  // Each folder's .sg-guard.yaml (folder-configs.ts).
  const configs = new FolderConfigs(
    (file, diagnostics) => void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics }),
  );
  const configOf = (dir: string): LoadedConfig | undefined => configs.of(dir);
  const configChanged = (): void => {
    configs.changed();
    analyzer.relintAll();
  };
  const isExcluded = (path: string): boolean => configs.excludes(path) || folders.isExcluded(path);

  const analyzer = new Analyzer(
    {
      source,
      lines,
      settingsFor: (path) => folders.settingsFor(path),
      projectOf,
      refusedReads: {
        begin: () => void (refused = []),
        end: () => {
          const r = refused ?? [];
          refused = undefined;
          return r;
        },
      },
      config: configOf,
      isExcluded,
      isOpen: (p) => openPaths.has(p),
      publish: (path, diagnostics) => {
        if (diagnostics.length) published.set(path, diagnostics);
        else published.delete(path);
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
  // Nothing is linted before the settings arrive (onInitialized releases it).
  analyzer.hold();

  /** The window's settings and each folder's (resource scope), pulled in one request; true if they changed. */
  const fetchSettings = async (fallback?: unknown): Promise<boolean> => {
    const before = folders.fingerprint();
    if (canPullConfig) {
      const scopes = folders.paths.map((f) => ({ scopeUri: pathToUri(f), section: 'sgGuard' }));
      const raw: unknown[] = await connection.workspace.getConfiguration([{ section: 'sgGuard' }, ...scopes]);
      folders.setSettings(normaliseSettings(raw[0]), raw.slice(1).map(normaliseSettings));
    } else if (fallback !== undefined) folders.setSettings(normaliseSettings(fallback), []);
    return folders.fingerprint() !== before;
  };

  let markReady: () => void = () => undefined;
  /** Settings known (pulled, or sent ahead): code actions wait for them (they offer the trusted CIDRs). */
  const ready = new Promise<void>((r) => (markReady = r));
  const settingsKnown = (): void => {
    markReady();
    analyzer.release();
  };
  /** Folders whose settings ask for the background scan. */
  const scanned = (): string[] => folders.paths.filter((f) => folders.settingsFor(f).backgroundScan);

  const scanStatus = (status: ScanStatus): void =>
    void connection.sendNotification(ScanStatusNotification.type, status);
  /** The scan's progress: LSP work-done progress where the client supports it, and ScanStatus. */
  const progress = async (): Promise<ScanProgress> => {
    const reporter =
      canProgress && !ownScanStatus ? await connection.window.createWorkDoneProgress() : undefined;
    reporter?.begin('SG Guard: linting the workspace', 0, undefined, false);
    let lastPct = -1;
    return {
      report: (done, total) => {
        const pct = total ? Math.floor((done / total) * 100) : 100;
        if (pct === lastPct) return;
        lastPct = pct;
        reporter?.report(pct, `${done}/${total} modules`);
        scanStatus({ scanning: true, done, total });
      },
      done: () => {
        reporter?.done();
        scanStatus({ scanning: false, done: 0, total: 0 });
      },
    };
  };

  const scanWorkspace = async (roots: readonly string[] = folders.paths): Promise<number> => {
    if (roots.length === 0) return 0;
    const unreadable: UnreadableFile[] = [];
    const templates: string[] = [];
    const dirs = roots
      .flatMap((root) =>
        findModuleDirs(root, undefined, unreadable, root, rosTemplateFinder(source, templates, root)),
      )
      .filter((d) => !isExcluded(`${d}${sep}_`));
    const found = templates.filter((t) => !isExcluded(t));
    analyzer.setUnreadableFolders(unreadable.filter((u) => !isExcluded(u.file)));
    analyzer.addTemplates(found);
    analyzer.startScan([...dirs, ...found], await progress());
    return dirs.length + found.length;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    canPullConfig = !!caps.workspace?.configuration;
    canRegisterConfig = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    canRegisterWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canProgress = !!caps.window?.workDoneProgress;
    // Only clients that announced workspace folders send folder changes.
    canFolderEvents = !!caps.workspace?.workspaceFolders;
    folders.set(workspaceRoots(params.workspaceFolders, params.rootUri));
    const init = params.initializationOptions as InitializationOptions | undefined;
    if (init?.settings !== undefined) folders.setSettings(normaliseSettings(init.settings), []);
    // The answer to the first workspace/configuration, sent ahead: the open files need not wait for it.
    const ahead = canPullConfig ? settingsSentAhead(init?.configuration, folders.paths) : undefined;
    if (ahead) {
      folders.setSettings(ahead.window, ahead.perFolder);
      settingsKnown();
      // Shown unmodified: linted from disk as soon as this answer is out, before their didOpen
      // (a busy client sends it late), which lints them again as buffers.
      for (const shown of init?.shownOnDisk ?? []) {
        const path = typeof shown === 'string' ? uriToPath(shown) : undefined;
        if (path && isTerraformFile(path) && folders.folderOf(path)) analyzer.fileChanged(path);
      }
    }
    trusted = init?.trusted !== false;
    ownScanStatus = init?.scanStatus === true;
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

  connection.onInitialized(async () => {
    // Settings first: the files open at start are linted once they are here, so their first
    // diagnostics are already the right ones; then those files, before anything else. Settings
    // sent ahead let them be linted meanwhile: only what this answer changes is linted again.
    let changed = false;
    try {
      changed = await fetchSettings();
    } catch (e) {
      connection.console.error(`settings could not be read: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      settingsKnown();
    }
    if (changed) analyzer.relintAll();
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
          { globPattern: '**/.sg-guard.yaml' },
        ],
      });
    }
    if (canFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders(async (e) => {
        const removed = new Set(workspaceRoots(e.removed, null));
        folders.set([...folders.paths.filter((f) => !removed.has(f)), ...workspaceRoots(e.added, null)]);
        await fetchSettings();
        await scanWorkspace(scanned());
      });
    }
    // No folder to scan: say so, or the client would wait for a scan that never comes.
    // The open files first: the workspace walk and scan wait until they are published.
    await analyzer.urgentDone();
    if ((await scanWorkspace(scanned())) === 0) scanStatus({ scanning: false, done: 0, total: 0 });
  });

  connection.onDidChangeConfiguration(async (change) => {
    const before = new Map(folders.paths.map((f) => [f, folders.settingsFor(f)]));
    const raw = (change.settings as { sgGuard?: unknown } | undefined)?.sgGuard;
    if (await fetchSettings(raw)) analyzer.relintAll();
    // A folder whose scan was turned on or whose excludes changed is scanned again.
    const rescan = scanned().filter((f) => {
      const was = before.get(f);
      return (
        !was?.backgroundScan || JSON.stringify(was.exclude) !== JSON.stringify(folders.settingsFor(f).exclude)
      );
    });
    if (rescan.length) await scanWorkspace(rescan);
  });

  connection.onNotification(WorkspaceTrustedNotification.type, async () => {
    if (trusted) return;
    trusted = true;
    analyzer.relintAll();
    await scanWorkspace(scanned());
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
      if (path && basename(path) === CONFIG_FILE) {
        configChanged();
        continue;
      }
      if (!path || !(isTerraformFile(path) || analyzer.hasDependents(path) || analyzer.mayBeDocument(path)))
        continue;
      lines.forget(path);
      source.forget(path);
      analyzer.fileChanged(path);
    }
  });

  // Hover and fixes answer from the open files' lint: a module the scan kept without its trees is
  // linted whole again when one of its files opens, and a request sent with the didOpen waits for it.
  connection.onHover(async (p) => {
    const path = uriToPath(p.textDocument.uri);
    if (!path) return null;
    await analyzer.urgentDone();
    return hover({ analyzer, lines, uriOf }, path, p.position);
  });

  connection.onCodeAction(async (p) => {
    const path = uriToPath(p.textDocument.uri);
    if (!path) return [];
    await ready;
    await analyzer.urgentDone();
    const host = {
      analyzer,
      lines,
      settings: () => folders.settingsFor(path),
      uriOf,
      today: () => new Date().toISOString().slice(0, 10),
    };
    return codeActions(host, path, p.range, p.context.diagnostics);
  });

  connection.onRequest(LintWorkspaceRequest.type, async (): Promise<LintWorkspaceResult> => {
    const modules = await scanWorkspace();
    await analyzer.whenIdle();
    // Counted as the client counts them, over what was published: the numbers agree.
    let findings = 0;
    for (const list of published.values()) {
      for (const d of list) {
        const problem = d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning;
        if (problem && FINDING_CODES.includes(String(d.code))) findings++;
      }
    }
    return { modules, findings };
  });

  const restrictHost: RestrictHost = {
    analyzer,
    lines,
    uriOf,
    projectOf,
    openText: (p) => docByPath(p)?.getText(),
  };
  connection.onRequest(SuggestTrustedRangesRequest.type, (t) => suggest(restrictHost, t));
  connection.onRequest(RestrictRequest.type, (p) => restrict(restrictHost, p));
  connection.onRequest(RememberTrustedRangeRequest.type, (p) => remember(restrictHost, p));

  connection.onShutdown(() => analyzer.dispose());
  documents.listen(connection);
  connection.listen();
}

/** The workspace folders' paths, or the root's for a client without folders. */
function workspaceRoots(folders: WorkspaceFolder[] | null | undefined, rootUri: string | null): string[] {
  const uris = folders?.length ? folders.map((f) => f.uri) : rootUri ? [rootUri] : [];
  return uris.map(uriToPath).filter((p): p is string => p !== undefined);
}
