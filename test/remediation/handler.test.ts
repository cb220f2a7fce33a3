import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ecsActionsFor } from '../../remediation-fn/src/actions';
import { restoreRequest } from '../../remediation-fn/src/executor';
import { CONTEXT, CREDS, eventFor, harness, mixedGroup, mutatingCalls } from './helpers';
import { FakeCloudError, forbidden, perm } from './fake-ecs';

void test('revoke: exactly the risky accept rules go, in one batch; the summary lists them', async () => {
  const h = harness();
  const { risky, safe } = mixedGroup(h.ecs);
  const result = await h.run(eventFor('sg-mixed'));
  assert.equal(result.ok, true);
  assert.deepEqual(h.ecs.ruleIds('sg-mixed').sort(), [...safe].sort());
  const g = result.groups[0]!;
  assert.equal(g.status, 'remediated');
  assert.deepEqual(g.revoked.map((r) => r.ruleId).sort(), [...risky].sort());
  assert.deepEqual(mutatingCalls(h.ecs), ['RevokeSecurityGroup']);
  assert.equal(g.failed.length + g.narrowed.length + g.planned.length, 0);
});

void test('a second run is a no-op: only reads, status compliant', async () => {
  const h = harness();
  mixedGroup(h.ecs);
  await h.run(eventFor('sg-mixed'));
  const before = h.ecs.calls.length;
  const second = await h.run(eventFor('sg-mixed'));
  assert.equal(second.groups[0]!.status, 'compliant');
  assert.deepEqual(
    h.ecs.calls
      .slice(before)
      .map((c) => c.action)
      .filter((a) => !a.startsWith('Describe')),
    [],
  );
});

void test('one JSON log line per removed rule, with what is needed to restore it; no credentials anywhere', async () => {
  const h = harness();
  const { risky } = mixedGroup(h.ecs);
  const original = structuredClone(h.ecs.groups.get('sg-mixed')!.permissions);
  const result = await h.run(eventFor('sg-mixed'));
  const lines = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
  const revoked = lines.filter((l) => l.event === 'rule-revoked');
  assert.deepEqual(revoked.map((l) => l.ruleId).sort(), [...risky].sort());
  for (const line of revoked) {
    const rule = original.find((p) => p.SecurityGroupRuleId === line.ruleId)!;
    assert.deepEqual(line.rule, rule);
    assert.deepEqual(line.restore, restoreRequest('cn-hangzhou', 'sg-mixed', rule));
    assert.equal(line.securityGroupId, 'sg-mixed');
    assert.equal(line.level, 'info');
  }
  const everything = h.logs.join('\n') + JSON.stringify(result);
  for (const secret of Object.values(CREDS)) assert.ok(!everything.includes(secret), 'a credential leaked');
});

void test('an SDK error echoing the token is redacted in logs and in the summary', async () => {
  const h = harness();
  mixedGroup(h.ecs);
  h.ecs.fail(
    'RevokeSecurityGroup',
    new FakeCloudError('InvalidSecurityToken.Mismatch', 400, `bad token ${CREDS.securityToken}`),
  );
  const result = await h.run(eventFor('sg-mixed'));
  const everything = h.logs.join('\n') + JSON.stringify(result);
  assert.ok(!everything.includes(CREDS.securityToken));
  assert.match(everything, /\[redacted\]/);
});

void test('restoreRequest keeps every field a rule needs to be put back', () => {
  const rule = {
    ...perm({ SourceCidrIp: '0.0.0.0/0', Priority: '7', Description: 'ops' }),
    SecurityGroupRuleId: 'sgr-1',
    CreateTime: 'x',
  };
  assert.deepEqual(restoreRequest('cn-hangzhou', 'sg-1', rule), {
    Action: 'AuthorizeSecurityGroup',
    RegionId: 'cn-hangzhou',
    SecurityGroupId: 'sg-1',
    Permissions: [
      {
        IpProtocol: 'TCP',
        PortRange: '22/22',
        SourceCidrIp: '0.0.0.0/0',
        Policy: 'Accept',
        Priority: '7',
        NicType: 'intranet',
        Description: 'ops',
      },
    ],
  });
});

void test('dry-run changes nothing and lists what it would revoke', async () => {
  const h = harness({ SG_GUARD_MODE: 'dry-run' });
  const { risky } = mixedGroup(h.ecs);
  const before = h.ecs.ruleIds('sg-mixed');
  const result = await h.run(eventFor('sg-mixed'));
  assert.deepEqual(h.ecs.ruleIds('sg-mixed'), before);
  assert.deepEqual(mutatingCalls(h.ecs), []);
  assert.equal(result.groups[0]!.status, 'would-remediate');
  assert.deepEqual(result.groups[0]!.planned.map((p) => p.ruleId).sort(), [...risky].sort());
});

void test('narrow: trusted rules are added before the world rule goes; a second run adds nothing', async () => {
  const h = harness({ SG_GUARD_MODE: 'narrow', SG_GUARD_TRUSTED_CIDRS: '198.51.100.0/24' });
  h.ecs.addGroup('sg-n', [
    perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '22/22' }),
    perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '80/80' }),
  ]);
  const result = await h.run(eventFor('sg-n'));
  assert.deepEqual(mutatingCalls(h.ecs), ['AuthorizeSecurityGroup', 'RevokeSecurityGroup']);
  const rules = h.ecs.groups.get('sg-n')!.permissions.map((p) => `${p.SourceCidrIp} ${p.PortRange}`);
  assert.deepEqual(rules.sort(), ['0.0.0.0/0 80/80', '198.51.100.0/24 22/22']);
  assert.deepEqual(
    result.groups[0]!.narrowed.map((n) => n.authorized),
    [['198.51.100.0/24']],
  );
  assert.equal(result.groups[0]!.revoked.length, 0);
  const calls = h.ecs.calls.length;
  await h.run(eventFor('sg-n'));
  assert.deepEqual(
    h.ecs.calls.slice(calls).filter((c) => !c.action.startsWith('Describe')),
    [],
  );
});

void test('narrow: a failed authorization keeps the world rule (nobody is locked out) and is reported', async () => {
  const h = harness({ SG_GUARD_MODE: 'narrow', SG_GUARD_TRUSTED_CIDRS: '198.51.100.0/24' });
  const [id] = h.ecs.addGroup('sg-n', [perm({ SourceCidrIp: '0.0.0.0/0' })]);
  h.ecs.fail('AuthorizeSecurityGroup', forbidden());
  const result = await h.run(eventFor('sg-n'));
  assert.deepEqual(h.ecs.ruleIds('sg-n'), [id]);
  assert.deepEqual(result.groups[0]!.failed, [
    { ruleId: id, stage: 'authorize', code: 'Forbidden.RAM', message: forbidden().message },
  ]);
  assert.equal(result.groups[0]!.status, 'failed');
  assert.equal(result.ok, false);
});

void test('narrow: a rule relying on a failed authorization is kept too', async () => {
  const h = harness({ SG_GUARD_MODE: 'narrow', SG_GUARD_TRUSTED_CIDRS: '198.51.100.0/24' });
  const ids = h.ecs.addGroup('sg-n', [
    perm({ SourceCidrIp: '0.0.0.0/0', Priority: '1' }),
    perm({ SourceCidrIp: '0.0.0.0/0', Priority: '2' }),
  ]);
  h.ecs.fail('AuthorizeSecurityGroup', forbidden());
  const result = await h.run(eventFor('sg-n'));
  assert.deepEqual(h.ecs.ruleIds('sg-n'), ids);
  assert.deepEqual(
    result.groups[0]!.failed.map((f) => [f.ruleId, f.code]),
    [
      [ids[0], 'Forbidden.RAM'],
      [ids[1], 'ReplacementNotAuthorized'],
    ],
  );
  assert.deepEqual(mutatingCalls(h.ecs), ['AuthorizeSecurityGroup']);
});

void test('exempt-tagged and service-managed groups are skipped without reading their rules', async () => {
  const h = harness();
  h.ecs.addGroup('sg-exempt', [perm({ SourceCidrIp: '0.0.0.0/0' })], {
    Tags: [{ TagKey: 'sg-guard:exempt', TagValue: 'true' }],
  });
  h.ecs.addGroup('sg-managed', [perm({ SourceCidrIp: '0.0.0.0/0' })], { ServiceManaged: true });
  const result = await h.run(eventFor('sg-exempt', 'sg-managed', 'sg-gone'));
  assert.deepEqual(
    result.groups.map((g) => [g.resourceId, g.status, g.skipped[0]?.reason]),
    [
      ['sg-exempt', 'skipped', 'exempt-tag'],
      ['sg-managed', 'skipped', 'service-managed'],
      ['sg-gone', 'skipped', 'not-found'],
    ],
  );
  assert.deepEqual(mutatingCalls(h.ecs), []);
  assert.ok(!h.ecs.calls.some((c) => c.action === 'DescribeSecurityGroupAttribute'));
});

void test('other groups are never touched; other resource types are skipped', async () => {
  const h = harness();
  mixedGroup(h.ecs, 'sg-target');
  mixedGroup(h.ecs, 'sg-bystander');
  const bystander = h.ecs.ruleIds('sg-bystander');
  const event = Buffer.from(
    JSON.stringify([
      { regionId: 'cn-hangzhou', resourceId: 'sg-target', resourceType: 'ACS::ECS::SecurityGroup' },
      { regionId: 'cn-hangzhou', resourceId: 'i-123', resourceType: 'ACS::ECS::Instance' },
    ]),
  );
  const result = await h.run(event);
  assert.deepEqual(h.ecs.ruleIds('sg-bystander'), bystander);
  assert.deepEqual(
    result.groups.map((g) => [g.resourceId, g.status]),
    [
      ['sg-target', 'remediated'],
      ['i-123', 'skipped'],
    ],
  );
  for (const c of h.ecs.calls) assert.ok(!JSON.stringify(c.request).includes('sg-bystander'));
});

/**
 * Remediate Now from an aggregator's tree can name a member account's group; the function acts with
 * its own role in its own account (FC gives the account in context.accountId), so a resource of
 * another account is skipped as such, with no ECS call, instead of looking "not found".
 */
void test('a resource of another account is skipped as other-account, without a cloud call', async () => {
  const h = harness();
  mixedGroup(h.ecs, 'sg-mine');
  const event = Buffer.from(
    JSON.stringify([
      {
        regionId: 'cn-hangzhou',
        accountId: '222',
        resourceId: 'sg-theirs',
        resourceType: 'ACS::ECS::SecurityGroup',
      },
      {
        regionId: 'cn-hangzhou',
        accountId: 111,
        resourceId: 'sg-mine',
        resourceType: 'ACS::ECS::SecurityGroup',
      },
    ]),
  );
  const result = await h.run(event, { ...CONTEXT, accountId: '111' });
  assert.deepEqual(
    result.groups.map((g) => [g.resourceId, g.status, g.skipped[0]?.reason]),
    [
      ['sg-theirs', 'skipped', 'other-account'],
      ['sg-mine', 'remediated', undefined],
    ],
  );
  assert.ok(!h.ecs.calls.some((c) => JSON.stringify(c.request).includes('sg-theirs')));
  // Without an account in the context (or the event) nothing is assumed: the group is looked up.
  const h2 = harness();
  mixedGroup(h2.ecs, 'sg-mine');
  const r2 = await h2.run(event);
  assert.deepEqual(
    r2.groups.map((g) => [g.resourceId, g.status, g.skipped[0]?.reason]),
    [
      ['sg-theirs', 'skipped', 'not-found'],
      ['sg-mine', 'remediated', undefined],
    ],
  );
});

void test('invalid configuration, invalid event, missing credentials: a clear error, no cloud call', async () => {
  const cases: [Record<string, string>, unknown, typeof CONTEXT, string][] = [
    [{ SG_GUARD_MODE: 'nuke' }, eventFor('sg-mixed'), CONTEXT, 'InvalidConfiguration'],
    [
      { SG_GUARD_ENDPOINT_PROTOCOL: 'http', SG_GUARD_ECS_ENDPOINT: 'ecs.aliyuncs.com' },
      eventFor('sg-mixed'),
      CONTEXT,
      'InvalidConfiguration',
    ],
    [{}, Buffer.from('{"resourceId":'), CONTEXT, 'InvalidEvent'],
    [{}, Buffer.from('[{"resourceId":"sg-mixed"}]'), CONTEXT, 'InvalidEvent'],
    [{}, eventFor('sg-mixed'), { requestId: 'r' }, 'MissingCredentials'],
  ];
  for (const [env, event, context, code] of cases) {
    const h = harness(env);
    mixedGroup(h.ecs);
    const result = await h.run(event, context);
    assert.equal(result.ok, false);
    assert.equal(result.error?.code, code);
    assert.ok(result.error.message.length > 10);
    assert.deepEqual(h.ecs.calls, []);
  }
});

void test('the Config rule is re-evaluated once after a change, and not when nothing changed', async () => {
  const h = harness({ SG_GUARD_CONFIG_RULE_ID: 'cr-123' });
  mixedGroup(h.ecs);
  const first = await h.run(eventFor('sg-mixed'));
  assert.deepEqual(first.reevaluation, { configRuleId: 'cr-123', ok: true });
  await h.run(eventFor('sg-mixed'));
  assert.deepEqual(h.reevaluated, ['cr-123']);
});

void test('a failed re-evaluation is reported but does not undo or fail the remediation', async () => {
  const h = harness({ SG_GUARD_CONFIG_RULE_ID: 'cr-123' }, undefined, {
    startConfigRuleEvaluation: () => Promise.reject(forbidden()),
  });
  mixedGroup(h.ecs);
  const result = await h.run(eventFor('sg-mixed'));
  assert.equal(result.ok, true);
  assert.equal(result.reevaluation?.ok, false);
  assert.equal(result.reevaluation?.code, 'Forbidden.RAM');
});

void test('each mode calls exactly the ECS actions its policy grants', async () => {
  for (const [mode, env] of [
    ['revoke', {}],
    ['dry-run', { SG_GUARD_MODE: 'dry-run' }],
    ['narrow', { SG_GUARD_MODE: 'narrow', SG_GUARD_TRUSTED_CIDRS: '198.51.100.0/24' }],
  ] as const) {
    const h = harness(env);
    mixedGroup(h.ecs);
    await h.run(eventFor('sg-mixed'));
    const called = [...new Set(h.ecs.calls.map((c) => c.action))].sort();
    // Port lists are read only when a rule names one; this group's rules name none.
    const granted = ecsActionsFor(mode).filter((a) => a !== 'DescribePortRangeListEntries');
    assert.deepEqual(called, [...granted].sort(), mode);
  }
});

void test('narrow: each trusted rule added is logged with the rule it replaces; a failed authorization is logged as an error', async () => {
  const h = harness({ SG_GUARD_MODE: 'narrow', SG_GUARD_TRUSTED_CIDRS: '198.51.100.0/24' });
  const [id] = h.ecs.addGroup('sg-n', [perm({ SourceCidrIp: '0.0.0.0/0' })]);
  await h.run(eventFor('sg-n'));
  const lines = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
  const added = lines.filter((l) => l.event === 'rule-authorized');
  assert.deepEqual(
    added.map((l) => [l.replaces, (l.permission as Record<string, unknown>).SourceCidrIp, l.level]),
    [[id, '198.51.100.0/24', 'info']],
  );

  const f = harness({ SG_GUARD_MODE: 'narrow', SG_GUARD_TRUSTED_CIDRS: '198.51.100.0/24' });
  const [kept] = f.ecs.addGroup('sg-n', [perm({ SourceCidrIp: '0.0.0.0/0' })]);
  f.ecs.fail('AuthorizeSecurityGroup', forbidden());
  await f.run(eventFor('sg-n'));
  const failed = f.logs
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.event === 'authorize-failed');
  assert.deepEqual(
    failed.map((l) => [l.ruleId, l.code, l.level]),
    [[kept, 'Forbidden.RAM', 'error']],
  );
});

void test('narrow: a trusted rule that already exists (a Duplicate error) counts as added: the world rule goes', async () => {
  const h = harness({ SG_GUARD_MODE: 'narrow', SG_GUARD_TRUSTED_CIDRS: '198.51.100.0/24' });
  h.ecs.addGroup('sg-n', [perm({ SourceCidrIp: '0.0.0.0/0' })]);
  h.ecs.fail('AuthorizeSecurityGroup', new FakeCloudError('InvalidPermission.Duplicate', 400));
  const result = await h.run(eventFor('sg-n'));
  assert.deepEqual(mutatingCalls(h.ecs), ['AuthorizeSecurityGroup', 'RevokeSecurityGroup']);
  assert.deepEqual(result.groups[0]!.failed, []);
  assert.equal(result.groups[0]!.narrowed.length, 1);
});

void test('narrow: a world rule whose trusted rule already exists is revoked without any authorization call', async () => {
  const h = harness({ SG_GUARD_MODE: 'narrow', SG_GUARD_TRUSTED_CIDRS: '198.51.100.0/24' });
  h.ecs.addGroup('sg-n', [perm({ SourceCidrIp: '0.0.0.0/0' }), perm({ SourceCidrIp: '198.51.100.0/24' })]);
  const result = await h.run(eventFor('sg-n'));
  assert.deepEqual(mutatingCalls(h.ecs), ['RevokeSecurityGroup']);
  assert.deepEqual(
    result.groups[0]!.narrowed.map((n) => [n.authorized, n.alreadyAuthorized]),
    [[[], ['198.51.100.0/24']]],
  );
});

void test('narrow: a rule kept because the rule it relies on was not authorized says so', async () => {
  const h = harness({ SG_GUARD_MODE: 'narrow', SG_GUARD_TRUSTED_CIDRS: '198.51.100.0/24' });
  const ids = h.ecs.addGroup('sg-n', [
    perm({ SourceCidrIp: '0.0.0.0/0', Priority: '1' }),
    perm({ SourceCidrIp: '0.0.0.0/0', Priority: '2' }),
  ]);
  h.ecs.fail('AuthorizeSecurityGroup', forbidden());
  const result = await h.run(eventFor('sg-n'));
  assert.deepEqual(result.groups[0]!.failed[1], {
    ruleId: ids[1],
    stage: 'authorize',
    code: 'ReplacementNotAuthorized',
    message: `kept: the trusted-CIDR rule added for ${ids[0]} could not be authorized`,
  });
});
