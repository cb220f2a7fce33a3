/**
 * Language server hygiene (issue 11, class 10), over raw stdio frames: a malformed frame (missing,
 * non-numeric or absurd Content-Length, a header without an end, a body that is not JSON) gets a
 * JSON-RPC error and the server keeps serving; after `shutdown` nothing is published and requests
 * get the spec's InvalidRequest error; `exit` ends the process.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt, SERVER } from './lsp-client';

interface Raw {
  proc: ChildProcess;
  send(text: string): void;
  request(id: number, method: string, params?: unknown): void;
  notify(method: string, params?: unknown): void;
  /** Resolves with the first message matching, waiting up to `ms`. */
  next(pred: (m: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  messages: Record<string, unknown>[];
}

const frame = (o: unknown): string => {
  const body = JSON.stringify(o);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};

function raw(): Raw {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const messages: Record<string, unknown>[] = [];
  const waiters: {
    pred: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }[] = [];
  let buf = Buffer.alloc(0);
  proc.stdout.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, end).toString())?.[1]);
      if (buf.length < end + 4 + len) return;
      const m = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString()) as Record<string, unknown>;
      buf = buf.subarray(end + 4 + len);
      messages.push(m);
      for (const w of [...waiters])
        if (w.pred(m)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
    }
  });
  const send = (t: string): void => void proc.stdin.write(t);
  return {
    proc,
    messages,
    send,
    request: (id, method, params) => send(frame({ jsonrpc: '2.0', id, method, params })),
    notify: (method, params) => send(frame({ jsonrpc: '2.0', method, params })),
    next: (pred, ms = 10_000) => {
      const hit = messages.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`no such message; got ${JSON.stringify(messages).slice(0, 500)}`)),
          ms,
        );
        waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
      });
    },
  };
}

const INIT = { processId: null, rootUri: null, capabilities: {} };
const byId = (id: number) => (m: Record<string, unknown>) => m.id === id;

void describe('malformed frames', () => {
  before(() => ensureBuilt());
  for (const [name, bad] of [
    ['a header without Content-Length', 'X-Foo: 1\r\n\r\n{}'],
    ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}'],
    ['an absurd Content-Length', 'Content-Length: 99999999999\r\n\r\n{}'],
    ['a body that is not JSON', 'Content-Length: 5\r\n\r\n{{{{{'],
    ['a header that never ends', `Content-Length: 2${' '.repeat(20_000)}`],
  ] as const) {
    void it(`${name}: an error, then the next request is answered`, async () => {
      const s = raw();
      try {
        s.send(bad);
        const err = await s.next((m) => m.id === null && typeof m.error === 'object');
        assert.equal((err.error as { code: number }).code, -32700);
        s.request(1, 'initialize', INIT);
        const init = await s.next(byId(1));
        assert.ok(init.result, JSON.stringify(init));
      } finally {
        s.proc.kill();
      }
    });
  }
});

void describe('after shutdown', () => {
  let s: Raw;
  before(async () => {
    ensureBuilt();
    s = raw();
    s.request(1, 'initialize', INIT);
    await s.next(byId(1));
    s.notify('initialized', {});
    s.request(2, 'shutdown');
    await s.next(byId(2));
  });
  after(() => s.proc.kill());

  void it('a request gets InvalidRequest (-32600), whichever method', async () => {
    s.request(3, 'textDocument/hover', {
      textDocument: { uri: 'file:///x/main.tf' },
      position: { line: 0, character: 0 },
    });
    s.request(4, 'sgGuard/lintWorkspace');
    s.request(5, 'no/such/method');
    for (const id of [3, 4, 5]) {
      const m = await s.next(byId(id));
      assert.equal((m.error as { code: number } | undefined)?.code, -32600, JSON.stringify(m));
    }
  });

  void it('an opened document is not linted: nothing is published', async () => {
    s.notify('textDocument/didOpen', {
      textDocument: {
        uri: 'file:///tmp/sg-guard-after-shutdown/main.tf',
        languageId: 'terraform',
        version: 1,
        text: 'resource "alicloud_security_group_rule" "a" {\n  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  cidr_ip = "0.0.0.0/0"\n}\n',
      },
    });
    s.request(6, 'no/such/method');
    await s.next(byId(6));
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(
      s.messages.filter((m) => m.method === 'textDocument/publishDiagnostics'),
      [],
    );
  });

  void it('exit ends the process with status 0', async () => {
    const code = new Promise((r) => s.proc.once('exit', r));
    s.notify('exit');
    assert.equal(await code, 0);
  });
});
