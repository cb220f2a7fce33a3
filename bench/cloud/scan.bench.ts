/**
 * Live scan of 5,000 security groups in 5 regions from the sandbox, through the official ECS SDK,
 * as the Cloud Findings view does it: time to the first finding, to the full tree, and the
 * number of throttling retries. Run: node --import tsx bench/cloud/scan.bench.ts [concurrency...]
 */
import { sdkEcsApi } from '../../client/src/cloud/core/api/ecs';
import { scanAccount } from '../../client/src/cloud/core/findings/scanner';
import { FindingsModel } from '../../client/src/cloud/core/tree/tree-model';
import { concurrencyLevels, REGIONS, withBulkSandbox } from './bulk-sandbox';

async function main(): Promise<void> {
  const rows: string[][] = [];
  await withBulkSandbox({ groupsPerRegion: 1000 }, async (sb, freshSession) => {
    for (const concurrency of concurrencyLevels([4, 8, 16])) {
      const session = freshSession();
      let retries = 0;
      const model = new FindingsModel();
      model.begin([{ accountId: sb.accountId, label: 'bench' }], { kind: 'scan' });
      const started = performance.now();
      let firstFinding = 0;
      const result = await scanAccount(
        sdkEcsApi(session, { onRetry: () => retries++ }),
        { accountId: sb.accountId, regions: REGIONS, concurrency },
        (e) => {
          model.apply(sb.accountId, e);
          if (!firstFinding && e.type === 'group' && e.group.findings.length > 0)
            firstFinding = performance.now() - started;
        },
      );
      const total = performance.now() - started;
      model.finish();
      const groups = result.reduce((n, r) => n + r.scanned, 0);
      const errors =
        result.filter((r) => r.error).length + result.reduce((n, r) => n + r.groupErrors.length, 0);
      rows.push([
        String(concurrency),
        String(groups),
        String(model.totals().findings),
        `${firstFinding.toFixed(0)} ms`,
        `${(total / 1000).toFixed(2)} s`,
        String(retries),
        String(errors),
      ]);
    }
  });
  const head = [
    'concurrency',
    'groups',
    'findings',
    'first finding',
    'full scan',
    'throttling retries',
    'errors',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log('\ngoals: first finding < 1 s, full scan < 10 s, no throttling errors');
}

void main();
