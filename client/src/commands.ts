/** Every command the extension contributes, as one table (ids and titles match package.json). */
import { commands, window, type Disposable, type LogOutputChannel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LintWorkspaceRequest } from '../../server/src/lsp/protocol';

export interface CommandContext {
  client: () => LanguageClient;
  output: LogOutputChannel;
}

export interface CommandSpec {
  id: string;
  title: string;
  run: (ctx: CommandContext) => Promise<unknown>;
}

export const COMMANDS: CommandSpec[] = [
  {
    id: 'sgGuard.lintWorkspace',
    title: 'Lint Workspace',
    run: async ({ client }) => {
      const r = await client().sendRequest(LintWorkspaceRequest.type);
      void window.showInformationMessage(
        `SG Guard: ${r.findings} finding${r.findings === 1 ? '' : 's'} in ${r.modules} module${r.modules === 1 ? '' : 's'}`,
      );
      return r;
    },
  },
  {
    id: 'sgGuard.showOutput',
    title: 'Show Output',
    run: ({ output }) => {
      output.show(true);
      return Promise.resolve();
    },
  },
  {
    id: 'sgGuard.restartServer',
    title: 'Restart Language Server',
    run: ({ client }) => client().restart(),
  },
];

export function registerCommands(ctx: CommandContext): Disposable[] {
  return COMMANDS.map((c) => commands.registerCommand(c.id, () => c.run(ctx)));
}
