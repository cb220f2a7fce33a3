/**
 * Time to first squiggle as the user meets it: logs once when the language server answered
 * `initialize` and once when the first diagnostics of a file open in an editor arrived (the server
 * got the settings and linted that file before the workspace scan), each in ms after activation.
 * bench/editor/first-squiggle.mjs reads these lines.
 */
import { window, workspace, type LogOutputChannel, type Uri } from 'vscode';

export interface FirstSquiggleTimer {
  /** activate() has done its own work (registrations; the server is starting meanwhile). */
  activated(): void;
  /** The language client started (the server answered `initialize`). */
  serverReady(): void;
  /** Diagnostics of `uri` reached VS Code. */
  diagnostics(uri: Uri): void;
}

export function firstSquiggleTimer(output: LogOutputChannel, activatedAt: number): FirstSquiggleTimer {
  const since = (): number => Math.round(performance.now() - activatedAt);
  let done = false;
  let ownWork = 0;
  return {
    activated: () => void (ownWork = since()),
    serverReady: () =>
      output.info(
        `language server ready ${since()} ms after activation (activate's own work: ${ownWork} ms)`,
      ),
    diagnostics: (uri) => {
      if (done) return;
      const shown = uri.toString();
      if (!window.visibleTextEditors.some((e) => e.document.uri.toString() === shown)) return;
      done = true;
      output.info(
        `time to first squiggle: diagnostics of ${workspace.asRelativePath(uri)} ${since()} ms after activation`,
      );
    },
  };
}
