/**
 * The background workspace scan: finding the modules and ROS templates under the workspace folders,
 * queueing them behind the open files, reporting progress; and the folder changes that start one.
 */
import type { WorkspaceFolder } from 'vscode-languageserver';
import { sep } from 'node:path';
import { findModuleDirs, rosTemplateFinder, type UnreadableFile } from '../api';
import type { ScanProgress } from './analyzer';
import { uriToPath } from './paths';
import { ScanStatusNotification, type ScanStatus } from './protocol';
import type { Session } from './session';

export class WorkspaceScan {
  constructor(private readonly session: Session) {}

  /** Scans the given folders (all by default); resolves with how many modules and templates it queued. */
  async scan(roots: readonly string[] = this.session.folders.paths): Promise<number> {
    if (roots.length === 0) return 0;
    const { analyzer, source } = this.session;
    const isExcluded = (path: string): boolean => this.session.isExcluded(path);
    const unreadable: UnreadableFile[] = [];
    const templates: string[] = [];
    const dirs = roots
      .flatMap((root) =>
        findModuleDirs(root, undefined, unreadable, root, rosTemplateFinder(source, templates, root)),
      )
      .filter((d) => !isExcluded(`${d}${sep}_`));
    const found = templates.filter((t) => !isExcluded(t));
    analyzer.setUnreadableFolders(unreadable.filter((u) => !isExcluded(u.file)));
    analyzer.addTemplates(found);
    analyzer.startScan([...dirs, ...found], await this.progress());
    return dirs.length + found.length;
  }

  /** Scans the folders whose settings ask for it; says so when there are none (the client waits otherwise). */
  async scanSettled(): Promise<void> {
    if ((await this.scan(this.session.scannedFolders())) === 0)
      this.status({ scanning: false, done: 0, total: 0 });
  }

  /** Workspace folders added or removed: their settings are pulled and the scan runs again. */
  watchFolders(): void {
    const { connection, folders } = this.session;
    connection.workspace.onDidChangeWorkspaceFolders(async (e) => {
      const removed = new Set(workspaceRoots(e.removed, null));
      folders.set([...folders.paths.filter((f) => !removed.has(f)), ...workspaceRoots(e.added, null)]);
      await this.session.fetchSettings();
      await this.scan(this.session.scannedFolders());
    });
  }

  private status(status: ScanStatus): void {
    void this.session.connection.sendNotification(ScanStatusNotification.type, status);
  }

  /** The scan's progress: LSP work-done progress where the client supports it, and ScanStatus. */
  private async progress(): Promise<ScanProgress> {
    const { connection, client } = this.session;
    const reporter =
      client.progress && !client.ownScanStatus ? await connection.window.createWorkDoneProgress() : undefined;
    reporter?.begin('SG Guard: linting the workspace', 0, undefined, false);
    let lastPct = -1;
    return {
      report: (done, total) => {
        const pct = total ? Math.floor((done / total) * 100) : 100;
        if (pct === lastPct) return;
        lastPct = pct;
        reporter?.report(pct, `${done}/${total} modules`);
        this.status({ scanning: true, done, total });
      },
      done: () => {
        reporter?.done();
        this.status({ scanning: false, done: 0, total: 0 });
      },
    };
  }
}

/** The workspace folders' paths, or the root's for a client without folders. */
export function workspaceRoots(
  folders: WorkspaceFolder[] | null | undefined,
  rootUri: string | null,
): string[] {
  const uris = folders?.length ? folders.map((f) => f.uri) : rootUri ? [rootUri] : [];
  return uris.map(uriToPath).filter((p): p is string => p !== undefined);
}
