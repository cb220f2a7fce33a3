/**
 * The built, zipped function deployed to the local cloud through FC (role credentials, real SDK
 * calls over HTTP): exact outcomes on mixed groups, under faults, and with the template's policy.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { renderedPolicy } from '../templates/hcl';
import { buildFunctionZip, Cloud, describeRules, ids } from './sandbox-kit';

let cloud: Cloud;

before(async () => {
  cloud = await Cloud.start(await buildFunctionZip());
});
after(async () => {
  await cloud.close();
});

/** Deploys with the policy main.tf grants for the mode (or a variant of it). */
async function deploy(
  env: Record<string, string> = {},
  edit: (actions: string[]) => string[] = (a) => a,
): Promise<string> {
  const mode = env.SG_GUARD_MODE ?? 'revoke';
  const policy = await renderedPolicy(mode, env.SG_GUARD_CONFIG_RULE_ID !== undefined);
  const statement = policy.Statement[0]!;
  statement.Action = edit(statement.Action as string[]);
  return cloud.deploy(await cloud.role(policy), env);
}

const roleCalls = (since: number, action?: string) =>
  cloud.sb.sandbox.log.list({ since, product: 'ecs', action }).filter((e) => e.caller.startsWith('role:'));

async function mixedGroup(name: string, tags: Record<string, string> = {}): Promise<string> {
  const g = await cloud.createGroup(name, tags);
  await cloud.authorize(g, { protocol: 'TCP', ports: '22/22', cidr: '0.0.0.0/0' });
  await cloud.authorize(g, { protocol: 'TCP', ports: '3389/3389', cidr: '0.0.0.0/0', policy: 'drop' });
  await cloud.authorize(g, { protocol: 'TCP', ports: '443/443', cidr: '0.0.0.0/0' });
  await cloud.authorize(g, { protocol: 'TCP', ports: '22/22', cidr: '203.0.113.0/24' });
  await cloud.authorizeEgress(g, 'TCP', '22/22', '0.0.0.0/0');
  await cloud.authorize(g, { protocol: 'TCP', ports: '3389/3389', ipv6: '::/0' });
  await cloud.authorize(g, { protocol: 'ALL', ports: '-1/-1', cidr: '0.0.0.0/0' });
  return g;
}

void test('mixed groups: exactly the risky accept rules are gone; exempt and other groups untouched; second run no-op', async () => {
  const fn = await deploy();
  const target = await mixedGroup('mixed');
  const exempt = await mixedGroup('exempt', { 'sg-guard:exempt': 'true' });
  const bystander = await mixedGroup('bystander');
  const exemptBefore = await cloud.rules(exempt);
  const bystanderBefore = await cloud.rules(bystander);

  const result = await cloud.invoke(fn, [target, exempt]);

  assert.equal(result.ok, true, JSON.stringify(result));
  assert.deepEqual(describeRules(await cloud.rules(target)), [
    'egress TCP 22/22 0.0.0.0/0 Accept',
    'ingress TCP 22/22 203.0.113.0/24 Accept',
    'ingress TCP 3389/3389 0.0.0.0/0 Drop',
    'ingress TCP 443/443 0.0.0.0/0 Accept',
  ]);
  assert.deepEqual(await cloud.rules(exempt), exemptBefore);
  assert.deepEqual(await cloud.rules(bystander), bystanderBefore);
  const [t, e] = result.groups;
  assert.equal(t!.status, 'remediated');
  assert.deepEqual(describeRules(t!.revoked.map((r) => r.rule)), [
    'ingress ALL -1/-1 0.0.0.0/0 Accept',
    'ingress TCP 22/22 0.0.0.0/0 Accept',
    'ingress TCP 3389/3389 ::/0 Accept',
  ]);
  assert.deepEqual([e!.status, e!.skipped[0]!.reason], ['skipped', 'exempt-tag']);

  const since = cloud.sb.sandbox.log.last();
  const again = await cloud.invoke(fn, [target, exempt]);
  assert.deepEqual(
    again.groups.map((g) => g.status),
    ['compliant', 'skipped'],
  );
  assert.deepEqual(
    roleCalls(since).filter((c) => !c.action.startsWith('Describe')),
    [],
  );

  // One log line per removed rule, from the function's own stdout in FC.
  const logs = cloud.sb.sandbox.invocations.map((i) => i.logs).join('\n');
  const revokedLines = logs.split('\n').filter((l) => l.includes('"event":"rule-revoked"'));
  assert.equal(revokedLines.length, 3);
  assert.ok(!logs.includes(cloud.sb.accessKeySecret));
});

void test('faults: throttling and a 5xx mid-run, a rule revoked meanwhile: outcome exact, summary says so', async () => {
  const fn = await deploy();
  const g = await cloud.createGroup('big');
  for (let i = 0; i < 130; i++)
    await cloud.authorize(g, { protocol: 'TCP', ports: `22/${22 + i}`, cidr: '0.0.0.0/0' });
  await cloud.authorize(g, { protocol: 'TCP', ports: '443/443', cidr: '0.0.0.0/0' });
  const risky = (await cloud.rules(g)).filter((r) => r.PortRange !== '443/443');
  const goneMeanwhile = String(risky[risky.length - 1]!.SecurityGroupRuleId);

  // Hold the first batch (100 ids) in flight; meanwhile someone else revokes a rule of the second
  // batch, and the second batch meets two throttles and a 503 before it gets through.
  const faults = cloud.sb.sandbox.faults;
  faults.add({ action: 'RevokeSecurityGroup', kind: 'latency', count: 1, latencyMs: 1500 });
  const since = cloud.sb.sandbox.log.last();
  const invocation = cloud.invoke(fn, [g]);
  while (faults.pending().length > 0) await new Promise((r) => setTimeout(r, 10));
  await cloud.revokeByRoot(g, goneMeanwhile);
  faults.add({ action: 'RevokeSecurityGroup', kind: 'throttle', count: 2, latencyMs: 20 });
  faults.add({ action: 'RevokeSecurityGroup', kind: '5xx', count: 1 });
  const result = await invocation;

  assert.deepEqual(describeRules(await cloud.rules(g)), ['ingress TCP 443/443 0.0.0.0/0 Accept']);
  const summary = result.groups[0]!;
  assert.equal(summary.status, 'remediated', JSON.stringify(summary.failed));
  assert.equal(summary.retries, 3);
  assert.deepEqual(ids(summary.revoked.map((r) => r.rule)), ids(risky));
  assert.deepEqual(
    summary.revoked.filter((r) => r.alreadyGone).map((r) => r.ruleId),
    [goneMeanwhile],
  );
  const codes = roleCalls(since, 'RevokeSecurityGroup').map((c) => c.code || String(c.status));
  assert.deepEqual(codes.slice(0, 5), [
    '200',
    'Throttling.User',
    'Throttling.User',
    'ServiceUnavailable',
    'InvalidParam.SecurityGroupRuleId',
  ]);
  // The failed batch is redone one rule at a time: 29 revoked, 1 already gone.
  assert.equal(codes.length, 5 + 30);
});

void test('least privilege: the template policy suffices, re-evaluation included', async () => {
  const ruleId = await cloud.riskyPortsRule('lp-check');
  const fn = await deploy({ SG_GUARD_CONFIG_RULE_ID: ruleId });
  const g = await cloud.createGroup('lp-ok');
  await cloud.authorize(g, { protocol: 'TCP', ports: '22/22', cidr: '0.0.0.0/0' });
  const result = await cloud.invoke(fn, [g]);
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.equal(result.groups[0]!.revoked.length, 1);
  assert.deepEqual(result.reevaluation, { configRuleId: ruleId, ok: true });
  assert.deepEqual(await cloud.rules(g), []);
});

void test('least privilege: without ecs:RevokeSecurityGroup the function reports Forbidden.RAM and changes nothing', async () => {
  const fn = await deploy({}, (actions) => actions.filter((a) => a !== 'ecs:RevokeSecurityGroup'));
  const g = await mixedGroup('lp-denied');
  const before = await cloud.rules(g);
  const result = await cloud.invoke(fn, [g]);
  assert.equal(result.ok, false);
  const summary = result.groups[0]!;
  assert.equal(summary.status, 'failed');
  assert.deepEqual(
    summary.failed.map((f) => [f.stage, f.code]),
    [
      ['revoke', 'Forbidden.RAM'],
      ['revoke', 'Forbidden.RAM'],
      ['revoke', 'Forbidden.RAM'],
    ],
  );
  assert.deepEqual(await cloud.rules(g), before);
});

void test('least privilege: dry-run and narrow work with exactly their policies', async () => {
  const dry = await deploy({ SG_GUARD_MODE: 'dry-run' });
  const g1 = await mixedGroup('lp-dry');
  const before = await cloud.rules(g1);
  const dryResult = await cloud.invoke(dry, [g1]);
  assert.equal(dryResult.groups[0]!.status, 'would-remediate');
  assert.equal(dryResult.groups[0]!.planned.length, 3);
  assert.deepEqual(await cloud.rules(g1), before);

  const narrow = await deploy({
    SG_GUARD_MODE: 'narrow',
    SG_GUARD_TRUSTED_CIDRS: '198.51.100.0/24,2001:db8::/32',
  });
  const g2 = await cloud.createGroup('lp-narrow');
  await cloud.authorize(g2, { protocol: 'TCP', ports: '22/22', cidr: '0.0.0.0/0' });
  await cloud.authorize(g2, { protocol: 'TCP', ports: '3389/3389', ipv6: '::/0' });
  await cloud.authorize(g2, { protocol: 'TCP', ports: '443/443', cidr: '0.0.0.0/0' });
  const narrowResult = await cloud.invoke(narrow, [g2]);
  assert.equal(narrowResult.groups[0]!.status, 'remediated', JSON.stringify(narrowResult.groups[0]!.failed));
  assert.deepEqual(describeRules(await cloud.rules(g2)), [
    'ingress TCP 22/22 198.51.100.0/24 Accept',
    'ingress TCP 3389/3389 2001:db8::/32 Accept',
    'ingress TCP 443/443 0.0.0.0/0 Accept',
  ]);
});
