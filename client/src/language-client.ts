/** Starts the bundled language server (dist/server.js) over IPC and connects it to VS Code. */
import { join } from 'node:path';
import {
  ExtensionMode,
  window,
  workspace,
  type ExtensionContext,
  type LogOutputChannel,
  type Uri,
} from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  WorkspaceTrustedNotification,
  type InitializationOptions,
  type SettingsSentAhead,
} from '../../server/src/lsp/protocol';
import { forkServerEarly } from './server-process';

export const CLIENT_ID = 'sgGuard';

/** The settings section the server asks for with workspace/configuration. */
const SECTION = 'sgGuard';

/**
 * Files are matched by pattern, not language id: HashiCorp's extension calls .tfvars `terraform-vars`
 * and .tf.json stays `json`, and both must be linted whichever extension named them.
 */
export const TERRAFORM_FILES = ['**/*.tf', '**/*.tf.json', '**/*.tfvars', '**/*.tfvars.json'];

/**
 * Data files Terraform reads with `file()` (access lists in YAML or JSON, CIDRs in text): synced too,
 * so an unsaved edit re-lints the rules that read them, and the server can squiggle and fix the
 * value where it is written. Of these, the server lints on their own only ROS templates (YAML or
 * JSON with ROSTemplateFormatVersion) and, while open, Terraform plans and state (JSON).
 */
export const DATA_FILES = ['**/*.yaml', '**/*.yml', '**/*.json', '**/*.txt', '**/*.csv'];

/**
 * What this client answers to workspace/configuration for the `sgGuard` section, read the same way
 * (vscode-languageclient's handler: the section's value, as JSON, without a scope for the window and
 * with each folder's URI for that folder), sent ahead with `initialize`.
 */
function settingsNow(): SettingsSentAhead {
  const read = (scope?: Uri): unknown => {
    const value: unknown = workspace.getConfiguration(undefined, scope).get(SECTION);
    return value === undefined ? null : JSON.parse(JSON.stringify(value));
  };
  const folders = workspace.workspaceFolders ?? [];
  return { window: read(), folders: Object.fromEntries(folders.map((f) => [f.uri.toString(), read(f.uri)])) };
}

/** `onDiagnostics` sees each file's diagnostics after VS Code has them (the first-squiggle timer). */
export function createClient(
  context: ExtensionContext,
  output: LogOutputChannel,
  onDiagnostics: (uri: Uri) => void = () => undefined,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  // The server's code cache lives in this extension's own storage, never in a workspace.
  const storage = context.globalStorageUri;
  // Debugging the extension: the client's own fork, which attaches the inspector when debugging.
  const early =
    context.extensionMode === ExtensionMode.Development
      ? undefined
      : forkServerEarly(
          context.asAbsolutePath('dist/server-boot.js'),
          storage.scheme === 'file' ? join(storage.fsPath, 'code-cache') : undefined,
          output,
        );
  if (early) context.subscriptions.push(early);
  const serverOptions: ServerOptions = early
    ? () => early.transports()
    : {
        run: { module, transport: TransportKind.ipc },
        debug: {
          module,
          transport: TransportKind.ipc,
          options: { execArgv: ['--nolazy', '--inspect=6019'] },
        },
      };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...TERRAFORM_FILES, ...DATA_FILES].map((pattern) => ({ scheme: 'file', pattern })),
    outputChannel: output,
    traceOutputChannel: output,
    // Restricted Mode: the server reads nothing outside the workspace folders (a restart asks again).
    // The status bar shows the scan (ScanStatusNotification): no second progress indicator.
    initializationOptions: (): InitializationOptions => ({
      trusted: workspace.isTrusted,
      scanStatus: true,
      configuration: settingsNow(),
      shownOnDisk: window.visibleTextEditors
        .map((e) => e.document)
        .filter((d) => d.uri.scheme === 'file' && !d.isDirty)
        .map((d) => d.uri.toString()),
    }),
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => {
        next(uri, diagnostics);
        onDiagnostics(uri);
      },
    },
  };
  const client = new LanguageClient(CLIENT_ID, 'SG Guard', serverOptions, clientOptions);
  context.subscriptions.push(
    workspace.onDidGrantWorkspaceTrust(() => {
      if (client.isRunning()) void client.sendNotification(WorkspaceTrustedNotification.type);
    }),
  );
  return client;
}
