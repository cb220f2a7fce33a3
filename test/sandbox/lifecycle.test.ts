// The sandbox as a long-running process: acknowledged writes survive kill -9, a bad state file
// stops it before it touches anything, a failed save is reported and the process keeps serving,
// SIGTERM/SIGINT end it promptly (running invocations aborted), it ends with the npx that started
// it, and it says what it is on stderr.
import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import Fc, * as $Fc from '@alicloud/fc20230330';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { seededState } from '../../sandbox/src/seed';
import { sdkError, zipOf } from './helpers';
import {
  killQuietly,
  listening,
  startSandboxProcess,
  TSX_ARGS,
  watch,
  within,
  type ReadyLine,
} from './process';

const dir = mkdtempSync(join(tmpdir(), 'sg-guard-lifecycle-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const R = 'cn-hangzhou';

const config = (info: ReadyLine) =>
  new $OpenApiUtil.Config({
    accessKeyId: info.accessKeyId,
    accessKeySecret: info.accessKeySecret,
    regionId: R,
    endpoint: info.endpoint,
    protocol: 'HTTP',
    autoretry: false,
    maxAttempts: 0,
  });

const sshToWorld = (groupId: string, port: number) =>
  new $Ecs.AuthorizeSecurityGroupRequest({
    regionId: R,
    securityGroupId: groupId,
    permissions: [
      new $Ecs.AuthorizeSecurityGroupRequestPermissions({
        ipProtocol: 'TCP',
        portRange: `${port}/${port}`,
        sourceCidrIp: '0.0.0.0/0',
      }),
    ],
  });

async function ruleCount(info: ReadyLine, groupId: string): Promise<number> {
  const ecs = new Ecs(config(info));
  const res = await ecs.describeSecurityGroupAttribute(
    new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: R, securityGroupId: groupId }),
  );
  return res.body?.permissions?.permission?.length ?? 0;
}

/** Waits (up to 5 s) for what another process writes to arrive. */
async function eventually(ok: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!ok()) {
    if (Date.now() > deadline) assert.fail(`${what}: not within 5 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

void describe('acknowledged writes', () => {
  void it('survive a kill -9 right after the answer', async () => {
    const file = join(dir, 'kill9.json');
    let groupId = '';
    for (let round = 1; round <= 5; round++) {
      const p = startSandboxProcess(['--port', '0', '--seed', 'empty', '--state', file]);
      const info = await p.ready;
      const ecs = new Ecs(config(info));
      if (round === 1) {
        groupId = (
          await ecs.createSecurityGroup(
            new $Ecs.CreateSecurityGroupRequest({ regionId: R, securityGroupName: 'k9' }),
          )
        ).body!.securityGroupId!;
      }
      await ecs.authorizeSecurityGroup(sshToWorld(groupId, 1000 + round));
      p.child.kill('SIGKILL'); // at once: no timer, no exit handler may run
      assert.equal((await p.exited).signal, 'SIGKILL');
      const again = startSandboxProcess(['--port', '0', '--seed', 'empty', '--state', file]);
      const info2 = await again.ready;
      assert.equal(await ruleCount(info2, groupId), round, `round ${round}: the acknowledged rule is there`);
      again.child.kill('SIGKILL');
      await again.exited;
    }
  });
});

void describe('state file validation on start', () => {
  const valid = JSON.parse(JSON.stringify(seededState('demo'))) as Record<string, unknown> & {
    securityGroups: Record<string, Record<string, unknown> & { rules: Record<string, unknown>[] }>;
  };
  const firstGroup = Object.keys(valid.securityGroups)[0]!;
  const variant = (edit: (s: typeof valid) => unknown): string => {
    const copy = JSON.parse(JSON.stringify(valid)) as typeof valid;
    const out = edit(copy);
    return JSON.stringify(out === undefined ? copy : out);
  };
  const cases: [string, string, RegExp][] = [
    ['only version and account', '{"version":1,"accountId":"1"}', /accessKeyId|securityGroups/],
    ['groups null', variant((s) => void (s.securityGroups = null as never)), /securityGroups/],
    ['not JSON', '{"version":1,', /JSON/],
    ['another version', variant((s) => void (s.version = 2)), /version/],
    ['an array', '[]', /object/],
    [
      'a group filed under another id',
      variant((s) => {
        s.securityGroups['sg-other'] = s.securityGroups[firstGroup]!;
        delete s.securityGroups[firstGroup];
      }),
      /sg-other/,
    ],
    [
      'a rule with an unknown policy',
      variant((s) => void (s.securityGroups[firstGroup]!.rules[0]!.Policy = 'Maybe')),
      /Policy/,
    ],
    [
      'a function name FC refuses',
      variant((s) => {
        (s as unknown as { fc: { functions: Record<string, unknown> } }).fc.functions['9bad'] = {
          functionName: '9bad',
        };
      }),
      /9bad/,
    ],
    [
      'a role name RAM refuses',
      variant((s) => {
        const roles = (s as unknown as { ram: { roles: Record<string, unknown> } }).ram.roles;
        Object.defineProperty(roles, '__proto__', { value: { RoleName: '__proto__' }, enumerable: true });
      }),
      /__proto__/,
    ],
  ];
  for (const [title, text, reason] of cases) {
    void it(`exits 2 with the reason, touching nothing: ${title}`, async () => {
      const sub = join(dir, `bad-${title.replace(/\W+/g, '-')}`);
      mkdirSync(sub);
      const file = join(sub, 'state.json');
      writeFileSync(file, text);
      const mtime = statSync(file).mtimeMs;
      const p = startSandboxProcess(['--port', '0', '--state', file]);
      const { code } = await within(15000, p.exited, 'the sandbox should exit');
      assert.equal(code, 2);
      assert.match(p.stderr(), reason);
      assert.match(p.stderr(), /state\.json/);
      assert.equal(readFileSync(file, 'utf8'), text, 'the file is unchanged');
      assert.equal(statSync(file).mtimeMs, mtime);
      assert.deepEqual(readdirSync(sub), ['state.json'], 'no other file was written');
    });
  }
});

void describe('a failed save', () => {
  void it('is reported, the change is refused, and the sandbox keeps serving and saves again later', async () => {
    const sub = join(dir, 'unsaveable');
    mkdirSync(sub);
    const file = join(sub, 'state.json');
    const p = startSandboxProcess(['--port', '0', '--seed', 'empty', '--state', file]);
    try {
      const info = await p.ready;
      const ecs = new Ecs(config(info));
      const id = (
        await ecs.createSecurityGroup(
          new $Ecs.CreateSecurityGroupRequest({ regionId: R, securityGroupName: 'a' }),
        )
      ).body!.securityGroupId!;
      // The folder becomes a file: every save now fails (root ignores permissions, so not chmod).
      rmSync(sub, { recursive: true });
      writeFileSync(sub, 'not a folder');
      const err = await sdkError(ecs.authorizeSecurityGroup(sshToWorld(id, 22)));
      assert.equal(err.statusCode, 503);
      await eventually(
        () => /could not save.*state\.json.*ENOTDIR/i.test(p.stderr()),
        'the failure on stderr',
      );
      assert.equal(p.child.exitCode, null, 'still running');
      assert.equal(await ruleCount(info, id), 0, 'the unsaved change was not kept');
      rmSync(sub);
      mkdirSync(sub);
      await ecs.authorizeSecurityGroup(sshToWorld(id, 22));
      await eventually(() => /saved again/i.test(p.stderr()), 'the recovery on stderr');
      const saved = JSON.parse(readFileSync(file, 'utf8')) as {
        securityGroups: Record<string, { rules: unknown[] }>;
      };
      assert.equal(saved.securityGroups[id]?.rules.length, 1);
    } finally {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  });
});

void describe('signals and parents', () => {
  let tcp: Server | undefined;
  after(() => tcp?.close());

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    void it(`${signal} ends it within seconds and aborts a running invocation (timeout 86,400 s)`, async () => {
      tcp ??= await new Promise<Server>((resolve) => {
        const s = createServer();
        s.listen(0, '127.0.0.1', () => resolve(s));
      });
      const port = (tcp.address() as AddressInfo).port;
      const p = startSandboxProcess([
        '--port',
        '0',
        '--seed',
        'empty',
        '--state',
        join(dir, `${signal}.json`),
      ]);
      const info = await p.ready;
      const fc = new Fc(config(info));
      await fc.createFunction(
        new $Fc.CreateFunctionRequest({
          body: new $Fc.CreateFunctionInput({
            functionName: 'forever',
            runtime: 'nodejs20',
            handler: 'index.handler',
            timeout: 86400,
            code: new $Fc.InputCodeLocation({
              zipFile: zipOf({
                'index.js': `exports.handler = () => { require('net').connect(${port}, '127.0.0.1'); return new Promise(() => {}); };`,
              }),
            }),
          }),
        }),
      );
      const connected = new Promise<import('node:net').Socket>((resolve) => tcp!.once('connection', resolve));
      await fc.invokeFunctionWithOptions(
        'forever',
        new $Fc.InvokeFunctionRequest({ body: Readable.from(Buffer.from('{}')) }),
        new $Fc.InvokeFunctionHeaders({ xFcInvocationType: 'Async' }),
        {} as never,
      );
      const socket = await within(10000, connected, 'the function started');
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      const sent = Date.now();
      p.child.kill(signal);
      const { code } = await within(5000, p.exited, `exit after ${signal}`);
      assert.equal(code, 0);
      await within(3000, closed, 'the invocation process ended');
      assert.ok(Date.now() - sent < 5000);
      assert.equal(await listening(info.endpoint), false);
    });
  }

  void it('stops when the npx that started it is terminated', async () => {
    const command = [process.execPath, ...TSX_ARGS, '--port', '0', '--seed', 'empty']
      .map((a) => `'${a}'`)
      .join(' ');
    const npx = spawn('npx', ['--offline', '--yes', '-c', command], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so the clean-up below reaches everything it started
    });
    const p = watch(npx);
    try {
      const info = await within(30000, p.ready, 'the sandbox under npx started');
      assert.equal(await listening(info.endpoint), true);
      process.kill(npx.pid!, 'SIGTERM'); // npx alone, as a terminal's close or a task runner would
      await p.exited;
      const deadline = Date.now() + 5000;
      while ((await listening(info.endpoint)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      assert.equal(await listening(info.endpoint), false, 'the sandbox stopped with its npx parent');
    } finally {
      killQuietly(-npx.pid!);
    }
  });

  void it('says on stderr what it is: the endpoint, how to stop it, where state is kept', async () => {
    const file = join(dir, 'told.json');
    for (const [args, where] of [
      [['--state', file], /told\.json/],
      [[], /memory/],
    ] as const) {
      const p = startSandboxProcess(['--port', '0', '--seed', 'empty', ...args]);
      const info = await p.ready;
      await eventually(() => p.stderr().includes('\n'), 'the stderr line');
      const line = p.stderr().split('\n')[0]!;
      assert.ok(line.includes(info.endpoint), line);
      assert.match(line, /Ctrl\+C/);
      assert.match(line, where);
      assert.ok(
        !line.includes(info.accessKeySecret) && !line.includes(info.controlToken),
        'no secret in the human line',
      );
      p.child.kill('SIGTERM');
      assert.equal((await p.exited).code, 0);
    }
  });
});
