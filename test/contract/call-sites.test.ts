/**
 * Every cloud call SG Guard makes is in the vendor's contract (contract/alibaba-cloud.json) and is
 * proved against it: each call site below runs against a sandbox in strict contract mode, which
 * refuses a request whose parameters are unknown to the SDK's request model, deprecated, in the
 * wrong place or of the wrong type, or lack a required one, and fails an answer the SDK's response
 * model would not hold. A static scan of client/ and remediation-fn/ finds the operations they call,
 * so a new call site without a row here fails the suite.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as $Ecs from '@alicloud/ecs20140526';
import contract from '../../contract/alibaba-cloud.json';
import { sdkEcsApi } from '../../client/src/cloud/core/api/ecs';
import { configClient } from '../../client/src/cloud/core/api/config-client';
import { CloudSession, probeConfigSite } from '../../client/src/cloud/core/api/session';
import { sdkGuardrailApi } from '../../client/src/cloud/core/deploy/api';
import { rpcConfig, rpcEcs } from '../../remediation-fn/src/clients';
import { readSettings } from '../../remediation-fn/src/settings';
import { ConfigClient, evaluatorRamActions, rpcConnection } from '../../remediation-fn/src/public';
import type { SandboxHandle } from '../../sandbox/src/index';
import { addInstance, addInterface } from '../../sandbox/src/seed';
import { codeZip, sandboxSession } from '../cloud/helpers';
import { configCall } from './config-rpc';

const ROOT = join(__dirname, '..', '..');
type Products = Record<string, { operations: Record<string, unknown> }>;
const PRODUCTS = (contract as unknown as { products: Products }).products;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The operations client/ and remediation-fn/ call, as `product:Action`, found in their sources. */
function callSitesInSources(): Set<string> {
  const out = new Set<string>();
  const add = (product: string, action: string) => out.add(`${product}:${action}`);
  for (const file of [...sources(join(ROOT, 'client/src')), ...sources(join(ROOT, 'remediation-fn/src'))]) {
    const text = readFileSync(file, 'utf8');
    // The official SDKs: `new sdk.DescribeSecurityGroupsRequest(` in the extension's ECS/RAM/FC calls.
    const sdkProduct = /ecs\.ts$/.test(file)
      ? 'ecs'
      : /api-ram\.ts$/.test(file)
        ? 'ram'
        : /api-fc\.ts$/.test(file)
          ? 'fc'
          : undefined;
    if (sdkProduct) for (const m of text.matchAll(/new sdk\.(\w+)Request\(/g)) add(sdkProduct, m[1]!);
    if (/api-fc\.ts$/.test(file))
      for (const m of text.matchAll(/client\.(\w+)Function\(/g))
        add('fc', `${m[1]![0]!.toUpperCase()}${m[1]!.slice(1)}Function`);
    // Config through openapi-core: `this.call('CreateConfigRule'` and the site probe's ListConfigRules.
    for (const m of text.matchAll(/(?:this\.call|callRpc)\([^'"\n]*'(\w+)'/g)) add('config', m[1]!);
    for (const m of text.matchAll(/this\.agg\(\w+, '(\w+)'\)/g)) {
      add('config', m[1]!);
      add('config', m[1]!.replace(/^(List|Get)/, '$1Aggregate'));
    }
  }
  // The function's ECS and Config actions, from its one list of them.
  const actions = readFileSync(join(ROOT, 'remediation-fn/src/actions.ts'), 'utf8');
  const block = (name: string) => /\{([^}]*)\}/.exec(actions.slice(actions.indexOf(name)))![1]!;
  for (const m of block('export const ECS_ACTIONS').matchAll(/'(\w+)'/g)) add('ecs', m[1]!);
  for (const m of block('export const CONFIG_ACTIONS').matchAll(/'(\w+)'/g)) add('config', m[1]!);
  return out;
}

describe('every call site against the vendor’s contract (strict sandbox)', () => {
  let sb: SandboxHandle;
  let session: CloudSession;
  const region = 'cn-hangzhou';
  before(
    async () =>
      ({ sb, session } = await sandboxSession({ seed: 'empty', regions: [region], contract: 'strict' })),
  );
  after(() => sb.close());

  it('the static scan finds the call sites, and each is an operation of the contract', () => {
    const sites = callSitesInSources();
    assert.ok(sites.size >= 40, `only ${sites.size} call sites found: the scan is broken`);
    for (const site of sites) {
      const [product, action] = site.split(':') as [string, string];
      assert.ok(
        PRODUCTS[product]?.operations[action],
        `${site} is called but is not in contract/alibaba-cloud.json`,
      );
    }
  });

  it('each call site runs against the strict sandbox without a contract violation', async () => {
    const root = { accessKeyId: sb.accessKeyId, accessKeySecret: sb.accessKeySecret };
    const ecs = sdkEcsApi(session);
    const api = sdkGuardrailApi(session);
    const config = await configClient(session);
    const fnSettings = readSettings({
      SG_GUARD_ECS_ENDPOINT: sb.endpoint,
      SG_GUARD_CONFIG_ENDPOINT: sb.endpoint,
      SG_GUARD_ENDPOINT_PROTOCOL: 'http',
    });
    const fnEcs = await rpcEcs(region, root, fnSettings);
    const fnConfig = await rpcConfig(root, fnSettings);
    const sdk = await session.ecsSdk();
    const client = await session.ecs(region);

    // A group with a world-open rule and a rule through a port list (set up with the ECS SDK).
    const groupId = (
      await client.createSecurityGroup(
        new $Ecs.CreateSecurityGroupRequest({ regionId: region, securityGroupName: 'g' }),
      )
    ).body!.securityGroupId!;
    const listId = (
      await client.createPortRangeList(
        new sdk.CreatePortRangeListRequest({
          regionId: region,
          portRangeListName: 'web',
          maxEntries: 10,
          entry: [new sdk.CreatePortRangeListRequestEntry({ portRange: '443/443' })],
        }),
      )
    ).body!.portRangeListId!;
    await client.authorizeSecurityGroup(
      new sdk.AuthorizeSecurityGroupRequest({
        regionId: region,
        securityGroupId: groupId,
        permissions: [
          new sdk.AuthorizeSecurityGroupRequestPermissions({
            ipProtocol: 'TCP',
            portRange: '22/22',
            sourceCidrIp: '0.0.0.0/0',
          }),
          new sdk.AuthorizeSecurityGroupRequestPermissions({
            ipProtocol: 'TCP',
            portRangeListId: listId,
            sourceCidrIp: '0.0.0.0/0',
          }),
        ],
      }),
    );

    // The extension's ECS calls.
    assert.ok((await ecs.describeRegions!()).includes(region));
    assert.equal((await ecs.describeSecurityGroups(region)).groups.length, 1);
    const { permissions } = await ecs.describeIngress(region, groupId);
    assert.equal(permissions.length, 2);
    assert.deepEqual(await ecs.portRangeListEntries(region, listId), ['443/443']);
    // What the group is attached to (Cloud Findings' exposure): an instance with an EIP, and a
    // secondary interface with one, put in the sandbox's state (no ECS call creates them here).
    const g = sb.sandbox.state.securityGroups[groupId]!;
    const vm = addInstance(sb.sandbox.state, [g], 'vm', 'eip');
    addInterface(sb.sandbox.state, [g], 'eni', vm, true);
    const instances = await ecs.instancesOfGroup!(region, groupId);
    assert.deepEqual(
      instances.attachments.map((a) => [a.id, a.publicAddresses[0]?.kind]),
      [[vm.InstanceId, 'EIP']],
    );
    const enis = await ecs.interfacesOfGroup!(region, groupId);
    assert.equal(enis.attachments[0]!.instanceId, vm.InstanceId);
    assert.equal(enis.attachments[0]!.publicAddresses[0]!.kind, 'EIP');
    const ssh = permissions.find((p) => p.PortRange === '22/22')!;
    await ecs.revokeRules(region, groupId, [String(ssh.SecurityGroupRuleId)]);

    // The function's ECS calls through openapi-core.
    assert.equal(
      (await fnEcs.call('DescribeSecurityGroups', { RegionId: region, SecurityGroupIds: [groupId] }))
        .SecurityGroups.length,
      1,
    );
    const rules = await fnEcs.call('DescribeSecurityGroupAttribute', {
      RegionId: region,
      SecurityGroupId: groupId,
      Direction: 'ingress',
      MaxResults: 1000,
    });
    assert.equal(rules.Permissions.length, 1);
    assert.deepEqual(
      (await fnEcs.call('DescribePortRangeListEntries', { RegionId: region, PortRangeListId: listId }))
        .Entries,
      [{ PortRange: '443/443' }],
    );
    await fnEcs.call('AuthorizeSecurityGroup', {
      RegionId: region,
      SecurityGroupId: groupId,
      Permissions: [
        {
          IpProtocol: 'TCP',
          PortRange: '3389/3389',
          Ipv6SourceCidrIp: '2001:db8::/32',
          Policy: 'accept',
          Priority: '5',
          Description: 'narrowed',
        },
      ],
    });
    const again = await fnEcs.call('DescribeSecurityGroupAttribute', {
      RegionId: region,
      SecurityGroupId: groupId,
      Direction: 'ingress',
      MaxResults: 10,
    });
    await fnEcs.call('RevokeSecurityGroup', {
      RegionId: region,
      SecurityGroupId: groupId,
      SecurityGroupRuleId: again.Permissions.map((p) => String(p.SecurityGroupRuleId)),
    });

    // The deploy's RAM, FC and Config calls (the sg-guard form: both functions, the custom rule).
    const trust = JSON.stringify({
      Version: '1',
      Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['fc.aliyuncs.com'] } }],
    });
    const role = await api.createRole('r', trust, 'd');
    // Without the account id in the settings, RAM tells it (a role's ARN, else ListRoles).
    const { accountId: _known, ...unknown } = session.target;
    assert.equal(await sdkGuardrailApi(new CloudSession(unknown)).accountId('nope'), sb.accountId);
    assert.equal((await api.getRole('r'))?.arn, role.arn);
    await api.updateRoleTrust('r', trust);
    const doc = (a: string[]) =>
      JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: a, Resource: '*' }] });
    await api.createPolicy('p', doc(['ecs:DescribeSecurityGroups']), 'd');
    // The evaluator's own least privilege: read and report.
    await api.setPolicyDocument('p', doc(evaluatorRamActions()));
    assert.match((await api.getPolicy('p'))!.document, /PutEvaluations/);
    await api.attach('r', 'p');
    assert.equal(await api.isAttached('r', 'p'), true);
    const spec = {
      name: 'f',
      description: 'd',
      runtime: 'nodejs20',
      handler: 'index.evaluate',
      role: role.arn,
      memorySize: 512,
      timeout: 60,
      env: {
        SG_GUARD_CONFIG_ENDPOINT: sb.endpoint,
        SG_GUARD_ECS_ENDPOINT: sb.endpoint,
        SG_GUARD_ENDPOINT_PROTOCOL: 'http',
      },
    };
    const fn = await api.createFunction(region, spec, codeZip());
    assert.equal((await api.getFunction(region, 'f'))?.arn, fn.arn);
    await api.updateFunction(region, { ...spec, timeout: 90 }, undefined);
    const input = {
      ConfigRuleName: 'c',
      ConfigRuleTriggerTypes: 'ConfigurationItemChangeNotification,ScheduledNotification',
      MaximumExecutionFrequency: 'TwentyFour_Hours',
      RiskLevel: 1,
      ResourceTypesScope: 'ACS::ECS::SecurityGroup',
      InputParameters: { ports: '22,3389' },
      Description: 'd',
    };
    const ruleId = await api.createConfigRule({
      ...input,
      SourceOwner: 'CUSTOM_FC',
      SourceIdentifier: fn.arn,
    });
    await api.updateConfigRule(ruleId, { ...input, RiskLevel: 2 });
    assert.equal((await api.findConfigRule('c'))?.SourceOwner, 'CUSTOM_FC');
    await api.createRemediation({
      ConfigRuleId: ruleId,
      RemediationType: 'FC',
      RemediationTemplateId: fn.arn,
      SourceType: 'CUSTOM',
      InvokeType: 'MANUAL_EXECUTION',
      Params: '{}',
    });
    const remediations = await api.listRemediations(ruleId);
    assert.equal(remediations.length, 1);
    await sb.idle();

    // The tree's Config reads, single-account and through an aggregator (ResourceAccountId).
    assert.equal(await probeConfigSite(session), 'china');
    await config.startConfigRuleEvaluation(ruleId);
    await sb.idle();
    const page = await config.listEvaluationResults(ruleId);
    assert.equal(page.items.length, 1);
    assert.equal((await config.getDiscoveredResource(groupId, region)).exists, true);
    assert.equal((await config.listDiscoveredGroups()).items.length, 1);
    const { core, client: openapi } = await rpcConnection(root, {
      regionId: 'cn-shanghai',
      endpoint: sb.endpoint,
      protocol: 'HTTP',
    });
    const aggregatorId = String(
      (
        await configCall({ core, client: openapi }, 'CreateAggregator', {
          AggregatorName: 'a',
          AggregatorType: 'CUSTOM',
        })
      ).AggregatorId,
    );
    const scope = { aggregatorId };
    assert.equal((await config.listConfigRules(scope)).length, 1);
    assert.equal((await config.getConfigRule(ruleId, scope)).ConfigRuleId, ruleId);
    assert.equal((await config.listEvaluationResults(ruleId, scope)).items.length, 1);
    assert.equal(
      (await config.getDiscoveredResource(groupId, region, { ...scope, accountId: sb.accountId })).exists,
      true,
    );

    // The function's Config calls.
    await fnConfig.startConfigRuleEvaluation(ruleId);
    await sb.idle();
    assert.equal((await fnConfig.discoveredGroup(groupId, region)).exists, true);
    assert.equal((await fnConfig.discoveredGroups()).length, 1);
    // PutEvaluations needs a token only Config hands out: the evaluator above used one; the client's
    // batching of more than 100 is proved here with a live token taken from the sandbox's rule.
    const token = sb.sandbox.state.config.rules[ruleId]!.resultTokens!.at(-1)!.token;
    const many = Array.from({ length: 205 }, (_, i) => ({
      accountId: sb.accountId,
      complianceResourceId: i === 0 ? groupId : `sg-other-${i}`,
      complianceResourceType: 'ACS::ECS::SecurityGroup',
      complianceRegionId: region,
      complianceType: 'COMPLIANT' as const,
      orderingTimestamp: Date.now(),
    }));
    const shared = new ConfigClient(
      await rpcConnection(root, { regionId: 'cn-shanghai', endpoint: sb.endpoint, protocol: 'HTTP' }),
    );
    assert.equal(await shared.putEvaluations(token, many), 3, 'at most 100 evaluations per call');

    // Remediate Now's invocation, then the removal calls.
    const out = await api.invokeFunction(region, 'f', Buffer.from('{}'));
    assert.equal(out.ok, true, out.body);
    await api.deleteRemediations(remediations.map((r) => r.RemediationId));
    await api.deleteConfigRule(ruleId);
    await api.deleteFunction(region, 'f');
    await api.detach('r', 'p');
    await api.deletePolicy('p');
    await api.deleteRole('r');
    await sb.idle();

    assert.deepEqual(sb.sandbox.contract.violations, []);
    const logged = new Set(sb.sandbox.log.list().map((e) => `${e.product}:${e.action}`));
    const missing = [...callSitesInSources()].filter((s) => !logged.has(s));
    assert.deepEqual(missing, [], 'call sites this test did not exercise');
  });

  it('contract/alibaba-cloud.json is what the installed SDKs give (ECS, FC, RAM re-derived)', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/contract/derive.mjs'), '--check'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
  });
});
