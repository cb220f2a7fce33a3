// The control endpoint (/__sandbox/*) and the Host/Origin guard in front of every request: a
// per-run token, no foreign Host or Origin (CSRF, DNS rebinding), no secrets in any answer.
// (The same attacks from a real browser page: browser.test.ts.)
import * as $Ecs from '@alicloud/ecs20140526';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SandboxControl } from '../../sandbox/src/control-client';
import { startSandbox } from '../../sandbox/src/index';
import { setup, type Env } from './helpers';

let env: Env;
before(async () => {
  env = await setup({ seed: 'demo' });
});
after(async () => {
  await env.h.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = '',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: env.h.port, method, path, headers: { host: env.h.endpoint, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const token = () => ({ 'x-sandbox-token': env.h.controlToken });
const groupCount = () => Object.keys(env.h.sandbox.state.securityGroups).length;

void describe('control token', () => {
  void it('is printed per run: two sandboxes have different tokens, 32 random bytes or more', async () => {
    const other = await startSandbox({ seed: 'empty' });
    try {
      assert.notEqual(other.controlToken, env.h.controlToken);
      assert.ok(Buffer.from(env.h.controlToken, 'base64url').length >= 32);
    } finally {
      await other.close();
    }
  });

  void it('is required by every control route but health: 401 without it or with a wrong one', async () => {
    const before = groupCount();
    for (const [method, path] of [
      ['GET', '/__sandbox/state'],
      ['GET', '/__sandbox/log'],
      ['POST', '/__sandbox/reset'],
      ['POST', '/__sandbox/faults'],
      ['DELETE', '/__sandbox/log'],
      ['POST', '/__sandbox/idle'],
      ['GET', '/__sandbox/invocations'],
      ['POST', '/__sandbox/role-credentials'],
    ] as const) {
      const body = method === 'POST' ? '{"seed":"empty","roleName":"x"}' : '';
      const json = { 'content-type': 'application/json' };
      const none = await send(method, path, json, body);
      assert.equal(none.status, 401, `${method} ${path} without a token: ${none.text}`);
      const wrong = await send(method, path, { ...json, 'x-sandbox-token': 'x'.repeat(43) }, body);
      assert.equal(wrong.status, 401, `${method} ${path} with a wrong token`);
    }
    assert.equal(groupCount(), before, 'nothing was reset');
    assert.equal((await send('GET', '/__sandbox/health')).status, 200, 'health needs no token');
  });

  void it('lets the typed client through with the token', async () => {
    const c = new SandboxControl(env.h.endpoint, env.h.controlToken);
    assert.ok((await c.log()).length >= 0);
    await assert.rejects(new SandboxControl(env.h.endpoint, 'nope').state(), /401|token/);
  });

  void it('takes a JSON body only as application/json (a text/plain form post is refused)', async () => {
    const before = groupCount();
    const res = await send(
      'POST',
      '/__sandbox/reset',
      { ...token(), 'content-type': 'text/plain' },
      '{"seed":"empty"}',
    );
    assert.equal(res.status, 415);
    assert.equal(groupCount(), before);
  });
});

void describe('Host and Origin', () => {
  void it('refuses a foreign Host on control routes and API calls alike (DNS rebinding)', async () => {
    for (const host of [
      `rebind.example:${env.h.port}`,
      'rebind.example',
      `127.0.0.2:${env.h.port}`,
      `127.0.0.1:1`,
    ]) {
      const control = await send('GET', '/__sandbox/state', { ...token(), host });
      assert.equal(control.status, 403, `control with Host "${host}"`);
      assert.doesNotMatch(control.text, /securityGroups/);
      const api = await send('POST', '/?Action=DescribeRegions&Version=2014-05-26', { host });
      assert.equal(api.status, 403, `API with Host "${host}"`);
    }
    assert.equal(
      (await send('GET', '/__sandbox/state', { ...token(), host: `localhost:${env.h.port}` })).status,
      200,
    );
  });

  void it('refuses a request without Host (HTTP/1.0)', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(env.h.port, '127.0.0.1');
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.end(`GET /__sandbox/state HTTP/1.0\r\nx-sandbox-token: ${env.h.controlToken}\r\n\r\n`);
    });
    assert.match(answer, /^HTTP\/1\.[01] 403/);
  });

  void it('refuses any foreign Origin, even with the token, and never answers CORS preflights', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${env.h.port + 1}`]) {
      const res = await send(
        'POST',
        '/__sandbox/reset',
        { ...token(), origin, 'content-type': 'application/json' },
        '{}',
      );
      assert.equal(res.status, 403, `Origin ${origin}`);
    }
    const pre = await send('OPTIONS', '/__sandbox/reset', {
      origin: 'http://evil.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'x-sandbox-token,content-type',
    });
    assert.notEqual(pre.status, 200);
    assert.equal(pre.headers['access-control-allow-origin'], undefined);
    assert.equal(pre.headers['access-control-allow-headers'], undefined);
  });

  void it('still serves the SDKs, which send Host 127.0.0.1:PORT and no Origin', async () => {
    const res = await env.ecs.describeRegions(new $Ecs.DescribeRegionsRequest({}));
    assert.equal(res.statusCode, 200);
  });
});

void describe('secrets', () => {
  void it('the state dump holds neither the account secret nor the control token', async () => {
    const res = await send('GET', '/__sandbox/state', token());
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes(env.h.accessKeySecret), 'no account secret');
    assert.ok(!res.text.includes(env.h.controlToken), 'no control token');
    const state = JSON.parse(res.text) as { accessKeyId: string; accessKeySecret?: string };
    assert.equal(state.accessKeyId, env.h.accessKeyId);
    assert.equal(state.accessKeySecret, undefined);
  });

  void it('each new account gets its own random secret (no well-known key anyone could sign with)', async () => {
    const other = await startSandbox({ seed: 'demo' });
    try {
      assert.notEqual(other.accessKeySecret, env.h.accessKeySecret);
      assert.ok(other.accessKeySecret.length >= 30);
    } finally {
      await other.close();
    }
  });

  void it('no answer carries the secret or the token: log, invocations, errors', async () => {
    for (const path of ['/__sandbox/log', '/__sandbox/invocations', '/__sandbox/nope']) {
      const res = await send('GET', path, token());
      assert.ok(!res.text.includes(env.h.accessKeySecret), path);
      assert.ok(!res.text.includes(env.h.controlToken), path);
    }
  });
});
