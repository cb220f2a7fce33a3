/**
 * The language server's process, forked as activation begins instead of after the language
 * client's own asynchronous set-up: that waits for a check of its working folder, whose callback
 * queues behind every extension starting in the same extension host (measured: the server's
 * process started 40–260 ms after activation). The client's first start takes this process; a
 * restart forks a new one. Forked as vscode-languageclient forks a module over IPC: the extension
 * host's runtime as Node.js, `--node-ipc`, this process's id to watch, its output in our log.
 * `module` is dist/server-boot.js, which compiles the server through a code cache kept in
 * `codeCacheDir` (server/src/lsp/boot.ts): a cache that does not match costs time, never behaviour.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Disposable, LogOutputChannel } from 'vscode';
import { IPCMessageReader, IPCMessageWriter, type MessageTransports } from 'vscode-languageclient/node';

export interface EarlyServer extends Disposable {
  /** The transports of the process forked at activation, then of a new one at each restart. */
  transports(): Promise<MessageTransports>;
}

export function forkServerEarly(
  module: string,
  codeCacheDir: string | undefined,
  output: LogOutputChannel,
): EarlyServer {
  const running = new Set<ChildProcess>();
  const start = (): ChildProcess => {
    const args = ['--node-ipc', `--clientProcessId=${process.pid}`];
    if (codeCacheDir) args.push(`--code-cache-dir=${codeCacheDir}`);
    const child = fork(module, args, {
      // Electron's runtime runs as Node.js only when told to (as the client's own fork does).
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' },
      execArgv: [],
      silent: true,
    });
    const log = (data: Buffer | string): void => output.append(String(data));
    child.stdout?.on('data', log);
    child.stderr?.on('data', log);
    running.add(child);
    child.once('exit', () => running.delete(child));
    return child;
  };
  let first: ChildProcess | undefined = start();
  return {
    transports: () => {
      const child = first ?? start();
      first = undefined;
      return Promise.resolve({ reader: new IPCMessageReader(child), writer: new IPCMessageWriter(child) });
    },
    // After the client stopped (it sent `exit`): one that did not exit is ended.
    dispose: () => {
      for (const child of running) child.kill();
    },
  };
}
