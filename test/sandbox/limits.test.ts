// Request bodies are bounded before anyone is trusted: an unsigned request is answered from its
// headers, without its body being read; a signed one may not send more than its route allows
// (FC's documented payload limits: 32 MB synchronous, 128 KB asynchronous invocations).
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { signRequest } from '../../sandbox/src/index';
import { setup, type Env } from './helpers';

let env: Env;
before(async () => {
  env = await setup({ seed: 'empty' });
});
after(async () => {
  await env.h.close();
});

/**
 * Sends the head of a request that announces `length` body bytes, then trickles some of them, and
 * resolves with the status line as soon as the server answers (or with "no answer" after `waitMs`).
 */
function answerBeforeBody(
  head: string,
  sendBytes: number,
  waitMs = 3000,
): Promise<{ status: number; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(env.h.port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ status: 0, sentBytes: sent });
    }, waitMs);
    socket.on('data', (c: Buffer) => {
      answer += c.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (m) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ status: Number(m[1]), sentBytes: sent });
      }
    });
    socket.on('error', (e) => {
      if (answer === '') reject(e);
    });
    socket.write(head);
    const chunk = Buffer.alloc(64 * 1024, 120);
    const pump = () => {
      while (sent < sendBytes && !socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    pump();
  });
}

const host = () => `127.0.0.1:${env.h.port}`;
const MB = 1024 * 1024;

void describe('request bodies', () => {
  void it('an unsigned 60 MB body is answered from its headers, before the body arrives', async () => {
    const head =
      `POST /?Action=DescribeRegions&Version=2014-05-26 HTTP/1.1\r\nHost: ${host()}\r\n` +
      `Content-Type: application/octet-stream\r\nContent-Length: ${60 * MB}\r\n\r\n`;
    const res = await answerBeforeBody(head, 1 * MB);
    assert.notEqual(res.status, 0, 'no answer while the body was still coming');
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
  });

  void it('an unsigned chunked body is answered without reading it', async () => {
    const head =
      `POST /2023-03-30/functions HTTP/1.1\r\nHost: ${host()}\r\nTransfer-Encoding: chunked\r\n\r\n` +
      `${(64 * 1024).toString(16)}\r\n`;
    const res = await answerBeforeBody(head, 60 * 1024);
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
  });

  void it('a signed request announcing more than its route allows gets 413 at once', async () => {
    const url = '/2023-03-30/functions/any/invocations';
    const body = Buffer.alloc(33 * MB);
    const signed = signRequest(
      'POST',
      url,
      {
        host: host(),
        'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        'x-acs-signature-nonce': `n-${Math.random()}`,
        'x-acs-version': '2023-03-30',
      },
      body,
      env.h.accessKeyId,
      env.h.accessKeySecret,
    );
    const lines = Object.entries(signed).map(([k, v]) => `${k}: ${v}`);
    const head = `POST ${url} HTTP/1.1\r\n${lines.join('\r\n')}\r\nContent-Length: ${body.length}\r\n\r\n`;
    const res = await answerBeforeBody(head, 256 * 1024);
    assert.equal(res.status, 413);
  });

  void it('ten parallel unsigned 60 MB uploads leave the sandbox small', async () => {
    const before = process.memoryUsage().rss;
    const head =
      `POST /2023-03-30/functions HTTP/1.1\r\nHost: ${host()}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${60 * MB}\r\n\r\n`;
    const answers = await Promise.all(Array.from({ length: 10 }, () => answerBeforeBody(head, 8 * MB)));
    for (const a of answers) assert.ok(a.status >= 400 && a.status < 500, `status ${a.status}`);
    const grown = (process.memoryUsage().rss - before) / MB;
    assert.ok(grown < 100, `the sandbox grew by ${Math.round(grown)} MB`);
  });
});
