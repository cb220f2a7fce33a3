/**
 * Deploying the guardrail through the SDKs into the sandbox: the preview, idempotence, drift,
 * failure and resume, cancellation, removal — for the managed rule form, then the sg-guard form
 * (custom rule + evaluator) and switching between them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxHandle } from '../../sandbox/src/index';
import { sdkGuardrailApi, type GuardrailApi } from '../../client/src/cloud/core/deploy/api';
import {
  deploy,
  planFor,
  removalItems,
  removeItems,
  StepError,
} from '../../client/src/cloud/core/deploy/deployer';
import { planDeploy, type ActualState } from '../../client/src/cloud/core/deploy/plan';
import { CancelledError } from '../../remediation-fn/src/public';
import type { CloudSession } from '../../client/src/cloud/core/api/session';
import { desiredFor, sandboxSession, writesSince } from './helpers';

const actions = (plan: { steps: { id: string; action: string }[] }) =>
  Object.fromEntries(plan.steps.map((s) => [s.id, s.action]));

/** A sandbox holding no resources, a session on it, and the deploy API over that session. */
async function emptySandbox(): Promise<{ sb: SandboxHandle; session: CloudSession; api: GuardrailApi }> {
  const { sb, session } = await sandboxSession({ seed: 'empty' });
  return { sb, session, api: sdkGuardrailApi(session) };
}

describe('deploy planner (pure)', () => {
  it('plans everything as create on a fresh account', async () => {
    const { sb, session } = await sandboxSession({ seed: 'empty' });
    await sb.close();
    const empty: ActualState = { accountId: '1', attached: false, remediations: [] };
    const plan = planDeploy(desiredFor(sb, session, { ruleSource: 'managed' }), empty);
    assert.deepEqual(Object.values(actions(plan)), Array(6).fill('create'));
    assert.equal(plan.changes, 6);
    const custom = planDeploy(desiredFor(sb, session), empty);
    assert.deepEqual(Object.keys(actions(custom)), [
      'role',
      'policy',
      'attachment',
      'evaluatorRole',
      'evaluatorPolicy',
      'evaluatorAttachment',
      'evaluator',
      'configRule',
      'function',
      'remediation',
    ]);
    // The preview says what the chosen form covers.
    assert.match(custom.steps.find((s) => s.id === 'configRule')!.title, /::\/0/);
    assert.match(plan.steps.find((s) => s.id === 'configRule')!.title, /0\.0\.0\.0\/0 only/);
  });
});

describe('deploy into the sandbox', () => {
  let sb: SandboxHandle, session: CloudSession, api: GuardrailApi;
  before(async () => ({ sb, session, api } = await emptySandbox()));
  after(() => sb.close());

  const managed = (extra: Parameters<typeof desiredFor>[2] = {}) =>
    desiredFor(sb, session, { ruleSource: 'managed', ...extra });

  it('creates every resource, then a second deploy changes nothing', async () => {
    const d = managed();
    const seen: string[] = [];
    const first = await deploy(api, d, { onStep: (s, status) => seen.push(`${s.id}:${status}`) });
    assert.equal(first.plan.changes, 6);
    assert.deepEqual(
      seen.filter((s) => s.endsWith(':done')),
      ['role:done', 'policy:done', 'attachment:done', 'configRule:done', 'function:done', 'remediation:done'],
    );
    const st = sb.sandbox.state;
    assert.ok(st.ram.roles['sg-guard-remediation']);
    const policy = JSON.parse(st.ram.policies['sg-guard-remediation']!.PolicyDocument) as {
      Statement: { Action: string[] }[];
    };
    assert.deepEqual(policy.Statement[0]!.Action, [
      'config:StartConfigRuleEvaluation',
      'ecs:DescribePortRangeListEntries',
      'ecs:DescribeSecurityGroupAttribute',
      'ecs:DescribeSecurityGroups',
      'ecs:RevokeSecurityGroup',
    ]);
    const fn = st.fc.functions['sg-guard-remediation']!;
    assert.equal(fn.environmentVariables.SG_GUARD_ECS_ENDPOINT, sb.endpoint);
    assert.equal(fn.environmentVariables.SG_GUARD_CONFIG_RULE_ID, first.actual.configRule!.ConfigRuleId);
    assert.equal(Object.values(st.config.remediations)[0]!.InvokeType, 'AUTO_EXECUTION');

    const since = sb.sandbox.log.last();
    const second = await deploy(api, d);
    assert.equal(second.plan.changes, 0);
    assert.ok(second.plan.steps.every((s) => s.action === 'unchanged'));
    assert.deepEqual(writesSince(sb, since), []);
  });

  it('plans updates for changed settings and for drift in the account', async () => {
    const d = managed({ ports: [22, 3389, 5432], execution: 'MANUAL' });
    const { plan } = await planFor(api, d);
    assert.deepEqual(actions(plan), {
      role: 'unchanged',
      policy: 'unchanged',
      attachment: 'unchanged',
      configRule: 'update',
      function: 'update',
      remediation: 'update',
    });
    assert.ok(
      plan.steps.find((s) => s.id === 'configRule')!.changes.includes('ports: 22,3389 → 22,3389,5432'),
    );
    await deploy(api, d);
    assert.equal((await planFor(api, d)).plan.changes, 0);
    assert.equal(Object.values(sb.sandbox.state.config.remediations).length, 1);

    // Someone widens the function's policy by hand: the next plan puts it back.
    await api.setPolicyDocument(
      'sg-guard-remediation',
      JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['ecs:*'], Resource: '*' }] }),
    );
    const drift = (await planFor(api, d)).plan;
    assert.deepEqual(
      drift.steps.filter((s) => s.action !== 'unchanged').map((s) => s.id),
      ['policy'],
    );
    await deploy(api, d);
    assert.equal((await planFor(api, d)).plan.changes, 0);
  });

  it('says which step failed and why, and a re-run resumes from there', async () => {
    await removeItems(removalItems(api, managed(), (await planFor(api, managed())).actual));
    const d = managed();
    sb.sandbox.faults.add({ action: 'CreateFunction', kind: '5xx', count: 6 });
    const err = await deploy(api, d).then(
      () => assert.fail('deploy should fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof StepError);
    assert.equal(err.step.id, 'function');
    assert.equal(err.reason.code, 'ServiceUnavailable');
    assert.match(err.message, /FC function sg-guard-remediation/);
    assert.match(err.hint, /Deploy again/);
    const resumed = await deploy(api, d);
    assert.deepEqual(actions(resumed.plan), {
      role: 'unchanged',
      policy: 'unchanged',
      attachment: 'unchanged',
      configRule: 'unchanged',
      function: 'create',
      remediation: 'create',
    });
  });

  it('can be cancelled between steps, and the next run completes', async () => {
    await removeItems(removalItems(api, managed(), (await planFor(api, managed())).actual));
    const d = managed();
    const ac = new AbortController();
    await assert.rejects(
      deploy(api, d, {
        signal: ac.signal,
        onStep: (s, status) => status === 'done' && s.id === 'policy' && ac.abort(),
      }),
      CancelledError,
    );
    assert.ok(sb.sandbox.state.ram.policies['sg-guard-remediation']);
    assert.equal(sb.sandbox.state.fc.functions['sg-guard-remediation'], undefined);
    const next = await deploy(api, d);
    assert.equal(next.plan.changes, 4);
  });

  it('removes exactly what deploy created, listing it first', async () => {
    const d = managed();
    const { actual } = await planFor(api, d);
    const items = removalItems(api, d, actual);
    assert.equal(items.length, 6);
    assert.match(
      items.map((i) => i.title).join('\n'),
      /Config rule sg-guard-risky-ports[\s\S]*FC function sg-guard-remediation[\s\S]*RAM role sg-guard-remediation/,
    );
    await removeItems(items);
    const st = sb.sandbox.state;
    assert.deepEqual(
      [
        Object.keys(st.config.rules),
        Object.keys(st.config.remediations),
        Object.keys(st.fc.functions),
        Object.keys(st.ram.policies),
        Object.keys(st.ram.roles),
      ].flat(),
      [],
    );
    assert.deepEqual(Object.values(actions((await planFor(api, d)).plan)), Array(6).fill('create'));
    assert.deepEqual(removalItems(api, d, (await planFor(api, d)).actual), []);
  });
});

describe('the sg-guard rule form, and switching forms', () => {
  let sb: SandboxHandle, session: CloudSession, api: GuardrailApi;
  before(async () => ({ sb, session, api } = await emptySandbox()));
  after(() => sb.close());

  it('deploys a CUSTOM_FC rule whose evaluator is the same package’s index.evaluate, least privilege', async () => {
    const first = await deploy(api, desiredFor(sb, session));
    assert.equal(first.plan.changes, 10);
    const st = sb.sandbox.state;
    const evaluator = st.fc.functions['sg-guard-evaluator']!;
    assert.equal(evaluator.handler, 'index.evaluate');
    assert.equal(evaluator.codeChecksum, st.fc.functions['sg-guard-remediation']!.codeChecksum);
    const rule = Object.values(st.config.rules)[0]!;
    assert.equal(rule.SourceOwner, 'CUSTOM_FC');
    assert.equal(rule.SourceIdentifier, evaluator.functionArn);
    assert.equal(rule.ConfigRuleTriggerTypes, 'ConfigurationItemChangeNotification,ScheduledNotification');
    assert.equal(rule.MaximumExecutionFrequency, 'TwentyFour_Hours');
    const doc = JSON.parse(st.ram.policies['sg-guard-evaluator']!.PolicyDocument) as {
      Statement: { Action: string[] }[];
    };
    assert.deepEqual(doc.Statement[0]!.Action, [
      'config:GetDiscoveredResource',
      'config:ListDiscoveredResources',
      'config:PutEvaluations',
      'ecs:DescribePortRangeListEntries',
    ]);
    assert.equal((await planFor(api, desiredFor(sb, session))).plan.changes, 0);
  });

  it('switching to managed replaces the rule (its source cannot be updated) and deletes the evaluator', async () => {
    const d = desiredFor(sb, session, { ruleSource: 'managed' });
    const { plan } = await planFor(api, d);
    assert.deepEqual(actions(plan), {
      role: 'unchanged',
      policy: 'unchanged',
      attachment: 'unchanged',
      configRule: 'replace',
      function: 'update',
      remediation: 'create',
      evaluator: 'delete',
      evaluatorAttachment: 'delete',
      evaluatorPolicy: 'delete',
      evaluatorRole: 'delete',
    });
    const since = sb.sandbox.log.last();
    await deploy(api, d);
    // UpdateConfigRule is never asked to change the source: the model has no such parameters.
    assert.ok(!writesSince(sb, since).includes('UpdateConfigRule'));
    const st = sb.sandbox.state;
    assert.deepEqual(
      Object.values(st.config.rules).map((r) => [r.SourceOwner, r.SourceIdentifier]),
      [['ALIYUN', 'sg-risky-ports-check']],
    );
    assert.equal(st.fc.functions['sg-guard-evaluator'], undefined);
    assert.equal(st.ram.roles['sg-guard-evaluator'], undefined);
    assert.equal(Object.values(st.config.remediations).length, 1);
    assert.equal((await planFor(api, d)).plan.changes, 0);
    // And back.
    await deploy(api, desiredFor(sb, session));
    assert.equal(Object.values(st.config.rules)[0]!.SourceOwner, 'CUSTOM_FC');
    assert.equal((await planFor(api, desiredFor(sb, session))).plan.changes, 0);
  });
});
