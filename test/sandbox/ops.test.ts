// Fault injection, the request log, 50 parallel clients, --state persistence and the CLI entry.
import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { startSandbox } from '../../sandbox/src/index';
import { parseArgs, type ReadyLine } from '../../sandbox/src/main';
import { sdkConfig, sdkError, setup, type Env } from './helpers';

let env: Env;
const dir = mkdtempSync(join(tmpdir(), 'sg-guard-sandbox-test-'));
before(async () => {
  env = await setup({ seed: 'empty' });
});
after(async () => {
  await env.h.close();
  rmSync(dir, { recursive: true, force: true });
});

const R = 'cn-hangzhou';
const describeGroups = (ecs = env.ecs) =>
  ecs.describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({ regionId: R }));

void describe('fault injection', () => {
  void it('throttles the next N calls of an action: the SDK raises ThrottlingError with retryAfter', async () => {
    await env.control.injectFault({
      action: 'DescribeSecurityGroups',
      kind: 'throttle',
      count: 2,
      latencyMs: 1500,
    });
    for (let i = 0; i < 2; i++) {
      const err = await sdkError(describeGroups());
      assert.equal(err.name, 'ThrottlingError');
      assert.equal(err.code, 'Throttling.User');
      assert.equal(err.retryAfter, 1500);
    }
    assert.equal((await describeGroups()).statusCode, 200);
    assert.equal(
      (await env.ecs.describeRegions(new $Ecs.DescribeRegionsRequest({}))).statusCode,
      200,
      'other actions unaffected',
    );
  });

  void it('answers 5xx ServiceUnavailable (ServerError) for N calls of any action with `*`', async () => {
    await env.control.injectFault({ action: '*', kind: '5xx', count: 1 });
    const err = await sdkError(env.ecs.describeRegions(new $Ecs.DescribeRegionsRequest({})));
    assert.equal(err.name, 'ServerError');
    assert.equal(err.code, 'ServiceUnavailable');
    assert.equal(err.statusCode, 503);
    assert.equal((await describeGroups()).statusCode, 200);
  });

  void it('delays calls with latency faults and lists then clears pending faults', async () => {
    await env.control.injectFault({ action: 'DescribeRegions', kind: 'latency', count: 1, latencyMs: 50 });
    assert.equal((await env.ecs.describeRegions(new $Ecs.DescribeRegionsRequest({}))).statusCode, 200);
    await env.control.injectFault({ action: 'DescribeRegions', kind: 'throttle', count: 5 });
    await env.control.clearFaults();
    assert.equal((await env.ecs.describeRegions(new $Ecs.DescribeRegionsRequest({}))).statusCode, 200);
  });

  void it('rejects malformed faults', async () => {
    await assert.rejects(
      env.control.injectFault({ action: 'X', kind: 'nope' as never, count: 1 }),
      /unknown fault kind/,
    );
  });
});

void describe('request log', () => {
  void it('records action, product, caller, status and code of each call', async () => {
    const since = (await env.control.log()).at(-1)?.seq ?? 0;
    await describeGroups();
    await sdkError(
      env.ecs.describeSecurityGroupAttribute(
        new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: R, securityGroupId: 'sg-none' }),
      ),
    );
    const entries = await env.control.log({ since });
    assert.deepEqual(
      entries.map((e) => [e.product, e.action, e.caller, e.status, e.code]),
      [
        ['ecs', 'DescribeSecurityGroups', 'root', 200, ''],
        ['ecs', 'DescribeSecurityGroupAttribute', 'root', 404, 'InvalidSecurityGroupId.NotFound'],
      ],
    );
    const bad = new Ecs(sdkConfig(env.h, { accessKeyId: 'nobody', accessKeySecret: 'x' }));
    await sdkError(describeGroups(bad));
    assert.equal((await env.control.log({ action: 'DescribeSecurityGroups' })).at(-1)?.caller, 'anonymous');
  });
});

void describe('concurrency', () => {
  void it('50 parallel clients creating groups and authorizing rules leave a consistent state', async () => {
    // 200 calls at once, each written to disk before it is answered: on a loaded machine some wait
    // longer than the SDK's default read timeout, which this test is not about (consistency is).
    const clients = Array.from(
      { length: 50 },
      () => new Ecs(Object.assign(sdkConfig(env.h), { readTimeout: 60_000, connectTimeout: 30_000 })),
    );
    const ids = await Promise.all(
      clients.map(async (ecs, i) => {
        const res = await ecs.createSecurityGroup(
          new $Ecs.CreateSecurityGroupRequest({ regionId: R, securityGroupName: `par-${i}` }),
        );
        const id = res.body!.securityGroupId!;
        await Promise.all(
          [1, 2, 3].map((k) =>
            ecs.authorizeSecurityGroup(
              new $Ecs.AuthorizeSecurityGroupRequest({
                regionId: R,
                securityGroupId: id,
                permissions: [
                  new $Ecs.AuthorizeSecurityGroupRequestPermissions({
                    ipProtocol: 'TCP',
                    portRange: `${k}/${k}`,
                    sourceCidrIp: '10.0.0.0/8',
                  }),
                ],
              }),
            ),
          ),
        );
        return id;
      }),
    );
    assert.equal(new Set(ids).size, 50);
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const res = await env.ecs.describeSecurityGroups(
        new $Ecs.DescribeSecurityGroupsRequest({ regionId: R, maxResults: 100, nextToken }),
      );
      for (const g of res.body!.securityGroups?.securityGroup ?? []) {
        if (g.securityGroupName?.startsWith('par-')) {
          seen.push(g.securityGroupId!);
          assert.equal(g.ruleCount, 3);
        }
      }
      nextToken = res.body!.nextToken || undefined;
    } while (nextToken);
    assert.deepEqual(seen.sort(), [...ids].sort());
    const ruleIds = ids.flatMap((id) =>
      env.h.sandbox.state.securityGroups[id]!.rules.map((r) => r.SecurityGroupRuleId),
    );
    assert.equal(new Set(ruleIds).size, 150);
  });
});

void describe('persistence and CLI', () => {
  void it('keeps state in --state FILE across restarts', async () => {
    const file = join(dir, 'state.json');
    const first = await startSandbox({ seed: 'empty', statePath: file });
    const ecs = new Ecs(sdkConfig(first));
    const id = (
      await ecs.createSecurityGroup(
        new $Ecs.CreateSecurityGroupRequest({ regionId: R, securityGroupName: 'kept' }),
      )
    ).body!.securityGroupId!;
    await first.close();
    assert.ok(existsSync(file));
    const second = await startSandbox({ seed: 'demo', statePath: file });
    const ecs2 = new Ecs(sdkConfig(second));
    const res = await ecs2.describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({ regionId: R, maxResults: 100 }),
    );
    assert.deepEqual(
      res.body!.securityGroups?.securityGroup?.map((g) => g.securityGroupId),
      [id],
      'the file wins over the seed',
    );
    await second.close();
  });

  void it('parses flags and refuses bad ones', () => {
    assert.deepEqual(parseArgs(['--port', '0', '--seed', 'empty', '--state=x.json']), {
      port: 0,
      seed: 'empty',
      statePath: 'x.json',
    });
    assert.match(parseArgs(['--seed', 'full']) as string, /--seed must be demo or empty/);
    assert.match(parseArgs(['--port', 'abc']) as string, /--port/);
    assert.match(parseArgs(['--bogus']) as string, /unknown argument/);
  });

  void it('runs in the foreground, prints one JSON line, serves, and saves state on SIGTERM', async () => {
    const file = join(dir, 'cli-state.json');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(__dirname, '../../sandbox/src/main.ts'),
        '--port',
        '0',
        '--seed',
        'empty',
        '--state',
        file,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const line = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout }).once('line', resolve),
    );
    const info = JSON.parse(line) as ReadyLine;
    assert.match(info.endpoint, /^127\.0\.0\.1:\d+$/);
    assert.deepEqual(Object.keys(info).sort(), [
      'accessKeyId',
      'accessKeySecret',
      'accountId',
      'controlToken',
      'endpoint',
      'pid',
      'regions',
    ]);
    assert.equal(info.pid, child.pid);
    const ecs = new Ecs(
      new (await import('@alicloud/openapi-core')).$OpenApiUtil.Config({
        ...info,
        regionId: R,
        protocol: 'HTTP',
      }),
    );
    await ecs.createSecurityGroup(
      new $Ecs.CreateSecurityGroupRequest({ regionId: R, securityGroupName: 'from-cli' }),
    );
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      securityGroups: Record<string, { SecurityGroupName: string }>;
    };
    assert.deepEqual(
      Object.values(saved.securityGroups).map((g) => g.SecurityGroupName),
      ['from-cli'],
    );
  });

  void it('exits 2 with a one-line message on bad flags', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '../../sandbox/src/main.ts'), '--seed', 'nope'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.match(stderr, /--seed must be demo or empty/);
  });
});
