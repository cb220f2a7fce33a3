// Signatures, STS tokens, routing errors and RAM authorisation, through the official SDKs.
import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import Ram, * as $Ram from '@alicloud/ram20150501';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { signRequest } from '../../sandbox/src/index';
import { FC_TRUST_POLICY, sdkConfig, sdkError, setup, type Env } from './helpers';

let env: Env;
before(async () => {
  env = await setup({ seed: 'demo' });
});
after(async () => {
  await env.h.close();
});

const regions = (ecs: Ecs) => ecs.describeRegions(new $Ecs.DescribeRegionsRequest({}));

/** Sends a raw HTTP request (to control the body's transfer encoding). */
function raw(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  chunked: boolean,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: env.h.port, method, path: url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        }),
      );
    });
    req.on('error', reject);
    if (chunked) {
      // Several writes without content-length: Node sends Transfer-Encoding: chunked.
      for (let i = 0; i < body.length; i += 7) req.write(body.subarray(i, i + 7));
    } else req.write(body);
    req.end();
  });
}

function signedHeaders(
  action: string,
  url: string,
  body: Buffer,
  contentType?: string,
  version = '2014-05-26',
) {
  return signRequest(
    'POST',
    url,
    {
      host: env.h.endpoint,
      'x-acs-action': action,
      'x-acs-version': version,
      'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'x-acs-signature-nonce': Math.random().toString(36).slice(2),
      ...(contentType ? { 'content-type': contentType } : {}),
    },
    body,
    env.h.accessKeyId,
    env.h.accessKeySecret,
  );
}

void describe('signatures', () => {
  void it('accepts a correctly signed request', async () => {
    const res = await regions(env.ecs);
    assert.equal(res.statusCode, 200);
  });

  void it('answers SignatureDoesNotMatch (400) for a wrong secret', async () => {
    const bad = new Ecs(
      sdkConfig(env.h, { accessKeyId: env.h.accessKeyId, accessKeySecret: 'wrong-secret' }),
    );
    const err = await sdkError(regions(bad));
    assert.equal(err.code, 'SignatureDoesNotMatch');
    assert.equal(err.statusCode, 400);
    assert.equal(err.name, 'ClientError');
    assert.match(String(err.data?.RequestId), /^[0-9A-F-]{36}$/);
    assert.equal(typeof err.data?.Message, 'string');
  });

  void it('answers InvalidAccessKeyId.NotFound (404) for an unknown key', async () => {
    const bad = new Ecs(sdkConfig(env.h, { accessKeyId: 'LTAI-unknown', accessKeySecret: 'x' }));
    const err = await sdkError(regions(bad));
    assert.equal(err.code, 'InvalidAccessKeyId.NotFound');
    assert.equal(err.statusCode, 404);
  });

  void it('verifies a form body sent chunked, and refuses it when the body was altered', async () => {
    // CreateAggregator takes Tag in the query and the rest in a form body (Config's SDK model).
    const form = 'application/x-www-form-urlencoded';
    const body = Buffer.from('AggregatorName=a%20b%21&AggregatorType=CUSTOM');
    const url = '/?Tag=%5B%7B%22Key%22%3A%22a%20b%21%22%7D%5D';
    const headers = signedHeaders('CreateAggregator', url, body, form, '2020-09-07');
    const ok = await raw('POST', url, headers, body, true);
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.match(String(ok.json.AggregatorId), /^ca-/);
    const again = signedHeaders('CreateAggregator', url, body, form, '2020-09-07');
    const tampered = await raw(
      'POST',
      url,
      again,
      Buffer.from('AggregatorName=a%20b%22&AggregatorType=CUSTOM'),
      true,
    );
    assert.equal(tampered.status, 400);
    assert.equal(tampered.json.Code, 'SignatureDoesNotMatch');
  });

  void it('refuses a replayed nonce and a missing Authorization header', async () => {
    const body = Buffer.alloc(0);
    const headers = signedHeaders('DescribeRegions', '/', body);
    assert.equal((await raw('POST', '/', headers, body, false)).status, 200);
    const replay = await raw('POST', '/', headers, body, false);
    assert.equal(replay.json.Code, 'SignatureNonceUsed');
    const { authorization: _a, ...unsigned } = signedHeaders('DescribeRegions', '/', body);
    const none = await raw('POST', '/', unsigned, body, false);
    assert.equal(none.status, 400);
    assert.equal(none.json.Code, 'IncompleteSignature');
  });

  void it('answers InvalidAction.NotFound (404) for an unknown action and InvalidVersion for an unknown version', async () => {
    const body = Buffer.alloc(0);
    const unknown = await raw('POST', '/', signedHeaders('DescribeNothing', '/', body), body, false);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.Code, 'InvalidAction.NotFound');
    assert.match(String(unknown.json.RequestId), /^[0-9A-F-]{36}$/);
    const h = signedHeaders('DescribeRegions', '/', body);
    h['x-acs-version'] = '1999-01-01';
    const version = await raw('POST', '/', h, body, false);
    assert.equal(version.json.Code, 'InvalidVersion');
  });
});

void describe('STS credentials and RAM', () => {
  let readOnly: { accessKeyId: string; accessKeySecret: string; securityToken: string };

  before(async () => {
    await env.ram.createRole(
      new $Ram.CreateRoleRequest({ roleName: 'auditor', assumeRolePolicyDocument: FC_TRUST_POLICY }),
    );
    await env.ram.createPolicy(
      new $Ram.CreatePolicyRequest({
        policyName: 'sg-read',
        policyDocument: JSON.stringify({
          Version: '1',
          Statement: [
            { Effect: 'Allow', Action: ['ecs:Describe*'], Resource: '*' },
            { Effect: 'Deny', Action: ['ecs:DescribeRegions'], Resource: '*' },
          ],
        }),
      }),
    );
    await env.ram.attachPolicyToRole(
      new $Ram.AttachPolicyToRoleRequest({
        roleName: 'auditor',
        policyName: 'sg-read',
        policyType: 'Custom',
      }),
    );
    readOnly = await env.control.roleCredentials('auditor');
  });

  void it('accepts role credentials with their security token for allowed actions (wildcard Action)', async () => {
    const ecs = new Ecs(sdkConfig(env.h, readOnly));
    const res = await ecs.describeSecurityGroups(
      new $Ecs.DescribeSecurityGroupsRequest({ regionId: 'cn-hangzhou' }),
    );
    assert.equal(res.statusCode, 200);
    const log = await env.control.log({ action: 'DescribeSecurityGroups' });
    assert.equal(log[log.length - 1]?.caller, 'role:auditor');
  });

  void it('answers Forbidden.RAM (403) for actions the policies do not allow, and lets an explicit Deny win', async () => {
    const ecs = new Ecs(sdkConfig(env.h, readOnly));
    const denied = await sdkError(
      ecs.revokeSecurityGroup(
        new $Ecs.RevokeSecurityGroupRequest({
          regionId: 'cn-hangzhou',
          securityGroupId: 'sg-x',
          securityGroupRuleId: ['sgr-x'],
        }),
      ),
    );
    assert.equal(denied.code, 'Forbidden.RAM');
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.accessDeniedDetail?.NoPermissionType, 'ImplicitDeny');
    assert.equal(denied.accessDeniedDetail?.AuthAction, 'ecs:RevokeSecurityGroup');
    const explicit = await sdkError(regions(ecs));
    assert.equal(explicit.code, 'Forbidden.RAM');
    assert.equal(explicit.accessDeniedDetail?.NoPermissionType, 'ExplicitDeny');
    const ram = new Ram(sdkConfig(env.h, readOnly));
    assert.equal((await sdkError(ram.listRoles(new $Ram.ListRolesRequest({})))).code, 'Forbidden.RAM');
  });

  void it('refuses temporary keys without their token or with another token', async () => {
    const noToken = new Ecs(
      sdkConfig(env.h, { accessKeyId: readOnly.accessKeyId, accessKeySecret: readOnly.accessKeySecret }),
    );
    assert.equal((await sdkError(regions(noToken))).code, 'InvalidSecurityToken.MismatchWithAccessKey');
    const other = new Ecs(sdkConfig(env.h, { ...readOnly, securityToken: 'CAIS-forged' }));
    assert.equal((await sdkError(regions(other))).code, 'InvalidSecurityToken.MismatchWithAccessKey');
  });

  void it('manages roles, policies and attachments with RAM error codes', async () => {
    assert.equal(
      (
        await sdkError(
          env.ram.createRole(
            new $Ram.CreateRoleRequest({ roleName: 'auditor', assumeRolePolicyDocument: FC_TRUST_POLICY }),
          ),
        )
      ).code,
      'EntityAlreadyExists.Role',
    );
    const role = await env.ram.getRole(new $Ram.GetRoleRequest({ roleName: 'auditor' }));
    assert.equal(role.body!.role?.arn, `acs:ram::${env.h.accountId}:role/auditor`);
    const attached = await env.ram.listPoliciesForRole(
      new $Ram.ListPoliciesForRoleRequest({ roleName: 'auditor' }),
    );
    assert.deepEqual(
      attached.body!.policies?.policy?.map((p) => [p.policyName, p.policyType]),
      [['sg-read', 'Custom']],
    );
    const policy = await env.ram.getPolicy(
      new $Ram.GetPolicyRequest({ policyName: 'sg-read', policyType: 'Custom' }),
    );
    assert.match(policy.body!.defaultPolicyVersion?.policyDocument ?? '', /ecs:Describe\*/);
    assert.equal(
      (await sdkError(env.ram.deleteRole(new $Ram.DeleteRoleRequest({ roleName: 'auditor' })))).code,
      'DeleteConflict.Role.Policy',
    );
    assert.equal(
      (await sdkError(env.ram.getRole(new $Ram.GetRoleRequest({ roleName: 'nobody' })))).code,
      'EntityNotExist.Role',
    );
    await env.ram.attachPolicyToRole(
      new $Ram.AttachPolicyToRoleRequest({
        roleName: 'auditor',
        policyName: 'AliyunECSReadOnlyAccess',
        policyType: 'System',
      }),
    );
    await env.ram.detachPolicyFromRole(
      new $Ram.DetachPolicyFromRoleRequest({
        roleName: 'auditor',
        policyName: 'AliyunECSReadOnlyAccess',
        policyType: 'System',
      }),
    );
    assert.equal(
      (
        await sdkError(
          env.ram.createPolicy(
            new $Ram.CreatePolicyRequest({ policyName: 'broken', policyDocument: '{"Statement":"nope"}' }),
          ),
        )
      ).code,
      'MalformedPolicyDocument',
    );
  });

  void it('applies a new default policy version at once', async () => {
    await env.ram.createPolicyVersion(
      new $Ram.CreatePolicyVersionRequest({
        policyName: 'sg-read',
        setAsDefault: true,
        policyDocument: JSON.stringify({
          Version: '1',
          Statement: [{ Effect: 'Allow', Action: 'ecs:*', Resource: 'acs:ecs:*:*:securitygroup/*' }],
        }),
      }),
    );
    const ecs = new Ecs(sdkConfig(env.h, readOnly));
    // The explicit Deny is gone; DescribeRegions is now only outside the Resource scope.
    assert.equal((await sdkError(regions(ecs))).accessDeniedDetail?.NoPermissionType, 'ImplicitDeny');
    const res = await ecs
      .describeSecurityGroupAttribute(
        new $Ecs.DescribeSecurityGroupAttributeRequest({
          regionId: 'cn-shanghai',
          securityGroupId: 'sg-unknown',
        }),
      )
      .catch((e: { code: string }) => e.code);
    assert.equal(
      res,
      'InvalidSecurityGroupId.NotFound',
      'allowed by the securitygroup/* resource, then not found',
    );
  });
});
