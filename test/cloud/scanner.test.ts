/**
 * The direct scan against the sandbox through the official ECS SDK: every group of every region,
 * paging, the concurrency limit, retries on throttling, and errors surfaced per region.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxHandle } from '../../sandbox/src/index';
import { sdkEcsApi, type EcsApi } from '../../client/src/cloud/core/api/ecs';
import { CancelledError } from '../../remediation-fn/src/public';
import { scanAccount, type ScanEvent } from '../../client/src/cloud/core/findings/scanner';
import { CloudSession } from '../../client/src/cloud/core/api/session';
import { sdkGuardrailApi } from '../../client/src/cloud/core/deploy/api';
import { FindingsModel } from '../../client/src/cloud/core/tree/tree-model';
import { sandboxSession } from './helpers';

describe('scanner (demo account)', () => {
  let sb: SandboxHandle;
  let session: CloudSession;
  before(async () => ({ sb, session } = await sandboxSession()));
  after(() => sb.close());

  it('reads every group of every region and judges them with the rule module', async () => {
    const events: ScanEvent[] = [];
    const result = await scanAccount(
      sdkEcsApi(session),
      { accountId: sb.accountId, regions: sb.regions },
      (e) => events.push(e),
    );
    const groups = Object.values(sb.sandbox.state.securityGroups);
    for (const r of result) {
      assert.equal(r.error, undefined);
      assert.equal(r.scanned, groups.filter((g) => g.RegionId === r.region).length, r.region);
    }
    const byName = new Map(result.flatMap((r) => r.groups).map((g) => [g.name, g]));
    const bastion = byName.get('bastion-legacy')!;
    assert.equal(bastion.findings.length, 1);
    assert.equal(bastion.findings[0]!.source, '0.0.0.0/0');
    assert.match(bastion.findings[0]!.ruleId, /^sgr-/);
    assert.match(bastion.findings[0]!.why, /SSH/);
    // A drop rule of higher priority closes 22: only RDP remains.
    const shadowed = byName.get('partly-shadowed')!;
    assert.deepEqual(
      shadowed.findings.map((f) => f.ports),
      [['RDP (3389/tcp)']],
    );
    assert.equal(byName.get('kube-api-v6')!.findings[0]!.source, '::/0');
    // Groups with only safe rules have no findings.
    const clean = result.flatMap((r) => r.groups).filter((g) => g.findings.length === 0);
    assert.ok(clean.length > 30);
    assert.equal(events.filter((e) => e.type === 'group').length, groups.length);
    assert.ok(
      events.findIndex((e) => e.type === 'group') < events.findIndex((e) => e.type === 'region-done'),
    );
  });

  it('respects the configured ports', async () => {
    const [r] = await scanAccount(sdkEcsApi(session), {
      accountId: sb.accountId,
      regions: ['cn-hangzhou'],
      ports: [3389],
    });
    const names = r!.groups.filter((g) => g.findings.length > 0).map((g) => g.name);
    assert.ok(names.includes('windows-jump'));
    assert.ok(!names.includes('bastion-legacy'));
  });

  it('retries throttled calls with backoff and still reads everything', async () => {
    const since = sb.sandbox.log.last();
    sb.sandbox.faults.add({
      action: 'DescribeSecurityGroupAttribute',
      kind: 'throttle',
      count: 4,
      latencyMs: 5,
    });
    sb.sandbox.faults.add({ action: 'DescribeSecurityGroups', kind: '5xx', count: 1 });
    const retries: string[] = [];
    const result = await scanAccount(sdkEcsApi(session, { onRetry: (info) => retries.push(info.code) }), {
      accountId: sb.accountId,
      regions: sb.regions,
    });
    assert.ok(result.every((r) => r.error === undefined && r.groupErrors.length === 0));
    assert.equal(
      result.reduce((n, r) => n + r.scanned, 0),
      Object.keys(sb.sandbox.state.securityGroups).length,
    );
    assert.equal(retries.filter((c) => c.includes('Throttling')).length, 4);
    assert.equal(retries.filter((c) => c === 'ServiceUnavailable').length, 1);
    assert.equal(sb.sandbox.log.list({ since }).filter((e) => e.code.includes('Throttling')).length, 4);
  });

  it('surfaces Forbidden.RAM on the region, naming the denied action', async () => {
    const api = sdkGuardrailApi(session);
    await api.createRole(
      'reader',
      JSON.stringify({
        Version: '1',
        Statement: [
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['fc.aliyuncs.com'] } },
        ],
      }),
      '',
    );
    await api.createPolicy(
      'attr-only',
      JSON.stringify({
        Version: '1',
        Statement: [{ Effect: 'Allow', Action: ['ecs:DescribeSecurityGroupAttribute'], Resource: '*' }],
      }),
      '',
    );
    await api.attach('reader', 'attr-only');
    const role = sb.sandbox.state.ram.roles.reader!;
    const c = sb.sandbox.sts.issue(role.RoleName, role.Arn, role.MaxSessionDuration);
    const limited = new CloudSession({
      source: {
        kind: 'static',
        label: 'role',
        credentials: {
          accessKeyId: c.accessKeyId,
          accessKeySecret: c.accessKeySecret,
          securityToken: c.securityToken,
        },
      },
      sandbox: sb.endpoint,
    });
    const model = new FindingsModel();
    model.begin([{ accountId: sb.accountId, label: 'sandbox' }], { kind: 'scan' });
    const result = await scanAccount(
      sdkEcsApi(limited),
      { accountId: sb.accountId, regions: ['cn-shanghai'] },
      (e) => model.apply(sb.accountId, e),
    );
    model.finish();
    assert.equal(result[0]!.error?.code, 'Forbidden.RAM');
    assert.equal(result[0]!.error?.deniedAction, 'ecs:DescribeSecurityGroups');
    assert.equal(model.state, 'error');
    const [account] = model.roots();
    const [region] = model.children(account);
    assert.equal(model.view(region!).description, 'Forbidden.RAM: ecs:DescribeSecurityGroups');
    assert.equal(model.children(region)[0]!.kind, 'message');
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    let seen = 0;
    await assert.rejects(
      scanAccount(
        sdkEcsApi(session, { signal: ac.signal }),
        { accountId: sb.accountId, regions: sb.regions, signal: ac.signal },
        (e) => {
          if (e.type === 'group' && ++seen === 3) ac.abort();
        },
      ),
      CancelledError,
    );
  });
});

describe('scanner (paging and concurrency)', () => {
  it('pages through groups and keeps at most `concurrency` calls in flight', async () => {
    const { sb, session } = await sandboxSession({
      seed: 'empty',
      regions: ['cn-hangzhou', 'cn-beijing'],
      bulk: { groupsPerRegion: 230 },
    });
    try {
      const real = sdkEcsApi(session);
      let inFlight = 0;
      let peak = 0;
      const counted =
        <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
        async (...a: A): Promise<R> => {
          peak = Math.max(peak, ++inFlight);
          try {
            return await fn(...a);
          } finally {
            inFlight--;
          }
        };
      const ecs: EcsApi = {
        ...real,
        describeSecurityGroups: counted((r: string, t?: string) => real.describeSecurityGroups(r, t)),
        describeIngress: counted((r: string, g: string, t?: string) => real.describeIngress(r, g, t)),
      };
      const since = sb.sandbox.log.last();
      const result = await scanAccount(ecs, { accountId: sb.accountId, regions: sb.regions, concurrency: 5 });
      assert.deepEqual(
        result.map((r) => r.scanned),
        [230, 230],
      );
      // MaxResults is 100: three pages per region.
      assert.equal(sb.sandbox.log.list({ since, action: 'DescribeSecurityGroups' }).length, 6);
      assert.ok(peak <= 5, `peak ${peak}`);
      assert.ok(peak >= 2, 'calls ran in parallel');
      // Every tenth bulk group opens SSH to the world.
      assert.equal(result.flatMap((r) => r.groups).filter((g) => g.findings.length > 0).length, 2 * 23);
    } finally {
      await sb.close();
    }
  });

  it('pages through a group’s rules', async () => {
    const pages: (string | undefined)[] = [];
    const ecs: EcsApi = {
      portRangeListEntries: () => Promise.reject(new Error('no port lists here')),
      describeSecurityGroups: () =>
        Promise.resolve({
          groups: [
            {
              SecurityGroupId: 'sg-1',
              SecurityGroupName: 'one',
              VpcId: 'vpc-1',
              ServiceManaged: false,
              Tags: [],
            },
          ],
        }),
      describeIngress: (_r, _g, token) => {
        pages.push(token);
        return Promise.resolve(
          token === undefined
            ? {
                permissions: [
                  {
                    SecurityGroupRuleId: 'sgr-a',
                    IpProtocol: 'TCP',
                    PortRange: '443/443',
                    SourceCidrIp: '0.0.0.0/0',
                  },
                ],
                nextToken: 'p2',
              }
            : {
                permissions: [
                  {
                    SecurityGroupRuleId: 'sgr-b',
                    IpProtocol: 'TCP',
                    PortRange: '22/22',
                    SourceCidrIp: '0.0.0.0/0',
                  },
                ],
              },
        );
      },
      revokeRules: () => Promise.resolve(),
    };
    const [r] = await scanAccount(ecs, { accountId: '1', regions: ['cn-hangzhou'] });
    assert.deepEqual(pages, [undefined, 'p2']);
    assert.deepEqual(
      r!.groups[0]!.findings.map((f) => f.ruleId),
      ['sgr-b'],
    );
  });
});
