/** Every thrown shape reads into one CloudErrorInfo; "rule already gone" is recognised by its codes. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CloudError,
  cloudErrorInfo,
  ConfigClient,
  describeCloudError,
  isRuleGone,
  type RpcConnection,
} from '../../remediation-fn/src/public';
import { CloudSession } from '../../client/src/cloud/core/api/session';
import { sdkGuardrailApi } from '../../client/src/cloud/core/deploy/api';
import { isNotFound, NO_SUCH_RESOURCE_CODES } from '../../client/src/cloud/core/deploy/api-calls';
import { sandboxSession } from './helpers';

/** Shaped like openapi-core's ResponseError (what the official SDKs throw). */
function sdkError(fields: { message?: string } & Record<string, unknown>): Error {
  return Object.assign(new Error(fields.message ?? ''), fields);
}

void test('SDK, network and local errors read into code, message, status and request id', () => {
  const cases: { name: string; thrown: unknown; want: Partial<ReturnType<typeof cloudErrorInfo>> }[] = [
    {
      name: 'API error with the SDK message prefix',
      thrown: sdkError({
        code: 'InvalidParam.SecurityGroupRuleId',
        statusCode: 400,
        message: 'code: 400, The specified rule does not exist. request id: 7A1-B2',
        data: { Code: 'InvalidParam.SecurityGroupRuleId', RequestId: '7A1-B2' },
      }),
      want: {
        code: 'InvalidParam.SecurityGroupRuleId',
        message: 'The specified rule does not exist.',
        statusCode: 400,
        requestId: '7A1-B2',
      },
    },
    {
      name: 'RAM denial names the denied action',
      thrown: sdkError({
        code: 'Forbidden.RAM',
        statusCode: 403,
        message: 'code: 403, User not authorized request id: R-1',
        accessDeniedDetail: { AuthAction: 'ecs:RevokeSecurityGroup' },
      }),
      want: { code: 'Forbidden.RAM', deniedAction: 'ecs:RevokeSecurityGroup', statusCode: 403 },
    },
    {
      name: 'throttling keeps the retry hint',
      thrown: sdkError({ code: 'Throttling.User', statusCode: 400, message: 'slow down', retryAfter: 1500 }),
      want: { code: 'Throttling.User', retryAfterMs: 1500 },
    },
    {
      name: 'network failure',
      thrown: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      want: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' },
    },
    {
      name: 'our own CloudError',
      thrown: new CloudError({ code: 'SandboxNotRunning', message: 'start it first' }),
      want: { code: 'SandboxNotRunning', message: 'start it first' },
    },
    { name: 'a plain Error', thrown: new TypeError('boom'), want: { code: 'TypeError', message: 'boom' } },
    { name: 'a string', thrown: 'weird', want: { code: 'Error', message: 'weird' } },
  ];
  for (const c of cases) {
    const info = cloudErrorInfo(c.thrown);
    for (const [k, v] of Object.entries(c.want))
      assert.equal(info[k as keyof typeof info], v, `${c.name}: ${k}`);
  }
  assert.equal(
    describeCloudError(cases[1]!.thrown),
    'Forbidden.RAM: ecs:RevokeSecurityGroup',
    'a denial is described by its action',
  );
});

void test('a rule already gone is recognised by both codes the API uses, and nothing else', () => {
  for (const code of ['InvalidParam.SecurityGroupRuleId', 'InvalidSecurityGroupRule.RuleNotExist'])
    assert.ok(isRuleGone(sdkError({ code, statusCode: 400, data: { Code: code } })), code);
  for (const code of ['InvalidParam.SecurityGroupRuleId.Size', 'Forbidden.RAM', 'Throttling.User'])
    assert.ok(!isRuleGone(sdkError({ code, statusCode: 400 })), code);
  assert.ok(!isRuleGone(new Error('InvalidParam.SecurityGroupRuleId')), 'a message is not a code');
});

/**
 * The deploy reads "no such role/policy/function/rule" as absent (and then plans a create, or counts a
 * removal as done). Only the codes the provider reads that way for these calls count
 * (aliyun/terraform-provider-alicloud at 81c43b6: resource_alicloud_ram_role.go, _ram_policy.go,
 * _ram_role_policy_attachment.go, _fcv3_function.go, _config_rule.go); a wrong key or a 404 from
 * something that is not the service must fail the step, never make the account look empty.
 */
void test('"no such resource" is read only from the codes that mean it, each in the contract', () => {
  for (const code of NO_SUCH_RESOURCE_CODES)
    assert.ok(isNotFound(sdkError({ code, statusCode: 404, data: { Code: code } })), code);
  const notAbsence: [string, number][] = [
    ['InvalidAccessKeyId.NotFound', 404],
    ['InvalidSecurityToken.NotFound', 404],
    ['Forbidden.RAM', 403],
    ['SignatureDoesNotMatch', 400],
    ['NotFound', 404], // a proxy's or a wrong endpoint's 404
    ['InternalError', 404],
  ];
  for (const [code, statusCode] of notAbsence)
    assert.ok(!isNotFound(sdkError({ code, statusCode, data: { Code: code } })), code);

  const contract = JSON.parse(readFileSync(join(__dirname, '../../contract/alibaba-cloud.json'), 'utf8')) as {
    products: Record<string, { operations: Record<string, { errors?: Record<string, { source: string }> }> }>;
  };
  const documented = new Map<string, string>();
  for (const product of Object.values(contract.products))
    for (const op of Object.values(product.operations))
      for (const [code, e] of Object.entries(op.errors ?? {})) documented.set(code, e.source);
  for (const code of NO_SUCH_RESOURCE_CODES) {
    assert.ok(documented.has(code), `${code} is in contract/annotations.json`);
    assert.doesNotMatch(documented.get(code)!, /^unverified/, `${code} has a source`);
  }
});

void test('a wrong access key fails the deploy’s reads instead of making the guardrail look absent', async () => {
  const { sb } = await sandboxSession({ seed: 'empty' });
  try {
    const api = sdkGuardrailApi(
      new CloudSession({
        source: {
          kind: 'static',
          label: 'wrong',
          credentials: { accessKeyId: 'LTAIwrong0000000', accessKeySecret: 'x' },
        },
        sandbox: sb.endpoint,
        accountId: sb.accountId,
      }),
    );
    await assert.rejects(api.getRole('sg-guard-remediation'), /InvalidAccessKeyId\.NotFound/);
    await assert.rejects(api.getPolicy('sg-guard-remediation'), /InvalidAccessKeyId\.NotFound/);
    await assert.rejects(
      api.getFunction('cn-hangzhou', 'sg-guard-remediation'),
      /InvalidAccessKeyId\.NotFound/,
    );
  } finally {
    await sb.close();
  }
});

/**
 * DeleteConfigRules and DeleteRemediations answer 200 with a result per item (Config models at
 * aliyun/alibabacloud-typescript-sdk fd0f588: DeleteConfigRulesResponseBody's OperateRuleItemList with
 * Success and ErrorCode, example ConfigRuleCanNotDelete; DeleteRemediationsResponseBody's
 * RemediationDeleteResults with Success and ErrorMessage, example RemediationConfigNotExist). Remove
 * Guardrail must not say "removed" when Config refused; an item already gone is fine.
 */
void test('a delete Config refuses item by item fails the call; an item already gone does not', async () => {
  const core = (await import('@alicloud/openapi-core')) as unknown as RpcConnection['core'];
  const answering = (body: Record<string, unknown>) =>
    new ConfigClient({
      core,
      client: { callApi: () => Promise.resolve({ body }) } as unknown as RpcConnection['client'],
    });
  const rules = (items: Record<string, unknown>[]) => ({ OperateRuleResult: { OperateRuleItemList: items } });
  await assert.rejects(
    answering(
      rules([{ ConfigRuleId: 'cr-1', Success: false, ErrorCode: 'ConfigRuleCanNotDelete' }]),
    ).deleteConfigRules(['cr-1']),
    (e) => cloudErrorInfo(e).code === 'ConfigRuleCanNotDelete' && /cr-1/.test(cloudErrorInfo(e).message),
  );
  await answering(rules([{ ConfigRuleId: 'cr-1', Success: true }])).deleteConfigRules(['cr-1']);
  await answering(
    rules([{ ConfigRuleId: 'cr-1', Success: false, ErrorCode: 'ConfigRuleNotExists' }]),
  ).deleteConfigRules(['cr-1']);

  const rems = (items: Record<string, unknown>[]) => ({ RemediationDeleteResults: items });
  await assert.rejects(
    answering(
      rems([{ RemediationId: 'crr-1', Success: false, ErrorMessage: 'RemediationExecuting' }]),
    ).deleteRemediations(['crr-1']),
    (e) => cloudErrorInfo(e).code === 'RemediationExecuting' && /crr-1/.test(cloudErrorInfo(e).message),
  );
  await answering(rems([{ RemediationId: 'crr-1', Success: true }])).deleteRemediations(['crr-1']);
  await answering(
    rems([{ RemediationId: 'crr-1', Success: false, ErrorMessage: 'RemediationConfigNotExist' }]),
  ).deleteRemediations(['crr-1']);
});
