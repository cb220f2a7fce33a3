/** A status-bar item with the number of SG Guard errors and warnings in the workspace. */
import { DiagnosticSeverity, languages, StatusBarAlignment, window, type Disposable } from 'vscode';
import { DIAGNOSTIC_SOURCE, SYNTAX_CODE } from '../../server/src/lsp/protocol';

export function countFindings(): number {
  let n = 0;
  for (const [, diagnostics] of languages.getDiagnostics()) {
    for (const d of diagnostics) {
      if (
        d.source === DIAGNOSTIC_SOURCE &&
        d.severity <= DiagnosticSeverity.Warning &&
        d.code !== SYNTAX_CODE
      )
        n++;
    }
  }
  return n;
}

export function createStatusBar(): Disposable {
  const item = window.createStatusBarItem('sgGuard.findings', StatusBarAlignment.Left, 10);
  item.name = 'SG Guard findings';
  item.command = 'workbench.actions.view.problems';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = (): void => {
    timer = undefined;
    const n = countFindings();
    item.text = n ? `$(shield) SG Guard: ${n}` : '$(shield) SG Guard: 0';
    item.tooltip = n
      ? `${n} security-group rule${n === 1 ? '' : 's'} open risky ports to the Internet — click for Problems`
      : 'No world-open risky ports found';
    item.show();
  };
  update();
  // Diagnostics change in bursts during the workspace scan: count at most ~5 times a second.
  const sub = languages.onDidChangeDiagnostics(() => {
    timer ??= setTimeout(update, 200);
  });
  return {
    dispose: () => {
      if (timer) clearTimeout(timer);
      sub.dispose();
      item.dispose();
    },
  };
}
