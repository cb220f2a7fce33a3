/**
 * The language server: wires LSP messages to their handlers. One small handler per method; the state
 * they share is session.ts, the start of a session initialize.ts, the workspace scan workspace-scan.ts,
 * conversions convert.ts, scheduling lint-queue.ts.
 */
import { DiagnosticSeverity, type Connection } from 'vscode-languageserver';
import { basename } from 'node:path';
import { CONFIG_FILE } from '../config/index';
import { gateAfterShutdown } from './shutdown-gate';
import { codeActions } from './code-actions';
import { hover } from './hover';
import { onInitialize, onInitialized } from './initialize';
import { isTerraformFile, uriToPath } from './paths';
import {
  FINDING_CODES,
  LintWorkspaceRequest,
  RememberTrustedRangeRequest,
  RestrictRequest,
  SuggestTrustedRangesRequest,
  WorkspaceTrustedNotification,
  type LintWorkspaceResult,
} from './protocol';
import { Session } from './session';
import { remember, restrict, suggest, type RestrictHost } from './trusted-range';
import { WorkspaceScan } from './workspace-scan';

export interface ServerOptions {
  /** Delay after the last edit before linting (ms). */
  debounceMs?: number;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  // After `shutdown`: requests refused with InvalidRequest, nothing published (shutdown-gate.ts).
  connection = gateAfterShutdown(connection);
  const session = new Session(connection, options.debounceMs);
  const { documents, openPaths, folders, analyzer, lines, source } = session;
  const scan = new WorkspaceScan(session);
  const uriOf = (path: string): string => session.uriOf(path);

  connection.onInitialize((params) => onInitialize(session, params));
  connection.onInitialized(() => onInitialized(session, scan));

  connection.onDidChangeConfiguration(async (change) => {
    const before = new Map(folders.paths.map((f) => [f, folders.settingsFor(f)]));
    const raw = (change.settings as { sgGuard?: unknown } | undefined)?.sgGuard;
    if (await session.fetchSettings(raw)) analyzer.relintAll();
    // A folder whose scan was turned on or whose excludes changed is scanned again.
    const rescan = session.scannedFolders().filter((f) => {
      const was = before.get(f);
      return (
        !was?.backgroundScan || JSON.stringify(was.exclude) !== JSON.stringify(folders.settingsFor(f).exclude)
      );
    });
    if (rescan.length) await scan.scan(rescan);
  });

  connection.onNotification(WorkspaceTrustedNotification.type, async () => {
    if (session.trusted) return;
    session.trusted = true;
    analyzer.relintAll();
    await scan.scan(session.scannedFolders());
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
        session.configChanged();
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
    await session.ready;
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
    const modules = await scan.scan();
    await analyzer.whenIdle();
    // Counted as the client counts them, over what was published: the numbers agree.
    let findings = 0;
    for (const list of session.published.values()) {
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
    projectOf: (dir) => session.projectOf(dir),
    openText: (p) => session.docByPath(p)?.getText(),
  };
  connection.onRequest(SuggestTrustedRangesRequest.type, (t) => suggest(restrictHost, t));
  connection.onRequest(RestrictRequest.type, (p) => restrict(restrictHost, p));
  connection.onRequest(RememberTrustedRangeRequest.type, (p) => remember(restrictHost, p));

  connection.onShutdown(() => analyzer.dispose());
  documents.listen(connection);
  connection.listen();
}
