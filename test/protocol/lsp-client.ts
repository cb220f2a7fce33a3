/**
 * A real JSON-RPC client for the built server (dist/server.js --stdio): spawns it, initializes a
 * workspace, and waits for publishDiagnostics by file and version.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
export { workspace } from '../helpers/workspace';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  CodeAction,
  Diagnostic,
  Hover,
  InitializeParams,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
} from 'vscode-languageserver-protocol';

export const ROOT = join(__dirname, '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.js');

/** Builds dist/ when server.js is missing or older than any server source file. */
export function ensureBuilt(): void {
  const newest = (dir: string): number =>
    readdirSync(dir).reduce((m, n) => {
      const p = join(dir, n);
      const s = statSync(p);
      return Math.max(m, s.isDirectory() ? newest(p) : s.mtimeMs);
    }, 0);
  if (existsSync(SERVER) && statSync(SERVER).mtimeMs >= newest(join(ROOT, 'server', 'src'))) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
}

export const uri = (path: string): string => pathToFileURL(path).href;

export interface Session {
  conn: ProtocolConnection;
  proc: ChildProcess;
  root: string;
  /** Latest diagnostics by URI. */
  diagnostics: Map<string, PublishDiagnosticsParams>;
  /** Every publish, in order. */
  history: PublishDiagnosticsParams[];
  /** Resolves with the first publish for `path` that satisfies `pred` (checks the latest one first). */
  waitFor(
    path: string,
    pred?: (p: PublishDiagnosticsParams) => boolean,
    timeoutMs?: number,
  ): Promise<Diagnostic[]>;
  open(path: string, text: string): void;
  change(path: string, version: number, range: Range | undefined, text: string): void;
  codeActions(path: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]>;
  hover(path: string, line: number, character: number): Promise<Hover | null>;
  /** What the server wrote to stderr so far (its log). */
  stderr(): string;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Workspace folders (absolute); default: `root` alone. */
  folders?: string[];
  initializationOptions?: unknown;
  /** Settings per folder URI (resource scope); `settings` answers for the window and the rest. */
  folderSettings?: Record<string, Record<string, unknown>>;
  /** workspace/configuration is answered only once this resolves (a busy client). */
  configurationGate?: Promise<unknown>;
  /** The bundle to start instead of dist/server.js (dist/server-boot.js, as VS Code starts it). */
  server?: string;
}

export async function startSession(
  root: string,
  settings: Record<string, unknown> = {},
  extraArgs: string[] = [],
  options: SessionOptions = {},
): Promise<Session> {
  const proc = spawn(process.execPath, [options.server ?? SERVER, '--stdio', ...extraArgs], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const conn = createProtocolConnection(
    new StreamMessageReader(proc.stdout),
    new StreamMessageWriter(proc.stdin),
  );
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const history: PublishDiagnosticsParams[] = [];
  const waiters: {
    uri: string;
    pred: (p: PublishDiagnosticsParams) => boolean;
    resolve: (d: Diagnostic[]) => void;
  }[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p);
    history.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.pred(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  // The server pulls its settings: answer with the test's settings.
  conn.onRequest(
    'workspace/configuration',
    async (p: { items: { section?: string; scopeUri?: string }[] }) => {
      await options.configurationGate;
      return p.items.map((i) =>
        i.section === 'sgGuard' ? ((i.scopeUri && options.folderSettings?.[i.scopeUri]) ?? settings) : null,
      );
    },
  );
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const init: InitializeParams = {
    processId: process.pid,
    rootUri: uri(root),
    workspaceFolders: (options.folders ?? [root]).map((f) => ({ uri: uri(f), name: basename(f) })),
    ...(options.initializationOptions === undefined
      ? {}
      : { initializationOptions: options.initializationOptions }),
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      window: { workDoneProgress: true },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
    },
  };
  await conn.sendRequest('initialize', init);
  await conn.sendNotification('initialized', {});
  return {
    conn,
    proc,
    root,
    diagnostics,
    history,
    waitFor(path, pred = () => true, timeoutMs = 15000) {
      const u = uri(path);
      const last = diagnostics.get(u);
      if (last && pred(last)) return Promise.resolve(last.diagnostics);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no matching diagnostics for ${path}; last: ${JSON.stringify(diagnostics.get(u))}\n${stderr}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({ uri: u, pred, resolve: (d) => (clearTimeout(timer), resolve(d)) });
      });
    },
    open(path, text) {
      void conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri: uri(path), languageId: 'terraform', version: 1, text },
      });
    },
    change(path, version, range, text) {
      void conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: uri(path), version },
        contentChanges: [range ? { range, text } : { text }],
      });
    },
    codeActions(path, range, diags) {
      return conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri: uri(path) },
        range,
        context: { diagnostics: diags },
      });
    },
    hover(path, line, character) {
      return conn.sendRequest('textDocument/hover', {
        textDocument: { uri: uri(path) },
        position: { line, character },
      });
    },
    stderr: () => stderr,
    async close() {
      await conn.sendRequest('shutdown');
      await conn.sendNotification('exit');
      conn.dispose();
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const offset = (line: number, character: number): number => {
    let o = 0;
    for (let l = 0; l < line; l++) o = text.indexOf('\n', o) + 1;
    return o + character;
  };
  const sorted = [...edits].sort(
    (a, b) =>
      offset(b.range.start.line, b.range.start.character) -
      offset(a.range.start.line, a.range.start.character),
  );
  let out = text;
  for (const e of sorted) {
    const s = offset(e.range.start.line, e.range.start.character);
    const end = offset(e.range.end.line, e.range.end.character);
    out = out.slice(0, s) + e.newText + out.slice(end);
  }
  return out;
}

/** A diagnostic's message as text (LSP 3.18 allows markup). */
export const messageOf = (d: Diagnostic): string =>
  typeof d.message === 'string' ? d.message : d.message.value;
