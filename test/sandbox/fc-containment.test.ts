// Uploaded function code is hostile: it must not see the sandbox's environment, leave files or
// processes behind, outlive its timeout through a child holding its stdio, blow up memory or disk
// with a zip bomb or a huge result. The sandbox runs as its own process here (with a marker in its
// environment) so "what can the function see of its parent" is asked of a real parent.
import Fc, * as $Fc from '@alicloud/fc20230330';
import Ram, * as $Ram from '@alicloud/ram20150501';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { zipSync } from 'fflate';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { FC_TRUST_POLICY, sdkError, zipOf } from './helpers';
import { killQuietly, startSandboxProcess, type ReadyLine, type SandboxProcess } from './process';

const MARKER = 'SG_GUARD_PARENT_SECRET';
const MARKER_VALUE = 'do-not-leak-7f3a9c';

// Built before any connection is open: zipping 120 MiB blocks this process for seconds, long enough
// for the server to close an idle keep-alive connection under the SDK (ECONNRESET, not our subject).
const INDEX = new TextEncoder().encode('exports.handler=()=>1;');
const BOMB = zipSync({ 'index.js': INDEX, 'zeros.bin': new Uint8Array(120 * 1024 * 1024) }, { level: 9 });
const MANY_ENTRIES = zipSync({
  'index.js': INDEX,
  ...Object.fromEntries(Array.from({ length: 12_000 }, (_, i) => [`d/${i}`, new Uint8Array(0)])),
});

// Where the machine allows it (this one and CI do: unprivileged user namespaces), functions get a PID
// namespace; the same suite runs with it forced off to check what the process-group fallback keeps.
for (const mode of ['pid-namespace', 'process-group'] as const) {
  void describe(`contained functions (${mode})`, () => {
    let proc: SandboxProcess;
    let info: ReadyLine;
    let fc: Fc;
    let tcp: Server;
    const sockets: Socket[] = [];

    before(async () => {
      const forced = mode === 'process-group' ? { SG_GUARD_SANDBOX_ISOLATION: 'process-group' } : {};
      proc = startSandboxProcess(['--port', '0', '--seed', 'empty'], {
        env: { ...process.env, [MARKER]: MARKER_VALUE, ...forced },
      });
      info = await proc.ready;
      const config = new $OpenApiUtil.Config({
        accessKeyId: info.accessKeyId,
        accessKeySecret: info.accessKeySecret,
        regionId: 'cn-hangzhou',
        endpoint: info.endpoint,
        protocol: 'HTTP',
        readTimeout: 60000,
      });
      fc = new Fc(config);
      const ram = new Ram(config);
      await ram.createRole(
        new $Ram.CreateRoleRequest({ roleName: 'fc-role', assumeRolePolicyDocument: FC_TRUST_POLICY }),
      );
      tcp = createServer((s) => sockets.push(s));
      await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    });

    after(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (tcp ? tcp.close(() => resolve()) : resolve()));
      proc?.child.kill('SIGTERM');
      await proc?.exited;
      killQuietly(proc?.child.pid);
    });

    async function deploy(
      name: string,
      source: string | Uint8Array,
      extra: Partial<$Fc.CreateFunctionInput> = {},
    ) {
      const zipFile =
        typeof source === 'string' ? zipOf({ 'index.js': source }) : Buffer.from(source).toString('base64');
      return fc.createFunction(
        new $Fc.CreateFunctionRequest({
          body: new $Fc.CreateFunctionInput({
            functionName: name,
            runtime: 'nodejs20',
            handler: 'index.handler',
            code: new $Fc.InputCodeLocation({ zipFile }),
            timeout: 10,
            ...extra,
          }),
        }),
      );
    }

    async function invoke(name: string, payload = '', async = false) {
      const res = await fc.invokeFunctionWithOptions(
        name,
        new $Fc.InvokeFunctionRequest({ body: Readable.from(Buffer.from(payload)) }),
        new $Fc.InvokeFunctionHeaders(async ? { xFcInvocationType: 'Async' } : {}),
        {} as never,
      );
      const chunks: Buffer[] = [];
      for await (const c of res.body ?? Readable.from([])) chunks.push(Buffer.from(c as Buffer));
      const text = Buffer.concat(chunks).toString('utf8');
      return {
        status: res.statusCode,
        errorType: res.headers?.['x-fc-error-type'],
        text,
        bytes: text.length,
      };
    }

    /** Resolves when the next connection to the test's TCP server closes (its process died). */
    function nextConnection(): Promise<{ opened: Socket; closed: Promise<number> }> {
      return new Promise((resolve) =>
        tcp.once('connection', (s) => {
          const closed = new Promise<number>((done) => s.once('close', () => done(Date.now())));
          resolve({ opened: s, closed });
        }),
      );
    }

    /** Node code a handler starts in the background: connects to the test's server and stays alive. */
    const lingerer = (port: number) =>
      `require('net').connect(${port}, '127.0.0.1').on('error', () => {}); setInterval(() => {}, 1000);`;

    void describe('isolation', () => {
      void it(`is ${mode} (said on the start-up line)`, () => {
        assert.match(proc.stderr(), new RegExp(`functions run contained \\(${mode}\\)`));
      });
    });

    void describe('a function sees only what FC gives it', () => {
      void it('its environment is the function variables, FC variables and the role credentials, nothing of the sandbox', async () => {
        await deploy(
          'snoop',
          `const fs = require('fs');
  exports.handler = async () => {
    const found = [];
    let pids = [];
    try { pids = fs.readdirSync('/proc').filter((n) => /^\\d+$/.test(n)); } catch {}
    for (const pid of new Set([String(process.ppid), ...pids])) {
      try { if (fs.readFileSync('/proc/' + pid + '/environ', 'latin1').includes('${MARKER_VALUE}')) found.push(pid); } catch {}
    }
    return { env: process.env, found, ppid: process.ppid };
  };`,
          { environmentVariables: { MY_SETTING: 'v' }, role: `acs:ram::${info.accountId}:role/fc-role` },
        );
        const out = JSON.parse((await invoke('snoop')).text) as {
          env: Record<string, string>;
          found: string[];
        };
        // Without a PID namespace the function can still read its parent's /proc entry (README: not contained).
        if (mode === 'pid-namespace')
          assert.deepEqual(
            out.found,
            [],
            'no process whose environment holds the sandbox marker is readable',
          );
        assert.equal(out.env[MARKER], undefined);
        assert.equal(out.env.MY_SETTING, 'v');
        assert.ok(out.env.ALIBABA_CLOUD_SECURITY_TOKEN, 'the role credentials');
        const allowed =
          /^(MY_SETTING|FC_[A-Z_]+|ALIBABA_CLOUD_(ACCESS_KEY_ID|ACCESS_KEY_SECRET|SECURITY_TOKEN)|PATH|HOME|TMPDIR|LANG|NODE_CHANNEL_FD|NODE_CHANNEL_SERIALIZATION_MODE)$/;
        assert.deepEqual(
          Object.keys(out.env).filter((k) => !allowed.test(k)),
          [],
          'no other variable',
        );
        assert.ok(!JSON.stringify(out.env).includes(info.accessKeySecret), 'not the root secret');
      });

      void it('gets its own temp and home folder, removed after the call', async () => {
        await deploy(
          'scribble',
          `const fs = require('fs'), os = require('os'), path = require('path');
  exports.handler = async () => {
    const file = path.join(os.tmpdir(), 'left-behind.txt');
    fs.writeFileSync(file, 'x');
    fs.writeFileSync(path.join(os.homedir(), '.rc'), 'y');
    return { file, tmp: os.tmpdir(), home: os.homedir() };
  };`,
        );
        const out = JSON.parse((await invoke('scribble')).text) as {
          file: string;
          tmp: string;
          home: string;
        };
        assert.notEqual(out.tmp, '/tmp');
        assert.notEqual(out.home, process.env.HOME);
        assert.equal(existsSync(out.file), false, 'the temp folder is gone');
        assert.equal(existsSync(out.home), false, 'the home folder is gone');
      });
    });

    void describe('no process outlives its invocation', () => {
      void it('background and detached processes (even in a new session) end with the call', async () => {
        const port = (tcp.address() as AddressInfo).port;
        await deploy(
          'spawner',
          `const { spawn } = require('child_process');
  exports.handler = async (event) => {
    const how = event.toString();
    const args = ['-e', ${JSON.stringify(lingerer(port))}];
    const child = how === 'setsid'
      ? spawn('setsid', [process.execPath, ...args], { detached: true, stdio: 'ignore' })
      : spawn(process.execPath, args, { detached: how === 'detached', stdio: 'ignore' });
    child.unref();
    await new Promise((r) => setTimeout(r, 300));
    return 'started';
  };`,
        );
        // A process that starts its own session leaves the group: only a PID namespace ends it (README).
        for (const how of mode === 'pid-namespace' ? ['plain', 'detached', 'setsid'] : ['plain']) {
          const conn = nextConnection();
          const res = await invoke('spawner', how);
          assert.equal(res.text, 'started');
          const { closed } = await conn;
          const returned = Date.now();
          const gone = await Promise.race([
            closed,
            new Promise<number>((r) => setTimeout(() => r(-1), 5000)),
          ]);
          assert.ok(gone > 0, `the ${how} background process was still alive 5 s after the call returned`);
          assert.ok(gone - returned < 5000);
        }
      });

      void it('the timeout ends the call on time even when a child holds stdout open', async () => {
        await deploy(
          'holder',
          `const { spawn } = require('child_process');
  exports.handler = () => { spawn('sleep', ['30'], { stdio: 'inherit' }); return new Promise(() => {}); };`,
          { timeout: 2 },
        );
        const started = Date.now();
        const res = await invoke('holder');
        const took = Date.now() - started;
        assert.equal(res.errorType, 'FunctionTimeoutError');
        assert.ok(took < 6000, `a 2 s function answered after ${took} ms`);
      });
    });

    void describe('size limits', () => {
      void it('refuses a zip bomb at upload: 120 MiB of zeros in a ~120 KB zip', async () => {
        assert.ok(BOMB.length < 1024 * 1024);
        const err = await sdkError(deploy('bomb', BOMB));
        assert.equal(err.statusCode, 400, `${err.name}: ${err.code}`);
        assert.match(JSON.stringify(err.data ?? {}), /unzips to more than/);
      });

      void it('refuses a zip with too many entries (a folder bomb)', async () => {
        const err = await sdkError(deploy('many', MANY_ENTRIES));
        assert.equal(err.statusCode, 400, `${err.name}: ${err.code}`);
        assert.match(JSON.stringify(err.data ?? {}), /more than 10000 entries/);
      });

      void it('caps the result: a 64 MB result is an error, and the sandbox does not hold it', async () => {
        await deploy('huge', `exports.handler = async () => Buffer.alloc(64 * 1024 * 1024, 97);`, {
          memorySize: 512,
        });
        const res = await invoke('huge');
        assert.ok(res.bytes < 1024 * 1024, `answered ${res.bytes} bytes`);
        assert.equal(res.errorType, 'UnhandledInvocationError');
        assert.match(res.text, /larger than/);
        const status = readFileSync(`/proc/${info.pid}/status`, 'utf8');
        const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
        assert.ok(peakKb < 400 * 1024, `the sandbox peaked at ${Math.round(peakKb / 1024)} MB`);
      });
    });
  });
}
