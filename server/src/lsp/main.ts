/**
 * Language server entry (bundled to dist/server.js). The VS Code client starts it over IPC
 * (`--node-ipc`); other editors run it over stdio (`--stdio`, also `sg-guard lsp --stdio`).
 */
import {
  createConnection,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  StreamMessageWriter,
  type ResponseMessage,
} from 'vscode-languageserver/node';
import { FrameReader } from './frame-reader';
import { startServer } from './server';

export { startServer } from './server';

/** Starts the server on the transport named in argv (`--stdio` or `--node-ipc`; default: IPC when forked, else stdio). */
export function main(argv: readonly string[]): void {
  const debounce = argv.find((a) => a.startsWith('--debounce-ms='));
  const options = debounce ? { debounceMs: Number(debounce.slice('--debounce-ms='.length)) } : {};
  const ipc =
    argv.includes('--node-ipc') || (!argv.includes('--stdio') && typeof process.send === 'function');
  let connection;
  if (ipc) {
    connection = createConnection(
      ProposedFeatures.all,
      new IPCMessageReader(process),
      new IPCMessageWriter(process),
    );
  } else {
    // A malformed frame is answered and skipped (frame-reader.ts), never the end of all reading.
    const writer = new StreamMessageWriter(process.stdout);
    const reader = new FrameReader(process.stdin, (error) => {
      void writer.write({ jsonrpc: '2.0', id: null, error } as ResponseMessage);
    });
    connection = createConnection(ProposedFeatures.all, reader, writer);
  }
  // stdout is the protocol channel under --stdio: route stray console output to stderr.
  console.log = console.error;
  startServer(connection, options);
}

// Run when this is the program itself (dist/server.js, or main.ts under tsx), not when bundled into the CLI.
if (require.main === module && /(^|[\\/])(server\.js|main\.ts)$/.test(__filename))
  main(process.argv.slice(2));
