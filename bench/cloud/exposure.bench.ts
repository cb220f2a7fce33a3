/**
 * Exposure at scale (issue 15, part 3): 5,000 security groups in 5 regions with 20,000 attachments
 * (instances and secondary interfaces, 4 per group, a public address on one group in three) in the
 * sandbox, scanned through the official ECS SDK as Cloud Findings does it, the attachments of every
 * exposed group read (DescribeInstances + DescribeNetworkInterfaces, paged, same concurrency limit).
 * Prints the time to the first ranked finding (the first group reachable from the Internet, with its
 * attachments: what the tree puts on top), to the full ranked tree, and the calls made.
 * Run: node --import tsx bench/cloud/exposure.bench.ts [concurrency...]
 */
import { sdkEcsApi, type EcsApi } from '../../client/src/cloud/core/api/ecs';
import { scanAccount } from '../../client/src/cloud/core/findings/scanner';
import { reachOf } from '../../client/src/cloud/core/findings/exposure';
import { FindingsModel } from '../../client/src/cloud/core/tree/tree-model';
import { concurrencyLevels, REGIONS, withBulkSandbox } from './bulk-sandbox';

/** Counts the attachment reads. */
function counted(api: EcsApi, calls: { attachments: number }): EcsApi {
  return {
    ...api,
    instancesOfGroup: (r, g, t) => (calls.attachments++, api.instancesOfGroup!(r, g, t)),
    interfacesOfGroup: (r, g, t) => (calls.attachments++, api.interfacesOfGroup!(r, g, t)),
  };
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  await withBulkSandbox({ groupsPerRegion: 1000, attachmentsPerGroup: 4 }, async (sb, freshSession) => {
    const st = sb.sandbox.state;
    const attachments =
      Object.keys(st.instances ?? {}).length + Object.keys(st.networkInterfaces ?? {}).length;
    for (const concurrency of concurrencyLevels([8, 16])) {
      const session = freshSession();
      const calls = { attachments: 0 };
      const model = new FindingsModel();
      model.begin([{ accountId: sb.accountId, label: 'bench' }], { kind: 'scan' });
      const started = performance.now();
      let firstRanked = 0;
      await scanAccount(
        counted(sdkEcsApi(session), calls),
        { accountId: sb.accountId, regions: REGIONS, concurrency },
        (e) => {
          model.apply(sb.accountId, e);
          if (!firstRanked && e.type === 'group' && reachOf(e.group.exposure) === 'internet')
            firstRanked = performance.now() - started;
        },
      );
      const total = performance.now() - started;
      model.finish();
      const ranked = model.rankedGroups();
      const reachable = ranked.filter((g) => reachOf(g.group.exposure) === 'internet').length;
      const nothing = ranked.filter((g) => reachOf(g.group.exposure) === 'unattached').length;
      rows.push([
        String(concurrency),
        String(Object.keys(st.securityGroups).length),
        String(attachments),
        String(ranked.length),
        `${reachable} / ${nothing}`,
        String(calls.attachments),
        `${firstRanked.toFixed(0)} ms`,
        `${(total / 1000).toFixed(2)} s`,
      ]);
    }
  });
  console.log(
    '| concurrency | groups | attachments | exposed groups | reachable / attached to nothing | attachment calls | first ranked finding | full ranked tree |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

void main();
