/**
 * Bench: what saving before answering costs. AuthorizeSecurityGroup through the official ECS SDK,
 * one at a time and from 50 clients at once, against a sandbox kept in memory and one with
 * `--state` (every write fsync'd before it is answered), on the demo account (~60 groups) and on
 * a 5,000-group account (startSandbox's `bulk`).
 *
 *   node --import tsx bench/sandbox/durable-writes.ts [--writes 200] [--bulk-groups-per-region 1000]
 */
import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type SandboxOptions } from '../../sandbox/src/index';

const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'ap-southeast-1', 'eu-central-1'];

function flag(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1] ?? def) : def;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function measure(label: string, opts: SandboxOptions, writes: number): Promise<void> {
  const h = await startSandbox({ ...opts, report: () => undefined });
  try {
    const config = new $OpenApiUtil.Config({
      accessKeyId: h.accessKeyId,
      accessKeySecret: h.accessKeySecret,
      regionId: 'cn-hangzhou',
      endpoint: h.endpoint,
      protocol: 'HTTP',
      readTimeout: 120_000,
      connectTimeout: 120_000,
    });
    const groups = Object.values(h.sandbox.state.securityGroups).filter((g) => !g.ServiceManaged);
    // Each call adds a new rule (group n mod G, port 1024 + n div G): a repeated rule changes nothing.
    let n = 0;
    const authorize = (ecs: Ecs) => {
      const g = groups[n % groups.length]!;
      const port = 1024 + Math.floor(n++ / groups.length);
      return ecs.authorizeSecurityGroup(
        new $Ecs.AuthorizeSecurityGroupRequest({
          regionId: g.RegionId,
          securityGroupId: g.SecurityGroupId,
          permissions: [
            new $Ecs.AuthorizeSecurityGroupRequestPermissions({
              ipProtocol: 'TCP',
              portRange: `${port}/${port}`,
              sourceCidrIp: '10.1.0.0/16',
            }),
          ],
        }),
      );
    };
    const ecs = new Ecs(config);
    for (let i = 0; i < 10; i++) await authorize(ecs); // warm-up
    const times: number[] = [];
    for (let i = 0; i < writes; i++) {
      const t = performance.now();
      await authorize(ecs);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const clients = Array.from({ length: 50 }, () => new Ecs(config));
    const t = performance.now();
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < writes / 10; i++) await authorize(c);
      }),
    );
    const parallelMs = performance.now() - t;
    const parallelWrites = 50 * (writes / 10);
    const size = opts.statePath ? `${Math.round(statSync(opts.statePath).size / 1024)} KB file, ` : '';
    const saves = h.sandbox.persistence?.status().saves;
    console.log(
      `${label.padEnd(34)} one client: p50 ${quantile(times, 0.5).toFixed(2)} ms, p95 ${quantile(times, 0.95).toFixed(2)} ms; ` +
        `50 clients: ${Math.round((parallelWrites / parallelMs) * 1000)} writes/s; ${size}${saves === undefined ? '' : `${saves} saves`}`,
    );
  } finally {
    await h.close();
  }
}

async function main(): Promise<void> {
  const writes = flag('--writes', 200);
  const perRegion = flag('--bulk-groups-per-region', 1000);
  const dir = mkdtempSync(join(tmpdir(), 'sg-guard-durable-'));
  try {
    await measure('demo, in memory', { seed: 'demo' }, writes);
    await measure(
      'demo, --state (save before answer)',
      { seed: 'demo', statePath: join(dir, 'demo.json') },
      writes,
    );
    const bulk = { seed: 'empty' as const, regions: REGIONS, bulk: { groupsPerRegion: perRegion } };
    // Each save of the big account serialises ~15 MB: fewer writes keep the run short.
    const bulkWrites = Math.max(10, Math.round(writes / 10));
    await measure(`${perRegion * 5} groups, in memory`, bulk, bulkWrites);
    await measure(
      `${perRegion * 5} groups, --state`,
      { ...bulk, statePath: join(dir, 'bulk.json') },
      bulkWrites,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
