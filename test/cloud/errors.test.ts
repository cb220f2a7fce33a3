/** Every thrown shape reads into one CloudErrorInfo; "rule already gone" is recognised by its codes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CloudError, cloudErrorInfo, describeCloudError, isRuleGone } from '../../remediation-fn/src/public';

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
