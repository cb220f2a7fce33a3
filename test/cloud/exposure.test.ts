/**
 * Real exposure in Cloud Findings (issue 15, part 3): what each exposed group is attached to, read
 * through the official ECS SDK from the sandbox's demo account; ranking (reachable from the Internet
 * first, "attached to nothing" last, unreadable attachments never called safe); the tooltip; the
 * exported report. Field names follow the ecs20140526 models (DescribeInstances,
 * DescribeNetworkInterfaces), which the sandbox's contract check enforces on every answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxHandle } from '../../sandbox/src/index';
import { sdkEcsApi, type EcsApi } from '../../client/src/cloud/core/api/ecs';
import { scanAccount } from '../../client/src/cloud/core/findings/scanner';
import type { CloudSession } from '../../client/src/cloud/core/api/session';
import { FindingsModel } from '../../client/src/cloud/core/tree/tree-model';
import {
  addExposures,
  instanceAttachment,
  interfaceAttachment,
  reachOf,
  readExposure,
  type Attachment,
} from '../../client/src/cloud/core/findings/exposure';
import { csvCell, findingsReport } from '../../client/src/cloud/core/findings/export';
import type { GroupFindings } from '../../client/src/cloud/core/findings/findings';
import { sandboxSession } from './helpers';

describe('exposure (demo account, through the SDK)', () => {
  let sb: SandboxHandle;
  let session: CloudSession;
  let groups: Map<string, GroupFindings>;
  const model = new FindingsModel();
  before(async () => {
    ({ sb, session } = await sandboxSession());
    model.begin([{ accountId: sb.accountId, label: 'demo' }], { kind: 'scan' });
    const result = await scanAccount(
      sdkEcsApi(session),
      { accountId: sb.accountId, regions: sb.regions, concurrency: 4 },
      (e) => model.apply(sb.accountId, e),
    );
    model.finish();
    groups = new Map(result.flatMap((r) => r.groups).map((g) => [g.name, g]));
  });
  after(() => sb.close());

  it('names the instances and interfaces of each exposed group with their public addresses', () => {
    const bastion = groups.get('bastion-legacy')!;
    assert.equal(reachOf(bastion.exposure), 'internet');
    const names = bastion.exposure!.attachments.map((a) => `${a.kind} ${a.name} ${a.status}`).sort();
    assert.deepEqual(names, ['instance bastion-01 Running', 'instance bastion-02 Stopped']);
    const eip = bastion.exposure!.attachments.find((a) => a.name === 'bastion-01')!.publicAddresses;
    assert.equal(eip.length, 1);
    assert.equal(eip[0]!.kind, 'EIP');
    assert.match(eip[0]!.allocationId!, /^eip-/);
    // A secondary interface with an EIP, on an instance without a public address.
    const dev = groups.get('dev-sandbox-open')!.exposure!.attachments;
    const eni = dev.find((a) => a.kind === 'network interface')!;
    assert.match(eni.instanceId!, /^i-/);
    assert.equal(eni.publicAddresses[0]!.kind, 'EIP');
    assert.equal(reachOf(groups.get('windows-jump')!.exposure), 'internet');
    // An interface attached to no instance, no public address: attached, not reachable.
    assert.equal(reachOf(groups.get('ipv6-admin')!.exposure), 'private');
    assert.equal(reachOf(groups.get('rdp-udp')!.exposure), 'unattached');
    // Groups without findings are not asked about.
    const clean = [...groups.values()].filter((g) => g.findings.length === 0);
    assert.ok(clean.length > 0 && clean.every((g) => g.exposure === undefined));
  });

  it('ranks groups reachable from the Internet first and says "attached to nothing" for the rest', () => {
    const region = model
      .children(model.roots()[0])
      .find((n) => n.kind === 'region' && n.region === 'cn-hangzhou')!;
    const shown = model.children(region).filter((n) => n.kind === 'group');
    const reach = shown.map((n) => (n.kind === 'group' ? reachOf(n.group.exposure) : ''));
    assert.deepEqual(
      reach,
      [...reach].sort((a, b) => order(a) - order(b)),
      reach.join(', '),
    );
    assert.equal(reach[0], 'internet');
    const bastion = shown.find((n) => n.kind === 'group' && n.group.name === 'bastion-legacy')!;
    const view = model.view(bastion);
    assert.match(view.description ?? '', /^sg-\w+ · reachable from the Internet · vpc-/);
    assert.match(view.tooltip, /instance i-\w+ \(bastion-01\), Running: EIP 2\d\d\.\d+\.\d+\.\d+/);
    assert.equal(view.icon, 'globe');
    const nothing = model.rankedGroups().find((n) => n.group.name === 'rdp-udp')!;
    assert.match(model.view(nothing).description ?? '', /^sg-\w+ · attached to nothing · /);
    assert.match(model.view(nothing).tooltip, /Attached to nothing/);
  });

  it('exports the ranked findings as JSON and CSV', () => {
    const ranked = model.rankedGroups().map((n) => n.group);
    const report = findingsReport(ranked, '2026-12-05T00:00:00Z');
    const doc = JSON.parse(report.json) as {
      groups: { name: string; reach: string; attachments: Attachment[] }[];
    };
    assert.equal(doc.groups.length, ranked.length);
    assert.equal(doc.groups[0]!.reach, 'internet');
    assert.equal(doc.groups.at(-1)!.reach, 'unattached');
    const lines = report.csv.trimEnd().split('\r\n');
    assert.match(
      lines[0]!,
      /^account,region,group id,group name,vpc,reach,public addresses,attachments,rule id/,
    );
    assert.equal(
      lines.length - 1,
      ranked.reduce((n, g) => n + Math.max(1, g.findings.length), 0),
    );
    assert.ok(lines.some((l) => l.includes('bastion-legacy') && /EIP of i-/.test(l)));
  });
});

const order = (r: string): number => ['internet', 'unknown', 'private', 'unattached'].indexOf(r);

describe('exposure (core)', () => {
  it("reads the models' fields: fixed public IPs, EIPs on instances, interfaces and secondary private IPs", () => {
    const i = instanceAttachment({
      InstanceId: 'i-1',
      InstanceName: 'web',
      Status: 'Running',
      PublicIpAddress: { IpAddress: ['47.1.1.1'] },
      EipAddress: { IpAddress: '', AllocationId: '' },
      VpcAttributes: { PrivateIpAddress: { IpAddress: ['10.0.0.1'] } },
    });
    assert.deepEqual(i.publicAddresses, [{ address: '47.1.1.1', kind: 'public IP' }]);
    assert.deepEqual(i.privateIps, ['10.0.0.1']);
    const n = interfaceAttachment({
      NetworkInterfaceId: 'eni-1',
      Status: 'InUse',
      InstanceId: 'i-1',
      PrivateIpAddress: '10.0.0.2',
      AssociatedPublicIp: { PublicIpAddress: '47.2.2.2', AllocationId: 'eip-1' },
      PrivateIpSets: {
        PrivateIpSet: [
          {
            PrivateIpAddress: '10.0.0.2',
            AssociatedPublicIp: { PublicIpAddress: '47.2.2.2', AllocationId: 'eip-1' },
          },
          {
            PrivateIpAddress: '10.0.0.3',
            AssociatedPublicIp: { PublicIpAddress: '47.3.3.3', AllocationId: 'eip-2' },
          },
        ],
      },
    });
    assert.deepEqual(
      n.publicAddresses.map((p) => `${p.kind} ${p.address}`),
      ['EIP 47.2.2.2', 'EIP 47.3.3.3'],
    );
    assert.deepEqual(n.privateIps, ['10.0.0.2', '10.0.0.3']);
  });

  it('pages both reads through the limit, and an unreadable attachment list is "cannot verify", not safe', async () => {
    let calls = 0;
    const limit = <T>(fn: () => Promise<T>): Promise<T> => {
      calls++;
      return fn();
    };
    const att = (id: string): Attachment => ({
      kind: 'instance',
      id,
      name: '',
      status: 'Running',
      privateIps: [],
      publicAddresses: [],
    });
    const api = {
      instancesOfGroup: (_r: string, _g: string, t?: string) =>
        Promise.resolve(t ? { attachments: [att('i-2')] } : { attachments: [att('i-1')], nextToken: 'p2' }),
      interfacesOfGroup: () => Promise.resolve({ attachments: [] }),
    };
    const e = await readExposure(api, 'cn-hangzhou', 'sg-1', limit, String);
    assert.deepEqual(
      e.attachments.map((a) => a.id),
      ['i-1', 'i-2'],
    );
    assert.equal(calls, 3);
    assert.equal(reachOf(e), 'private');
    const failing = { ...api, interfacesOfGroup: () => Promise.reject(new Error('Forbidden.RAM')) };
    const bad = await readExposure(failing, 'cn-hangzhou', 'sg-1', limit, (x) => (x as Error).message);
    assert.equal(reachOf(bad), 'unknown');
    assert.equal(bad.error, 'Forbidden.RAM');
  });

  it('a scan whose attachment reads fail ranks the group with the reachable ones, saying why', async () => {
    const fake: EcsApi = {
      describeSecurityGroups: () =>
        Promise.resolve({
          groups: [
            { SecurityGroupId: 'sg-a', SecurityGroupName: 'a', VpcId: 'v', ServiceManaged: false, Tags: [] },
          ],
        }),
      describeIngress: () =>
        Promise.resolve({
          permissions: [
            {
              IpProtocol: 'TCP',
              PortRange: '22/22',
              SourceCidrIp: '0.0.0.0/0',
              Policy: 'Accept',
              Priority: '1',
            },
          ],
        }),
      revokeRules: () => Promise.resolve(),
      portRangeListEntries: () => Promise.resolve([]),
      instancesOfGroup: () => Promise.reject(new Error('throttled for good')),
      interfacesOfGroup: () => Promise.resolve({ attachments: [] }),
    };
    const [r] = await scanAccount(fake, { accountId: '1', regions: ['cn-hangzhou'] });
    const g = r!.groups[0]!;
    assert.equal(reachOf(g.exposure), 'unknown');
    assert.match(g.exposure!.error!, /throttled for good/);
  });

  it('adds the exposure of groups that came without it (Config results), each as soon as it is read', async () => {
    const group = (groupId: string): GroupFindings => ({
      accountId: '1',
      region: 'cn-hangzhou',
      groupId,
      name: groupId,
      vpcId: 'v',
      serviceManaged: false,
      tags: [],
      findings: [],
    });
    const api = {
      instancesOfGroup: (_r: string, g: string) =>
        g === 'sg-bad'
          ? Promise.reject(new Error('Forbidden.RAM'))
          : Promise.resolve({
              attachments: [
                {
                  kind: 'instance' as const,
                  id: 'i-1',
                  name: '',
                  status: 'Running',
                  privateIps: [],
                  publicAddresses: [{ address: '203.0.113.9', kind: 'EIP' as const }],
                },
              ],
            }),
      interfacesOfGroup: () => Promise.resolve({ attachments: [] }),
    };
    const got: GroupFindings[] = [];
    await addExposures(
      api,
      [group('sg-ok'), group('sg-bad')],
      { concurrency: 2, describe: (e) => (e as Error).message },
      (g) => got.push(g),
    );
    const by = new Map(got.map((g) => [g.groupId, g]));
    assert.equal(reachOf(by.get('sg-ok')!.exposure), 'internet');
    assert.equal(reachOf(by.get('sg-bad')!.exposure), 'unknown');
    assert.equal(by.get('sg-bad')!.exposure!.error, 'Forbidden.RAM');
    // An API that cannot read attachments adds nothing (the groups stay "not read").
    const none: GroupFindings[] = [];
    await addExposures({}, [group('sg-ok')], { concurrency: 2, describe: String }, (g) => none.push(g));
    assert.deepEqual(none, []);
  });

  it('quotes CSV cells and keeps formulas from running in a spreadsheet', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('+1'), `"'+1"`);
    assert.equal(csvCell('@SUM(A1)'), `"'@SUM(A1)"`);
  });
});
