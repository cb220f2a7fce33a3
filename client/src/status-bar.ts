/**
 * The status-bar item: a spinner while the language server starts and scans the workspace, then
 * the one count of findings (finding-count.ts), with what it counts in its tooltip.
 */
import { languages, MarkdownString, StatusBarAlignment, window, type Disposable } from 'vscode';
import type { ScanStatus } from '../../server/src/lsp/protocol';
import { countFindings, plural, type FindingCount } from './finding-count';

export interface FindingsStatusBar extends Disposable {
  /** The server's scan status (ScanStatusNotification). */
  scan(status: ScanStatus): void;
  /** What the item shows now (tests read it). */
  readonly text: string;
  readonly tooltip: string;
}

export function tooltipFor(c: FindingCount): string {
  const lines = [
    `**${plural(c.findings, 'finding')}**: SG Guard rules broken at error or warning level, each counted ` +
      'once, where the rule is written.',
  ];
  const also = [
    ...(c.otherProblems
      ? [`${plural(c.otherProblems, 'other problem')} (syntax errors, files not read, modules not evaluated)`]
      : []),
    ...(c.notes ? [`${plural(c.notes, 'note')} ("cannot verify", "this value is set here")`] : []),
  ];
  if (also.length) lines.push(`The Problems panel also lists ${also.join(' and ')}.`);
  lines.push('Click to open the Problems panel.');
  return lines.join('\n\n');
}

export function createStatusBar(): FindingsStatusBar {
  const item = window.createStatusBarItem('sgGuard.findings', StatusBarAlignment.Left, 10);
  item.name = 'SG Guard findings';
  item.command = 'workbench.actions.view.problems';
  // Until the server says its first scan is over, there is no count to show: a spinner, never "0".
  let scanning: ScanStatus | undefined = { scanning: true, done: 0, total: 0 };
  let tooltip = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = (): void => {
    timer = undefined;
    if (scanning?.scanning) {
      item.text = '$(sync~spin) SG Guard';
      tooltip = scanning.total
        ? `SG Guard is linting the workspace: ${scanning.done} of ${scanning.total} modules`
        : 'SG Guard is starting';
    } else {
      const c = countFindings();
      item.text = `$(shield) SG Guard: ${c.findings}`;
      tooltip = tooltipFor(c);
    }
    item.tooltip = new MarkdownString(tooltip);
    item.show();
  };
  update();
  // Diagnostics change in bursts during the workspace scan: count at most ~5 times a second.
  const sub = languages.onDidChangeDiagnostics(() => {
    timer ??= setTimeout(update, 200);
  });
  return {
    scan(status) {
      scanning = status;
      if (timer) clearTimeout(timer);
      update();
    },
    get text() {
      return item.text;
    },
    get tooltip() {
      return tooltip;
    },
    dispose: () => {
      if (timer) clearTimeout(timer);
      sub.dispose();
      item.dispose();
    },
  };
}
