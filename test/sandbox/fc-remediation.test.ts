// Function Compute 3.0 through @alicloud/fc20230330 (handlers really run), and the Config
// evaluation → auto-remediation → re-evaluation loop with a least-privilege RAM role.
import * as $Ecs from '@alicloud/ecs20140526';
import * as $Fc from '@alicloud/fc20230330';
import * as $Ram from '@alicloud/ram20150501';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundledZip, FC_TRUST_POLICY, sdkError, setup, zipOf, type Env } from './helpers';

let env: Env;
let remediationZip: string;

/** A remediation handler as a user would write one: revokes world-open risky rules with the role's credentials. */
const REMEDIATION_SOURCE = `
import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { fromLivePermission, riskyRules } from ${JSON.stringify(join(__dirname, '../../server/src/risk'))};
export const handler = async (event: Buffer, context: any) => {
  let items = JSON.parse(event.toString('utf8'));
  if (!Array.isArray(items)) items = [items];
  const revoked: string[] = [];
  for (const item of items) {
    const ecs = new Ecs(new $OpenApiUtil.Config({ ...context.credentials, regionId: item.regionId,
      endpoint: process.env.SG_GUARD_ECS_ENDPOINT, protocol: process.env.SG_GUARD_ENDPOINT_PROTOCOL }));
    const attr = await ecs.describeSecurityGroupAttribute(new $Ecs.DescribeSecurityGroupAttributeRequest({
      regionId: item.regionId, securityGroupId: item.resourceId, direction: 'ingress' }));
    const perms = attr.body!.permissions?.permission ?? [];
    const live = perms.map((p) => ({ SecurityGroupRuleId: p.securityGroupRuleId, Direction: p.direction, IpProtocol: p.ipProtocol,
      PortRange: p.portRange, SourceCidrIp: p.sourceCidrIp, Ipv6SourceCidrIp: p.ipv6SourceCidrIp, Policy: p.policy, Priority: p.priority }));
    const ids = riskyRules(live.map(fromLivePermission)).map((a) => live[a.index].SecurityGroupRuleId);
    if (ids.length > 0) {
      await ecs.revokeSecurityGroup(new $Ecs.RevokeSecurityGroupRequest({ regionId: item.regionId, securityGroupId: item.resourceId, securityGroupRuleId: ids }));
      revoked.push(...ids);
    }
  }
  return { revoked };
};
`;

const ECHO = `
exports.handler = async (event, context) => ({
  event: event.toString('utf8'),
  isBuffer: Buffer.isBuffer(event),
  foo: process.env.FOO,
  hasCredentials: !!(context.credentials && context.credentials.accessKeyId && context.credentials.securityToken),
  envKey: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID === (context.credentials && context.credentials.accessKeyId),
  name: context.function.name,
  requestId: context.requestId,
  accountId: context.accountId,
});
`;

before(async () => {
  env = await setup({ seed: 'demo' });
  remediationZip = await bundledZip(REMEDIATION_SOURCE);
  await env.ram.createRole(
    new $Ram.CreateRoleRequest({ roleName: 'fc-basic', assumeRolePolicyDocument: FC_TRUST_POLICY }),
  );
});
after(async () => {
  await env.h.close();
});

const roleArn = (name: string) => `acs:ram::${env.h.accountId}:role/${name}`;

async function createFunction(name: string, zip: string, extra: Partial<$Fc.CreateFunctionInput> = {}) {
  return env.fc.createFunction(
    new $Fc.CreateFunctionRequest({
      body: new $Fc.CreateFunctionInput({
        functionName: name,
        runtime: 'nodejs20',
        handler: 'index.handler',
        code: new $Fc.InputCodeLocation({ zipFile: zip }),
        timeout: 30,
        memorySize: 256,
        ...extra,
      }),
    }),
  );
}

async function invoke(name: string, payload: string, headers: Partial<$Fc.InvokeFunctionHeaders> = {}) {
  const res = await env.fc.invokeFunctionWithOptions(
    name,
    new $Fc.InvokeFunctionRequest({ body: Readable.from(Buffer.from(payload)) }),
    new $Fc.InvokeFunctionHeaders(headers),
    {} as never,
  );
  const chunks: Buffer[] = [];
  for await (const c of res.body ?? Readable.from([])) chunks.push(Buffer.from(c as Buffer));
  return {
    statusCode: res.statusCode,
    headers: res.headers ?? {},
    text: Buffer.concat(chunks).toString('utf8'),
  };
}

void describe('Function Compute', () => {
  void it('creates, gets, lists, updates and deletes functions', async () => {
    const created = await createFunction('crud', zipOf({ 'index.js': ECHO }), {
      environmentVariables: { FOO: 'bar' },
    });
    assert.equal(created.body?.functionName, 'crud');
    assert.equal(created.body?.functionArn, `acs:fc:cn-hangzhou:${env.h.accountId}:functions/crud`);
    assert.equal(created.body?.state, 'Active');
    assert.ok((created.body?.codeSize ?? 0) > 0);
    const dup = await sdkError(createFunction('crud', zipOf({ 'index.js': ECHO })));
    assert.equal(dup.code, 'FunctionAlreadyExists');
    assert.equal(dup.statusCode, 409);
    const got = await env.fc.getFunction('crud', new $Fc.GetFunctionRequest({}));
    assert.deepEqual(got.body?.environmentVariables, { FOO: 'bar' });
    await env.fc.updateFunction(
      'crud',
      new $Fc.UpdateFunctionRequest({
        body: new $Fc.UpdateFunctionInput({ environmentVariables: { FOO: 'baz' }, timeout: 10 }),
      }),
    );
    const updated = await env.fc.getFunction('crud', new $Fc.GetFunctionRequest({}));
    assert.equal(updated.body?.timeout, 10);
    assert.deepEqual((JSON.parse((await invoke('crud', 'x')).text) as { foo: string }).foo, 'baz');
    const listed = await env.fc.listFunctions(new $Fc.ListFunctionsRequest({ prefix: 'cr' }));
    assert.deepEqual(
      listed.body?.functions?.map((f) => f.functionName),
      ['crud'],
    );
    await env.fc.deleteFunction('crud');
    const gone = await sdkError(env.fc.getFunction('crud', new $Fc.GetFunctionRequest({})));
    assert.equal(gone.code, 'FunctionNotFound');
    assert.equal(gone.statusCode, 404);
  });

  void it('runs the zip handler with a Buffer event, environment, and the role credentials in context', async () => {
    await createFunction('echo', zipOf({ 'index.js': ECHO }), {
      role: roleArn('fc-basic'),
      environmentVariables: { FOO: 'bar' },
    });
    const res = await invoke('echo', 'hello');
    assert.equal(res.statusCode, 200);
    const body = JSON.parse(res.text) as Record<string, unknown>;
    assert.equal(body.event, 'hello');
    assert.equal(body.isBuffer, true);
    assert.equal(body.foo, 'bar');
    assert.equal(body.hasCredentials, true);
    assert.equal(body.envKey, true);
    assert.equal(body.name, 'echo');
    assert.equal(body.accountId, env.h.accountId);
    assert.equal(body.requestId, res.headers['x-fc-request-id']);
  });

  void it('answers a handler error with x-fc-error-type and the error body, and enforces the timeout', async () => {
    await createFunction(
      'boom',
      zipOf({ 'index.js': `exports.handler = async () => { throw new TypeError('kaput'); };` }),
    );
    const res = await invoke('boom', '');
    assert.equal(res.headers['x-fc-error-type'], 'UnhandledInvocationError');
    const body = JSON.parse(res.text) as { errorMessage: string; errorType: string };
    assert.equal(body.errorMessage, 'kaput');
    assert.equal(body.errorType, 'TypeError');
    await createFunction('slow', zipOf({ 'index.js': `exports.handler = () => new Promise(() => {});` }), {
      timeout: 1,
    });
    const slow = await invoke('slow', '');
    assert.equal(slow.headers['x-fc-error-type'], 'FunctionTimeoutError');
  });

  void it('supports callback handlers, string results and asynchronous invocation', async () => {
    await createFunction(
      'cb',
      zipOf({
        'index.js': `exports.handler = (event, context, callback) => { setTimeout(() => callback(null, 'done:' + event), 10); };`,
      }),
    );
    assert.equal((await invoke('cb', 'z')).text, 'done:z');
    const before = (await env.control.invocations()).length;
    const res = await invoke('cb', 'async', { xFcInvocationType: 'Async' });
    assert.equal(res.statusCode, 202);
    await env.control.idle();
    const after = await env.control.invocations();
    assert.equal(after.length, before + 1);
    assert.equal(after[after.length - 1]?.ok, true);
  });

  void it('refuses roles that do not trust FC and code that is not a zip', async () => {
    await env.ram.createRole(
      new $Ram.CreateRoleRequest({
        roleName: 'ecs-only',
        assumeRolePolicyDocument: JSON.stringify({
          Version: '1',
          Statement: [
            { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['ecs.aliyuncs.com'] } },
          ],
        }),
      }),
    );
    const err = await sdkError(
      createFunction('untrusted', zipOf({ 'index.js': ECHO }), { role: roleArn('ecs-only') }),
    );
    assert.equal(err.statusCode, 403);
    const notZip = await sdkError(createFunction('notzip', Buffer.from('hello').toString('base64')));
    assert.equal(notZip.code, 'InvalidArgument');
  });
});

void describe('evaluation → auto-remediation → compliant again', () => {
  let ruleId: string;

  before(async () => {
    await env.ram.createRole(
      new $Ram.CreateRoleRequest({
        roleName: 'sg-guard-remediation',
        assumeRolePolicyDocument: FC_TRUST_POLICY,
      }),
    );
    await env.ram.createPolicy(
      new $Ram.CreatePolicyRequest({
        policyName: 'sg-guard-least-privilege',
        policyDocument: JSON.stringify({
          Version: '1',
          Statement: [
            {
              Effect: 'Allow',
              Action: [
                'ecs:DescribeSecurityGroupAttribute',
                'ecs:DescribeSecurityGroups',
                'ecs:RevokeSecurityGroup',
              ],
              Resource: '*',
            },
          ],
        }),
      }),
    );
    await env.ram.attachPolicyToRole(
      new $Ram.AttachPolicyToRoleRequest({
        roleName: 'sg-guard-remediation',
        policyName: 'sg-guard-least-privilege',
        policyType: 'Custom',
      }),
    );
    await createFunction('sg-guard-remediate', remediationZip, {
      role: roleArn('sg-guard-remediation'),
      environmentVariables: { SG_GUARD_ECS_ENDPOINT: env.h.endpoint, SG_GUARD_ENDPOINT_PROTOCOL: 'http' },
    });
    const rule = await env.config.createConfigRule({
      ConfigRuleName: 'risky-ports',
      SourceOwner: 'ALIYUN',
      SourceIdentifier: 'sg-risky-ports-check',
      ConfigRuleTriggerTypes: 'ConfigurationItemChangeNotification',
      RiskLevel: 1,
      ResourceTypesScope: 'ACS::ECS::SecurityGroup',
      InputParameters: '{"ports":"22,3389"}',
    });
    ruleId = rule.ConfigRuleId;
    await env.config.createRemediation({
      ConfigRuleId: ruleId,
      RemediationType: 'FC',
      RemediationTemplateId: `acs:fc:cn-hangzhou:${env.h.accountId}:functions/sg-guard-remediate`,
      SourceType: 'CUSTOM',
      InvokeType: 'AUTO_EXECUTION',
      Params: '{}',
    });
  });

  const compliance = async (id: string) =>
    (
      await env.config.listConfigRuleEvaluationResults({
        ConfigRuleId: ruleId,
        MaxResults: 100,
        Regions: 'cn-shanghai',
      })
    ).EvaluationResults.EvaluationResultList.find(
      (r) => r.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId === id,
    )?.ComplianceType;

  /** A new cn-shanghai group, then TCP `ports` opened to the world, as someone in the console would. */
  const worldOpenGroup = async (name: string, ports: string[]): Promise<string> => {
    const created = await env.ecs.createSecurityGroup(
      new $Ecs.CreateSecurityGroupRequest({ regionId: 'cn-shanghai', securityGroupName: name }),
    );
    const id = created.body!.securityGroupId!;
    await env.ecs.authorizeSecurityGroup(
      new $Ecs.AuthorizeSecurityGroupRequest({
        regionId: 'cn-shanghai',
        securityGroupId: id,
        permissions: ports.map(
          (portRange) =>
            new $Ecs.AuthorizeSecurityGroupRequestPermissions({
              ipProtocol: 'TCP',
              portRange,
              sourceCidrIp: '0.0.0.0/0',
            }),
        ),
      }),
    );
    return id;
  };

  void it('lists the remediation', async () => {
    const res = await env.config.listRemediations({ ConfigRuleIds: ruleId });
    assert.equal(res.Remediations.length, 1);
    assert.equal(res.Remediations[0]?.InvokeType, 'AUTO_EXECUTION');
  });

  void it('revokes a newly opened SSH rule through the function and ends COMPLIANT', async () => {
    const since = (await env.control.log()).at(-1)?.seq ?? 0;
    const id = await worldOpenGroup('oops', ['22/22', '443/443']);
    await env.control.idle();
    assert.equal(await compliance(id), 'COMPLIANT');
    const attr = await env.ecs.describeSecurityGroupAttribute(
      new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: 'cn-shanghai', securityGroupId: id }),
    );
    assert.deepEqual(
      attr.body!.permissions?.permission?.map((p) => p.portRange),
      ['443/443'],
    );
    const log = await env.control.log({ since });
    const revoke = log.find((e) => e.action === 'RevokeSecurityGroup');
    assert.equal(revoke?.caller, 'role:sg-guard-remediation');
    assert.equal(revoke?.status, 200);
    const execs = await env.config.listRemediationExecutions({ ConfigRuleId: ruleId });
    const mine = execs.RemediationExecutionData.RemediationExecutions.filter(
      (e) => e.ExecutionResourceIds === id,
    );
    assert.equal(mine.length, 1);
    assert.equal(mine[0]?.ExecutionStatus, 'Success');
    const inv = (await env.control.invocations()).at(-1);
    assert.equal(inv?.functionName, 'sg-guard-remediate');
  });

  void it('fails the execution with Forbidden.RAM when the role lacks RevokeSecurityGroup', async () => {
    await env.ram.createPolicyVersion(
      new $Ram.CreatePolicyVersionRequest({
        policyName: 'sg-guard-least-privilege',
        setAsDefault: true,
        policyDocument: JSON.stringify({
          Version: '1',
          Statement: [{ Effect: 'Allow', Action: ['ecs:Describe*'], Resource: '*' }],
        }),
      }),
    );
    const id = await worldOpenGroup('oops-2', ['3389/3389']);
    await env.control.idle();
    assert.equal(await compliance(id), 'NON_COMPLIANT');
    const execs = await env.config.listRemediationExecutions({
      ConfigRuleId: ruleId,
      ExecutionStatus: 'Failed',
    });
    const mine = execs.RemediationExecutionData.RemediationExecutions.find(
      (e) => e.ExecutionResourceIds === id,
    );
    assert.match(mine?.ExecutionStatusMessage ?? '', /Forbidden\.RAM/);
    const denied = (await env.control.log({ action: 'RevokeSecurityGroup' })).at(-1);
    assert.equal(denied?.code, 'Forbidden.RAM');
    assert.equal(denied?.status, 403);

    // Give the permission back and remediate by hand: StartRemediation on that resource.
    await env.ram.createPolicyVersion(
      new $Ram.CreatePolicyVersionRequest({
        policyName: 'sg-guard-least-privilege',
        setAsDefault: true,
        policyDocument: JSON.stringify({
          Version: '1',
          Statement: [
            { Effect: 'Allow', Action: ['ecs:Describe*', 'ecs:RevokeSecurityGroup'], Resource: '*' },
          ],
        }),
      }),
    );
    await env.config.startRemediation({
      ConfigRuleId: ruleId,
      ResourceId: id,
      ResourceRegionId: 'cn-shanghai',
      ResourceType: 'ACS::ECS::SecurityGroup',
    });
    await env.control.idle();
    assert.equal(await compliance(id), 'COMPLIANT');
  });
});
