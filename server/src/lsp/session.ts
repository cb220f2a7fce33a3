/**
 * What one language-server connection knows and shares between its handlers: the open documents,
 * the workspace folders and their settings, trust, each folder's config, and the analyzer fed from
 * them. The handlers (server.ts, initialize.ts, workspace-scan.ts) read and change it.
 */
import { TextDocuments, type Connection, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { projectRootOf } from '../api';
import { Analyzer } from './analyzer';
import { LineIndexes } from './convert';
import { FolderConfigs } from './folder-configs';
import { WorkspaceFolders } from './folders';
import { OverlaySource } from './overlay-source';
import { pathToUri } from './paths';
import { normaliseSettings } from './settings';

/** What the client said it can do (initialize), and so what the server may ask of it. */
export interface ClientFeatures {
  pullConfig: boolean;
  registerConfig: boolean;
  registerWatchers: boolean;
  progress: boolean;
  /** Only clients that announced workspace folders send folder changes. */
  folderEvents: boolean;
  /** The client shows the scan's status itself (ScanStatusNotification): no work-done progress. */
  ownScanStatus: boolean;
}

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  /** Open file path → its uri as the client spelled it. */
  readonly openPaths = new Map<string, string>();
  readonly folders = new WorkspaceFolders();
  /** Restricted Mode when false: nothing outside the workspace folders is read from disk. */
  trusted = true;
  client: ClientFeatures = {
    pullConfig: false,
    registerConfig: false,
    registerWatchers: false,
    progress: false,
    folderEvents: false,
    ownScanStatus: false,
  };
  /** What each file shows now (the lint-workspace answer counts it). */
  readonly published = new Map<string, Diagnostic[]>();
  readonly source: OverlaySource;
  readonly lines: LineIndexes;
  readonly configs: FolderConfigs;
  readonly analyzer: Analyzer;
  /** Settings known (pulled, or sent ahead): code actions wait for them (they offer the trusted CIDRs). */
  readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;
  /** The disk reads refused while one module is linted, when recording. */
  private refused: string[] | undefined;

  constructor(
    readonly connection: Connection,
    debounceMs?: number,
  ) {
    this.ready = new Promise<void>((r) => (this.markReady = r));
    this.source = new OverlaySource(
      { text: (p) => this.docByPath(p)?.getText(), paths: () => this.openPaths.keys() },
      { mayRead: (p) => this.trusted || this.folders.mayRead(p), refused: (p) => this.refused?.push(p) },
    );
    this.lines = new LineIndexes((p) => this.source.readText(p));
    this.configs = new FolderConfigs(
      (file, diagnostics) => void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics }),
    );
    this.analyzer = new Analyzer(
      {
        source: this.source,
        lines: this.lines,
        settingsFor: (path) => this.folders.settingsFor(path),
        projectOf: (dir) => this.projectOf(dir),
        refusedReads: {
          begin: () => void (this.refused = []),
          end: () => {
            const r = this.refused ?? [];
            this.refused = undefined;
            return r;
          },
        },
        config: (dir) => this.configs.of(dir),
        isExcluded: (path) => this.isExcluded(path),
        isOpen: (p) => this.openPaths.has(p),
        publish: (path, diagnostics) => this.publish(path, diagnostics),
        log: (m) => connection.console.error(m),
      },
      debounceMs,
    );
    // Nothing is linted before the settings arrive (settingsKnown releases it).
    this.analyzer.hold();
  }

  docByPath(path: string): TextDocument | undefined {
    const uri = this.openPaths.get(path);
    return uri ? this.documents.get(uri) : undefined;
  }

  uriOf(path: string): string {
    return this.openPaths.get(path) ?? pathToUri(path);
  }

  /**
   * Reads stay inside the module's project, as the CLI decides it (its git work tree or
   * .sg-guard.yaml folder), else inside its workspace folder. Restricted Mode narrows that to the
   * workspace folders (the source's guard), naming what it left unread.
   */
  projectOf(dir: string): string {
    return projectRootOf(dir) ?? this.folders.folderOf(dir) ?? dir;
  }

  isExcluded(path: string): boolean {
    return this.configs.excludes(path) || this.folders.isExcluded(path);
  }

  /** Folders whose settings ask for the background scan. */
  scannedFolders(): string[] {
    return this.folders.paths.filter((f) => this.folders.settingsFor(f).backgroundScan);
  }

  /** Settings are known: code actions may answer and the analyzer may lint. */
  settingsKnown(): void {
    this.markReady();
    this.analyzer.release();
  }

  /** The window's settings and each folder's (resource scope), pulled in one request; true if they changed. */
  async fetchSettings(fallback?: unknown): Promise<boolean> {
    const folders = this.folders;
    const before = folders.fingerprint();
    if (this.client.pullConfig) {
      const scopes = folders.paths.map((f) => ({ scopeUri: pathToUri(f), section: 'sgGuard' }));
      const raw: unknown[] = await this.connection.workspace.getConfiguration([
        { section: 'sgGuard' },
        ...scopes,
      ]);
      folders.setSettings(normaliseSettings(raw[0]), raw.slice(1).map(normaliseSettings));
    } else if (fallback !== undefined) folders.setSettings(normaliseSettings(fallback), []);
    return folders.fingerprint() !== before;
  }

  /** A config file changed: each folder's config is read again and everything re-linted with it. */
  configChanged(): void {
    this.configs.changed();
    this.analyzer.relintAll();
  }

  private publish(path: string, diagnostics: Diagnostic[]): void {
    if (diagnostics.length) this.published.set(path, diagnostics);
    else this.published.delete(path);
    const version = this.docByPath(path)?.version;
    void this.connection.sendDiagnostics({
      uri: this.uriOf(path),
      diagnostics,
      ...(version !== undefined ? { version } : {}),
    });
  }
}
