/**
 * The stdio transport's reader: LSP's `Content-Length` framing, read so that a malformed frame never
 * leaves a live process that answers nothing (vscode-jsonrpc's reader stops reading for good at a
 * header without a usable Content-Length). A bad frame — no or a non-numeric Content-Length, one past
 * MAX_BODY, a header that never ends, a body that is not JSON — is answered with a JSON-RPC parse
 * error (id null, code -32700), and reading resumes at the next header.
 */
import { AbstractMessageReader, type DataCallback, type Message } from 'vscode-languageserver/node';
import type { Disposable } from 'vscode-languageserver';

/** No real message is larger; a larger length is an error, not a wait for bytes that never come. */
export const MAX_BODY = 64 << 20;
/** A header section is a line or two; past this without its blank line, it is not one. */
const MAX_HEADER = 8 << 10;
const SEP = Buffer.from('\r\n\r\n');
const HEADER = Buffer.from('Content-Length:');

export class FrameReader extends AbstractMessageReader {
  private buf: Buffer = Buffer.alloc(0);
  private length = -1;
  /** After a bad frame: skipping to the next `Content-Length:`. */
  private resync = false;
  private callback: DataCallback | undefined;

  constructor(
    private readonly readable: NodeJS.ReadableStream,
    /** Answers a bad frame (the connection's writer): a JSON-RPC error with id null. */
    private readonly answer: (error: { code: number; message: string }) => void,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (d: Buffer): void => this.onData(d);
    const onError = (e: Error): void => this.fireError(e);
    const onClose = (): void => this.fireClose();
    this.readable.on('data', onData);
    this.readable.on('error', onError);
    this.readable.on('close', onClose);
    this.readable.on('end', onClose);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('error', onError);
        this.readable.off('close', onClose);
        this.readable.off('end', onClose);
      },
    };
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    for (;;) {
      if (this.resync) {
        const at = this.buf.indexOf(HEADER);
        if (at < 0) {
          // Keep what could be the start of a header cut in two.
          this.buf = this.buf.subarray(Math.max(0, this.buf.length - HEADER.length + 1));
          return;
        }
        this.buf = this.buf.subarray(at);
        this.resync = false;
      }
      if (this.length < 0) {
        const end = this.buf.indexOf(SEP);
        if (end < 0) {
          if (this.buf.length > MAX_HEADER) this.bad('a header without its end');
          return;
        }
        const length = contentLength(this.buf.subarray(0, end).toString('ascii'));
        if (typeof length === 'string') {
          this.bad(length);
          continue;
        }
        this.length = length;
        this.buf = this.buf.subarray(end + SEP.length);
      }
      if (this.buf.length < this.length) return;
      const body = this.buf.subarray(0, this.length).toString('utf8');
      this.buf = this.buf.subarray(this.length);
      this.length = -1;
      let message: Message;
      try {
        message = JSON.parse(body) as Message;
      } catch {
        this.answer({ code: -32700, message: 'Parse error: the message body is not JSON' });
        continue;
      }
      this.callback?.(message);
    }
  }

  /** Reports a bad frame and skips to the next header after its start. */
  private bad(why: string): void {
    this.answer({ code: -32700, message: `Parse error: malformed frame (${why})` });
    this.buf = this.buf.subarray(1);
    this.length = -1;
    this.resync = true;
  }
}

/** The Content-Length of a header section, or why there is none usable. */
function contentLength(headers: string): number | string {
  let found: string | undefined;
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'content-length')
      found = line.slice(colon + 1).trim();
  }
  if (found === undefined) return 'no Content-Length';
  if (!/^\d{1,12}$/.test(found))
    return `Content-Length ${JSON.stringify(found.slice(0, 20))} is not a number`;
  const n = Number(found);
  if (n > MAX_BODY) return `Content-Length ${n} is larger than ${MAX_BODY}`;
  return n;
}
