/**
 * The function package's cold start, measured on the built code (`npm run build` first):
 * - module load: a fresh `node` requiring remediation-fn/dist/index.js, against `node -e 0`
 *   (best of N, wall time of the whole process, as FC's cold start pays it);
 * - first invocation in a fresh process (openapi.js required on the first cloud call) and a second
 *   one in the same process, against the sandbox: one group with SSH open to the world, revoked;
 * - whether lazy.js (modules the function should never need) was loaded, and code.zip's size.
 *
 *   node --import tsx bench/function/cold-start.ts [runs]
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { startSandbox } from '../../sandbox/src/index';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'remediation-fn', 'dist');
const RUNS = Number(process.argv[2] ?? 15);

function wallMs(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const best = (f: () => number): number => Math.min(...Array.from({ length: RUNS }, f));

async function main(): Promise<void> {
  const index = join(DIST, 'index.js');
  const base = best(() => wallMs(['-e', '0']));
  const load = best(() => wallMs(['-e', `require(${JSON.stringify(index)})`]));

  const sb = await startSandbox({ port: 0, seed: 'empty', regions: ['cn-hangzhou'] });
  try {
    const ecs = new Ecs(
      new $OpenApiUtil.Config({
        accessKeyId: sb.accessKeyId,
        accessKeySecret: sb.accessKeySecret,
        regionId: 'cn-hangzhou',
        endpoint: sb.endpoint,
        protocol: 'HTTP',
      }),
    );
    const child = `
      const t0 = process.hrtime.bigint();
      const fn = require(${JSON.stringify(index)});
      const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;
      const ctx = { credentials: ${JSON.stringify({ accessKeyId: sb.accessKeyId, accessKeySecret: sb.accessKeySecret })} };
      (async () => {
        const loaded = ms(t0);
        const t1 = process.hrtime.bigint();
        const first = await fn.handler(Buffer.from(process.env.EVENT), ctx);
        const firstMs = ms(t1);
        const t2 = process.hrtime.bigint();
        await fn.handler(Buffer.from(process.env.EVENT), ctx);
        const secondMs = ms(t2);
        const lazy = Object.keys(require.cache).some((k) => k.endsWith('lazy.js'));
        console.log(JSON.stringify({ loaded, firstMs, secondMs, lazy, status: first.groups[0].status }));
      })();`;
    const samples: { loaded: number; firstMs: number; secondMs: number; lazy: boolean; status: string }[] =
      [];
    for (let i = 0; i < Math.min(RUNS, 7); i++) {
      const group = await ecs.createSecurityGroup(
        new $Ecs.CreateSecurityGroupRequest({ regionId: 'cn-hangzhou', securityGroupName: `bench-${i}` }),
      );
      const id = group.body!.securityGroupId!;
      await ecs.authorizeSecurityGroup(
        new $Ecs.AuthorizeSecurityGroupRequest({
          regionId: 'cn-hangzhou',
          securityGroupId: id,
          permissions: [
            new $Ecs.AuthorizeSecurityGroupRequestPermissions({
              ipProtocol: 'TCP',
              portRange: '22/22',
              sourceCidrIp: '0.0.0.0/0',
            }),
          ],
        }),
      );
      const event = JSON.stringify([
        { regionId: 'cn-hangzhou', resourceId: id, resourceType: 'ACS::ECS::SecurityGroup' },
      ]);
      // Asynchronously: the sandbox answering the child runs in this process.
      const r = await promisify(execFile)(process.execPath, ['-e', child], {
        env: {
          PATH: process.env.PATH,
          EVENT: event,
          SG_GUARD_ECS_ENDPOINT: sb.endpoint,
          SG_GUARD_CONFIG_ENDPOINT: sb.endpoint,
          SG_GUARD_ENDPOINT_PROTOCOL: 'http',
        },
      });
      samples.push(JSON.parse(r.stdout.trim().split('\n').at(-1)!) as (typeof samples)[number]);
    }
    const min = (k: 'loaded' | 'firstMs' | 'secondMs') => Math.min(...samples.map((s) => s[k])).toFixed(1);
    const zip = statSync(join(DIST, 'code.zip')).size;
    console.log(`node -e 0:                        ${base.toFixed(0)} ms (best of ${RUNS})`);
    console.log(
      `node requiring index.js:          ${load.toFixed(0)} ms → module load +${(load - base).toFixed(0)} ms`,
    );
    console.log(`require(index.js) in-process:     ${min('loaded')} ms`);
    console.log(
      `first invocation (cold, revoke):  ${min('firstMs')} ms (openapi.js loaded on the first call)`,
    );
    console.log(`second invocation (warm):         ${min('secondMs')} ms`);
    console.log(`lazy.js loaded:                   ${samples.some((s) => s.lazy) ? 'yes' : 'no'}`);
    console.log(
      `every run remediated:             ${samples.every((s) => s.status === 'remediated') ? 'yes' : 'no'}`,
    );
    console.log(`code.zip:                         ${(zip / 1024).toFixed(0)} KiB`);
  } finally {
    await sb.close();
  }
}

void main();
