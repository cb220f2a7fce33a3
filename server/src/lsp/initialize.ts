/**
 * The start of a session: `initialize` (what the client can do, its folders, the settings it may send
 * ahead, the server's capabilities) and `initialized` (settings pulled, watchers registered, the open
 * files linted first, then the workspace scan).
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { isTerraformFile, uriToPath } from './paths';
import type { InitializationOptions } from './protocol';
import { normaliseSettings, settingsSentAhead } from './settings';
import type { ClientFeatures, Session } from './session';
import { workspaceRoots, type WorkspaceScan } from './workspace-scan';

const CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  hoverProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};

/**
 * Terraform files, the data files `file()` reads most, and what `terraform init` / `terraform
 * workspace select` write (downloaded modules, the selected workspace): a change re-lints the
 * modules that read it.
 */
const WATCHERS = [
  { globPattern: '**/*.{tf,tf.json,tfvars,tfvars.json,json,yaml,yml,txt,csv}' },
  { globPattern: '**/.terraform/environment' },
  { globPattern: '**/.sg-guard.yaml' },
];

function clientFeatures(caps: ClientCapabilities, init: InitializationOptions | undefined): ClientFeatures {
  return {
    pullConfig: !!caps.workspace?.configuration,
    registerConfig: !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
    registerWatchers: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    progress: !!caps.window?.workDoneProgress,
    folderEvents: !!caps.workspace?.workspaceFolders,
    ownScanStatus: init?.scanStatus === true,
  };
}

export function onInitialize(session: Session, params: InitializeParams): InitializeResult {
  const { folders, analyzer } = session;
  const init = params.initializationOptions as InitializationOptions | undefined;
  session.client = clientFeatures(params.capabilities, init);
  folders.set(workspaceRoots(params.workspaceFolders, params.rootUri));
  if (init?.settings !== undefined) folders.setSettings(normaliseSettings(init.settings), []);
  // The answer to the first workspace/configuration, sent ahead: the open files need not wait for it.
  const ahead = session.client.pullConfig ? settingsSentAhead(init?.configuration, folders.paths) : undefined;
  if (ahead) {
    folders.setSettings(ahead.window, ahead.perFolder);
    session.settingsKnown();
    // Shown unmodified: linted from disk as soon as this answer is out, before their didOpen
    // (a busy client sends it late), which lints them again as buffers.
    for (const shown of init?.shownOnDisk ?? []) {
      const path = typeof shown === 'string' ? uriToPath(shown) : undefined;
      if (path && isTerraformFile(path) && folders.folderOf(path)) analyzer.fileChanged(path);
    }
  }
  session.trusted = init?.trusted !== false;
  return { capabilities: CAPABILITIES, serverInfo: { name: 'sg-guard' } };
}

export async function onInitialized(session: Session, scan: WorkspaceScan): Promise<void> {
  const { connection, analyzer, client } = session;
  // Settings first: the files open at start are linted once they are here, so their first
  // diagnostics are already the right ones; then those files, before anything else. Settings
  // sent ahead let them be linted meanwhile: only what this answer changes is linted again.
  let changed = false;
  try {
    changed = await session.fetchSettings();
  } catch (e) {
    connection.console.error(`settings could not be read: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    session.settingsKnown();
  }
  if (changed) analyzer.relintAll();
  if (client.registerConfig)
    await connection.client.register(DidChangeConfigurationNotification.type, { section: 'sgGuard' });
  if (client.registerWatchers)
    await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHERS });
  if (client.folderEvents) scan.watchFolders();
  // The open files first: the workspace walk and scan wait until they are published.
  // No folder to scan: say so, or the client would wait for a scan that never comes.
  await analyzer.urgentDone();
  await scan.scanSettled();
}
