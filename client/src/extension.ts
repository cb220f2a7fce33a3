/**
 * VS Code entry (bundled to dist/extension.js): an output channel, the language client, the
 * commands and the status-bar count. Everything else happens in the language server.
 */
import { commands, ExtensionMode, window, type ExtensionContext } from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { ScanStatusNotification } from '../../server/src/lsp/protocol';
import { activateCloud } from './cloud/index';
import { registerCommands } from './commands';
import { firstSquiggleTimer } from './first-squiggle';
import { createClient } from './language-client';
import { registerRestrictCommand } from './restrict-range';
import { createStatusBar } from './status-bar';
import { registerTerraformLanguage } from './terraform-language';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const activatedAt = performance.now();
  const output = window.createOutputChannel('SG Guard', { log: true });
  const timer = firstSquiggleTimer(output, activatedAt);
  const c = createClient(context, output, (uri) => timer.diagnostics(uri));
  client = c;
  const status = createStatusBar();
  const statusListener = c.onNotification(ScanStatusNotification.type, (s) => status.scan(s));
  // The server starts first: the open files' diagnostics wait for nothing below.
  const starting = c.start();
  context.subscriptions.push(
    output,
    registerTerraformLanguage(context.extension.id),
    status,
    statusListener,
    // A restarted server scans again: the spinner until it has.
    c.onDidChangeState((e) => {
      if (e.newState === State.Starting) status.scan({ scanning: true, done: 0, total: 0 });
    }),
    ...registerCommands({ client: () => c, output }),
    registerRestrictCommand(() => c),
  );
  if (context.extensionMode === ExtensionMode.Test) {
    context.subscriptions.push(
      commands.registerCommand('sgGuard.test.statusBar', () => ({
        text: status.text,
        tooltip: status.tooltip,
      })),
    );
  }
  activateCloud(context, output);
  timer.activated();
  await starting;
  timer.serverReady();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
