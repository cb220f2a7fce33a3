/** Every command the extension contributes, as one table (ids and titles match package.json). */
import { commands, window, type Disposable, type LogOutputChannel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LintWorkspaceRequest } from '../../server/src/lsp/protocol';
import { countFindings, describeCount, plural } from './finding-count';

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
      const { modules } = await client().sendRequest(LintWorkspaceRequest.type);
      // The diagnostics of the scan have arrived before its answer: count them as the status bar does.
      const count = countFindings();
      void window.showInformationMessage(`SG Guard: ${describeCount(count)} in ${plural(modules, 'module')}`);
      return { modules, findings: count.findings };
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
