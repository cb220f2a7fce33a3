/**
 * "Export Findings": writes the tree's findings, ranked, as JSON and CSV (core/findings/export.ts).
 * Asks where to save the JSON; the CSV goes beside it with the same name. A `target` (tests, or a
 * keybinding's argument) skips the question.
 */
import { Uri, window, workspace } from 'vscode';
import { basename } from 'node:path';
import { findingsReport } from '../core/findings/export';
import type { FindingsModel } from '../core/tree/tree-model';

export async function exportFindings(model: FindingsModel, target?: Uri): Promise<void> {
  const groups = model.rankedGroups().map((n) => n.group);
  if (groups.length === 0) {
    void window.showInformationMessage(
      model.state === 'scanning'
        ? 'SG Guard: Cloud Findings is still reading the account; export when it is done.'
        : 'SG Guard: no findings to export (Refresh Cloud Findings first).',
    );
    return;
  }
  const folder = workspace.workspaceFolders?.[0]?.uri;
  const json =
    target instanceof Uri
      ? target
      : await window.showSaveDialog({
          title: 'Export Findings (a CSV is written beside the JSON)',
          saveLabel: 'Export',
          filters: { JSON: ['json'] },
          ...(folder ? { defaultUri: Uri.joinPath(folder, 'sg-guard-findings.json') } : {}),
        });
  if (!json) return;
  const csv = json.with({ path: `${json.path.replace(/\.json$/i, '')}.csv` });
  const report = findingsReport(groups, new Date().toISOString());
  await workspace.fs.writeFile(json, Buffer.from(report.json, 'utf8'));
  await workspace.fs.writeFile(csv, Buffer.from(report.csv, 'utf8'));
  void window.showInformationMessage(
    `SG Guard: exported ${groups.length} group${groups.length === 1 ? '' : 's'} to ${basename(json.path)} and ${basename(csv.path)}.`,
  );
}
