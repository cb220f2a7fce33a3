/**
 * Sandbox wiring for the remediation tests: builds and zips the function the way `npm run build`
 * does, starts the local cloud, and offers the official SDK clients (ECS, RAM, FC, and Config via
 * openapi-core) with the account's root keys: the test's "operator", never the function.
 */
import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import Fc, * as $Fc from '@alicloud/fc20230330';
import OpenApi, { $OpenApiUtil } from '@alicloud/openapi-core';
import { typedImport, type OpenApiCore } from '../../remediation-fn/src/public';
import { configCall } from '../contract/config-rpc';
import Ram, * as $Ram from '@alicloud/ram20150501';
import { build } from 'esbuild';
import { unzipSync, zipSync } from 'fflate';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { startSandbox } from '../../sandbox/src/index';
import type { SandboxHandle } from '../../sandbox/src/index';
import type { LivePermission } from '../../server/src/risk';
import type { HandlerResult } from '../../remediation-fn/src/summary';

const ROOT = join(__dirname, '..', '..');

/** The function package, built with the options scripts/build.mjs uses, zipped as package.mjs does. */
export async function buildFunctionZip(): Promise<Buffer> {
  mkdirSync(join(ROOT, 'test', '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'test', '.tmp', 'remediation-fn-'));
  try {
    const { functionBuilds } = await import('../../remediation-fn/scripts/build-options.mjs');
    const files: Record<string, Uint8Array> = {};
    for (const [file, options] of Object.entries(functionBuilds)) {
      await build({ ...options, outfile: join(dir, file) });
      files[file] = readFileSync(join(dir, file));
    }
    const zip = Buffer.from(zipSync(files));
    // What FC will unpack: the handlers' module and the two it requires on demand, nothing else.
    const entries = Object.keys(unzipSync(zip)).sort();
    if (entries.join(',') !== 'index.js,lazy.js,openapi.js')
      throw new Error(`unexpected zip entries ${entries.join(',')}`);
    return zip;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PolicyDocument {
  Version: string;
  Statement: Record<string, unknown>[];
}

const FC_TRUST = JSON.stringify({
  Version: '1',
  Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['fc.aliyuncs.com'] } }],
});

export class Cloud {
  readonly region: string;
  readonly ecs: Ecs;
  readonly ram: Ram;
  readonly fc: Fc;
  private readonly openapi: OpenApi;
  private seq = 0;

  private constructor(
    readonly sb: SandboxHandle,
    readonly zip: Buffer,
  ) {
    this.region = sb.regions[0]!;
    const config = () =>
      new $OpenApiUtil.Config({
        accessKeyId: sb.accessKeyId,
        accessKeySecret: sb.accessKeySecret,
        regionId: this.region,
        endpoint: sb.endpoint,
        protocol: 'HTTP',
        // A synchronous invocation holds the connection for the whole function run.
        readTimeout: 60000,
        connectTimeout: 60000,
      });
    this.ecs = new Ecs(config());
    this.ram = new Ram(config());
    this.fc = new Fc(config());
    this.openapi = new OpenApi(config());
  }

  static async start(zip: Buffer): Promise<Cloud> {
    return new Cloud(await startSandbox({ port: 0, seed: 'empty' }), zip);
  }

  close(): Promise<void> {
    return this.sb.close();
  }

  async createGroup(name: string, tags: Record<string, string> = {}): Promise<string> {
    const res = await this.ecs.createSecurityGroup(
      new $Ecs.CreateSecurityGroupRequest({
        regionId: this.region,
        securityGroupName: name,
        tag: Object.entries(tags).map(
          ([key, value]) => new $Ecs.CreateSecurityGroupRequestTag({ key, value }),
        ),
      }),
    );
    return res.body!.securityGroupId!;
  }

  async authorize(
    groupId: string,
    p: { protocol: string; ports: string; cidr?: string; ipv6?: string; policy?: string; priority?: string },
  ): Promise<void> {
    await this.ecs.authorizeSecurityGroup(
      new $Ecs.AuthorizeSecurityGroupRequest({
        regionId: this.region,
        securityGroupId: groupId,
        permissions: [
          new $Ecs.AuthorizeSecurityGroupRequestPermissions({
            ipProtocol: p.protocol,
            portRange: p.ports,
            sourceCidrIp: p.cidr,
            ipv6SourceCidrIp: p.ipv6,
            policy: p.policy ?? 'accept',
            priority: p.priority ?? '1',
          }),
        ],
      }),
    );
  }

  async authorizeEgress(groupId: string, protocol: string, ports: string, cidr: string): Promise<void> {
    await this.ecs.authorizeSecurityGroupEgress(
      new $Ecs.AuthorizeSecurityGroupEgressRequest({
        regionId: this.region,
        securityGroupId: groupId,
        permissions: [
          new $Ecs.AuthorizeSecurityGroupEgressRequestPermissions({
            ipProtocol: protocol,
            portRange: ports,
            destCidrIp: cidr,
            policy: 'accept',
          }),
        ],
      }),
    );
  }

  /** Every rule of the group, both directions, as the API returns them. */
  async rules(groupId: string): Promise<LivePermission[]> {
    const res = await this.ecs.describeSecurityGroupAttribute(
      new $Ecs.DescribeSecurityGroupAttributeRequest({
        regionId: this.region,
        securityGroupId: groupId,
        direction: 'all',
        maxResults: 1000,
      }),
    );
    const body = res.body!.toMap() as { Permissions?: { Permission?: LivePermission[] } };
    return body.Permissions?.Permission ?? [];
  }

  async revokeByRoot(groupId: string, ruleId: string): Promise<void> {
    await this.ecs.revokeSecurityGroup(
      new $Ecs.RevokeSecurityGroupRequest({
        regionId: this.region,
        securityGroupId: groupId,
        securityGroupRuleId: [ruleId],
      }),
    );
  }

  /** A role FC may assume, with one custom policy; returns the role ARN. */
  async role(policy: PolicyDocument): Promise<string> {
    const name = `sg-guard-fn-${++this.seq}`;
    const role = await this.ram.createRole(
      new $Ram.CreateRoleRequest({ roleName: name, assumeRolePolicyDocument: FC_TRUST }),
    );
    await this.ram.createPolicy(
      new $Ram.CreatePolicyRequest({ policyName: name, policyDocument: JSON.stringify(policy) }),
    );
    await this.ram.attachPolicyToRole(
      new $Ram.AttachPolicyToRoleRequest({ policyType: 'Custom', policyName: name, roleName: name }),
    );
    return role.body!.role!.arn!;
  }

  /** Deploys the zip as an FC 3.0 function pointed at the sandbox; returns its name. */
  async deploy(roleArn: string, env: Record<string, string>): Promise<string> {
    const functionName = `sg-guard-remediation-${++this.seq}`;
    await this.fc.createFunction(
      new $Fc.CreateFunctionRequest({
        body: new $Fc.CreateFunctionInput({
          functionName,
          runtime: 'nodejs20',
          handler: 'index.handler',
          role: roleArn,
          memorySize: 512,
          timeout: 60,
          code: new $Fc.InputCodeLocation({ zipFile: this.zip.toString('base64') }),
          environmentVariables: {
            SG_GUARD_ECS_ENDPOINT: this.sb.endpoint,
            SG_GUARD_CONFIG_ENDPOINT: this.sb.endpoint,
            SG_GUARD_ENDPOINT_PROTOCOL: 'http',
            ...env,
          },
        }),
      }),
    );
    return functionName;
  }

  functionArn(name: string): string {
    return `acs:fc:${this.region}:${this.sb.accountId}:functions/${name}`;
  }

  /** Invokes synchronously with a Config-shaped event; returns the handler's JSON result. */
  async invoke(functionName: string, groupIds: string[]): Promise<HandlerResult> {
    const event = JSON.stringify(
      groupIds.map((id) => ({
        regionId: this.region,
        accountId: this.sb.accountId,
        resourceId: id,
        resourceType: 'ACS::ECS::SecurityGroup',
      })),
    );
    const res = await this.fc.invokeFunction(
      functionName,
      new $Fc.InvokeFunctionRequest({ body: Readable.from([Buffer.from(event)]) }),
    );
    const chunks: Buffer[] = [];
    for await (const c of res.body! as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(c));
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      return JSON.parse(text) as HandlerResult;
    } catch {
      throw new Error(`the function did not return JSON: ${text.slice(0, 500)}`);
    }
  }

  /** Deploys the managed risky-ports rule (22, 3389) under `name`; returns its ConfigRuleId. */
  async riskyPortsRule(name: string): Promise<string> {
    const rule = await this.config('CreateConfigRule', {
      ConfigRuleName: name,
      SourceOwner: 'ALIYUN',
      SourceIdentifier: 'sg-risky-ports-check',
      ConfigRuleTriggerTypes: 'ConfigurationItemChangeNotification',
      ResourceTypesScope: 'ACS::ECS::SecurityGroup',
      RiskLevel: 1,
      InputParameters: JSON.stringify({ ports: '22,3389' }),
    });
    return String(rule.ConfigRuleId);
  }

  /** Cloud Config through the product's typed client (its SDK does not install here). */
  async config(
    action: string,
    params: Record<string, string | number | boolean | undefined>,
  ): Promise<Record<string, unknown>> {
    // Loaded the way the product's session loads it (a dynamic import, typed as the module).
    const core = await typedImport<OpenApiCore>(import('@alicloud/openapi-core'));
    return configCall({ core, client: this.openapi }, action, params);
  }
}

export const ids = (rules: LivePermission[]): string[] =>
  rules.map((r) => String(r.SecurityGroupRuleId)).sort();

/** `22/22 TCP 0.0.0.0/0 Accept ingress`: readable, order-free comparisons of rule sets. */
export const describeRules = (rules: LivePermission[]): string[] =>
  rules
    .map((r) =>
      [
        r.Direction,
        r.IpProtocol,
        r.PortRange,
        [r.SourceCidrIp, r.Ipv6SourceCidrIp, r.DestCidrIp, r.SourceGroupId].find(
          (v) => typeof v === 'string' && v !== '',
        ),
        r.Policy,
      ].join(' '),
    )
    .sort();
