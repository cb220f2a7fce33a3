/**
 * Bench: a sandbox seeded with 5,000 security groups over 5 regions (startSandbox's `bulk`
 * option — reuse it to seed other benches), scanned through the official ECS SDK the way the
 * live tree view does: DescribeSecurityGroups pages (MaxResults 100) per region, then
 * DescribeSecurityGroupAttribute per group, under a p-limit concurrency cap.
 *
 *   node --import tsx bench/sandbox/scan.ts [--groups-per-region 1000] [--concurrency 1,8,32]
 */
import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { startSandbox } from '../../sandbox/src/index';

const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'ap-southeast-1', 'eu-central-1'];

function flag(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? def) : def;
}

async function scan(
  ecs: Ecs,
  concurrency: number,
): Promise<{ groups: number; rules: number; calls: number }> {
  // p-limit is ESM-only; this file is CommonJS.
  const { default: pLimit } = await import('p-limit');
  const limit = pLimit(concurrency);
  let calls = 0;
  const ids = (
    await Promise.all(
      REGIONS.map((regionId) =>
        limit(async () => {
          const out: string[] = [];
          let nextToken: string | undefined;
          do {
            const res = await ecs.describeSecurityGroups(
              new $Ecs.DescribeSecurityGroupsRequest({ regionId, maxResults: 100, nextToken }),
            );
            calls++;
            out.push(
              ...(res.body!.securityGroups?.securityGroup ?? []).map(
                (g) => `${regionId}/${g.securityGroupId!}`,
              ),
            );
            nextToken = res.body!.nextToken || undefined;
          } while (nextToken);
          return out;
        }),
      ),
    )
  ).flat();
  const ruleCounts = await Promise.all(
    ids.map((key) =>
      limit(async () => {
        const [regionId, securityGroupId] = key.split('/') as [string, string];
        const res = await ecs.describeSecurityGroupAttribute(
          new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId, securityGroupId }),
        );
        calls++;
        return res.body!.permissions?.permission?.length ?? 0;
      }),
    ),
  );
  return { groups: ids.length, rules: ruleCounts.reduce((a, b) => a + b, 0), calls };
}

async function main(): Promise<void> {
  const perRegion = Number(flag('--groups-per-region', '1000'));
  const levels = flag('--concurrency', '1,8,32').split(',').map(Number);
  const seedStart = Date.now();
  const h = await startSandbox({ seed: 'empty', regions: REGIONS, bulk: { groupsPerRegion: perRegion } });
  const seedMs = Date.now() - seedStart;
  const ecs = new Ecs(
    new $OpenApiUtil.Config({
      accessKeyId: h.accessKeyId,
      accessKeySecret: h.accessKeySecret,
      regionId: REGIONS[0],
      endpoint: h.endpoint,
      protocol: 'HTTP',
    }),
  );
  console.log(
    `seeded ${perRegion * REGIONS.length} groups in ${REGIONS.length} regions in ${seedMs} ms (${process.version}, ${Date().slice(0, 24)})`,
  );
  await scan(ecs, 8); // warm-up (JIT, keep-alive sockets)
  const rows: string[][] = [['concurrency', 'groups', 'rules', 'API calls', 'scan ms', 'calls/s']];
  for (const c of levels) {
    const t = process.hrtime.bigint();
    const r = await scan(ecs, c);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    rows.push([
      String(c),
      String(r.groups),
      String(r.rules),
      String(r.calls),
      ms.toFixed(0),
      ((r.calls * 1000) / ms).toFixed(0),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
  await h.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
