// Names a user chooses are data, never object properties: `__proto__`, `constructor`, `toString`
// reach no built-in, pollute nothing and survive a restart; names are checked as the real APIs
// check them (limits from the SDK models' parameter docs and the API reference, cited below).
import * as $Ecs from '@alicloud/ecs20140526';
import Fc, * as $Fc from '@alicloud/fc20230330';
import Ram, * as $Ram from '@alicloud/ram20150501';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSandbox } from '../../sandbox/src/index';
import { FC_TRUST_POLICY, sdkConfig, sdkError, setup, zipOf, type Env } from './helpers';

let env: Env;
const dir = mkdtempSync(join(tmpdir(), 'sg-guard-names-'));
const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const cleanPrototype = prototypeKeys();
before(async () => {
  env = await setup({ seed: 'demo', statePath: join(dir, 'state.json') });
});
after(async () => {
  await env.h.close();
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(prototypeKeys(), cleanPrototype, 'Object.prototype was never written');
});

const BUILT_INS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const ECHO = zipOf({ 'index.js': 'exports.handler = async (e) => "ok:" + e;' });

const createFunction = (fc: Fc, functionName: string) =>
  fc.createFunction(
    new $Fc.CreateFunctionRequest({
      body: new $Fc.CreateFunctionInput({
        functionName,
        runtime: 'nodejs20',
        handler: 'index.handler',
        code: new $Fc.InputCodeLocation({ zipFile: ECHO }),
      }),
    }),
  );

const createRole = (ram: Ram, roleName: string) =>
  ram.createRole(new $Ram.CreateRoleRequest({ roleName, assumeRolePolicyDocument: FC_TRUST_POLICY }));

function raw(method: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: env.h.port, method, path }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

void describe('names that are built-in object properties', () => {
  void it('Function Compute: no function exists under a built-in name until created', async () => {
    for (const name of BUILT_INS) {
      const err = await sdkError(env.fc.getFunction(name, new $Fc.GetFunctionRequest({})));
      assert.equal(err.statusCode, 404, `GetFunction ${name}`);
      const upd = await sdkError(
        env.fc.updateFunction(
          name,
          new $Fc.UpdateFunctionRequest({ body: new $Fc.UpdateFunctionInput({ timeout: 5 }) }),
        ),
      );
      assert.equal(upd.statusCode, 404, `UpdateFunction ${name}`);
    }
    assert.equal((await env.fc.listFunctions(new $Fc.ListFunctionsRequest({}))).statusCode, 200);
  });

  void it('Function Compute: `__proto__` and `constructor` are valid FC names; stored, listed, invoked, kept over a restart', async () => {
    // FC: "1 to 64 characters ... letters, digits, underscores (_), and hyphens (-). It cannot begin with a digit
    // or a hyphen" (@alicloud/fc20230330 CreateFunctionInput.functionName) — both names are valid.
    for (const name of ['__proto__', 'constructor']) {
      assert.equal((await createFunction(env.fc, name)).body?.functionName, name);
      assert.equal((await env.fc.getFunction(name, new $Fc.GetFunctionRequest({}))).body?.functionName, name);
    }
    const listed = await env.fc.listFunctions(new $Fc.ListFunctionsRequest({}));
    assert.deepEqual(listed.body?.functions?.map((f) => f.functionName).sort(), ['__proto__', 'constructor']);
    await env.h.close();
    const again = await startSandbox({ statePath: join(dir, 'state.json') });
    try {
      const fc = new Fc(sdkConfig(again));
      const relisted = await fc.listFunctions(new $Fc.ListFunctionsRequest({}));
      assert.deepEqual(relisted.body?.functions?.map((f) => f.functionName).sort(), [
        '__proto__',
        'constructor',
      ]);
      await fc.deleteFunction('__proto__');
      await fc.deleteFunction('constructor');
      assert.deepEqual((await fc.listFunctions(new $Fc.ListFunctionsRequest({}))).body?.functions, []);
    } finally {
      await again.close();
    }
    env = await setup({ seed: 'demo', statePath: join(dir, 'state.json') });
  });

  void it('RAM: `toString` is a valid role name (created, not "already exists"); `__proto__` is refused as RAM refuses it', async () => {
    assert.equal((await createRole(env.ram, 'toString')).body?.role?.roleName, 'toString');
    assert.equal(
      (await env.ram.getRole(new $Ram.GetRoleRequest({ roleName: 'toString' }))).body?.role?.roleName,
      'toString',
    );
    assert.equal((await createRole(env.ram, 'constructor')).statusCode, 200);
    // RAM role names: "1 to 64 characters ... letters, digits, periods (.), and hyphens (-)" (@alicloud/ram20150501
    // CreateRoleRequest.roleName); DeleteRole's reference lists 400 InvalidParameter.RoleName.InvalidChars / .Length.
    for (const call of [
      () =>
        env.ram.updateRole(new $Ram.UpdateRoleRequest({ roleName: '__proto__', newDescription: 'polluted' })),
      () => env.ram.getRole(new $Ram.GetRoleRequest({ roleName: '__proto__' })),
      () => createRole(env.ram, '__proto__'),
    ]) {
      const err = await sdkError(call());
      assert.equal(err.code, 'InvalidParameter.RoleName.InvalidChars');
      assert.equal(err.statusCode, 400);
    }
    const long = await sdkError(createRole(env.ram, 'r'.repeat(65)));
    assert.equal(long.code, 'InvalidParameter.RoleName.Length');
    assert.equal((await createRole(env.ram, 'r'.repeat(64))).statusCode, 200);
    assert.equal((Object.prototype as Record<string, unknown>).Description, undefined);
  });

  void it('RAM: built-in names are neither custom nor system policies', async () => {
    for (const name of ['constructor', 'toString', 'valueOf']) {
      const sys = await sdkError(
        env.ram.attachPolicyToRole(
          new $Ram.AttachPolicyToRoleRequest({
            roleName: 'toString',
            policyName: name,
            policyType: 'System',
          }),
        ),
      );
      assert.equal(sys.code, 'EntityNotExist.Policy', `System policy ${name}`);
      const custom = await sdkError(
        env.ram.getPolicy(new $Ram.GetPolicyRequest({ policyName: name, policyType: 'Custom' })),
      );
      assert.equal(custom.code, 'EntityNotExist.Policy');
    }
    const created = await env.ram.createPolicy(
      new $Ram.CreatePolicyRequest({
        policyName: 'constructor',
        policyDocument: JSON.stringify({
          Version: '1',
          Statement: [{ Effect: 'Allow', Action: 'ecs:Describe*', Resource: '*' }],
        }),
      }),
    );
    assert.equal(created.body?.policy?.policyName, 'constructor');
    // Policy names: "1 to 128 characters ... letters, digits, and hyphens (-)" (CreatePolicyRequest.policyName).
    const bad = await sdkError(
      env.ram.createPolicy(
        new $Ram.CreatePolicyRequest({
          policyName: '__proto__',
          policyDocument: '{"Version":"1","Statement":[]}',
        }),
      ),
    );
    assert.equal(bad.statusCode, 400);
  });

  void it('ECS and Config: built-in ids are unknown ids, never a 500', async () => {
    for (const id of BUILT_INS) {
      const err = await sdkError(
        env.ecs.describeSecurityGroupAttribute(
          new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: 'cn-hangzhou', securityGroupId: id }),
        ),
      );
      assert.equal(err.code, 'InvalidSecurityGroupId.NotFound', `group ${id}`);
      const rule = await sdkError(env.config.getConfigRule({ ConfigRuleId: id }));
      assert.equal(rule.statusCode, 404, `config rule ${id}`);
      const proto = await sdkError(
        env.ecs.authorizeSecurityGroup(
          new $Ecs.AuthorizeSecurityGroupRequest({
            regionId: 'cn-hangzhou',
            securityGroupId: Object.keys(env.h.sandbox.state.securityGroups)[0],
            permissions: [
              new $Ecs.AuthorizeSecurityGroupRequestPermissions({
                ipProtocol: id,
                portRange: '22/22',
                sourceCidrIp: '10.0.0.0/8',
              }),
            ],
          }),
        ),
      );
      assert.equal(proto.statusCode, 400, `IpProtocol ${id}`);
    }
  });

  void it('routing: a built-in Version or Action is unknown, not a crash', async () => {
    assert.equal(await raw('POST', '/?Version=constructor&Action=DescribeRegions'), 400);
    assert.equal(await raw('POST', '/?Version=2014-05-26&Action=constructor'), 404);
    assert.equal(await raw('POST', '/?Version=2014-05-26&Action=__proto__'), 404);
  });
});

void describe('malformed names in FC paths', () => {
  void it('a malformed % escape answers 400, not 500', async () => {
    for (const path of [
      '/2023-03-30/functions/%E0%A4%A',
      '/2023-03-30/functions/%',
      '/2023-03-30/functions/a%zz/invocations',
    ]) {
      assert.equal(await raw('GET', path), 400, path);
    }
  });

  void it('function names longer than 64 characters are refused (FC: 1 to 64 characters)', async () => {
    const err = await sdkError(createFunction(env.fc, 'f'.repeat(65)));
    assert.equal(err.statusCode, 400);
    assert.equal((await createFunction(env.fc, 'f'.repeat(64))).statusCode, 200);
  });
});
