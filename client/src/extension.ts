/**
 * VS Code entry (bundled to dist/extension.js): an output channel, the language client, the
 * commands and the status-bar count. Everything else happens in the language server.
 */
import { window, type ExtensionContext } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { activateCloud } from './cloud/index';
import { registerCommands } from './commands';
import { createClient } from './language-client';
import { createStatusBar } from './status-bar';
import { registerTerraformLanguage } from './terraform-language';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('SG Guard', { log: true });
  const c = createClient(context, output);
  client = c;
  context.subscriptions.push(
    output,
    registerTerraformLanguage(context.extension.id),
    createStatusBar(),
    ...registerCommands({ client: () => c, output }),
  );
  activateCloud(context, output);
  await c.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
