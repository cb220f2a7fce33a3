/// <reference types="mocha" />
/**
 * The guardrail commands in a real editor, against the demo sandbox: Scaffold (and its refusal to
 * overwrite without asking), Deploy (preview, deploy, deploy again = no change), the full loop
 * (deploy → world-open SSH added with the ECS SDK → the remediation revokes it → a refresh shows
 * the group clean), Re-evaluate, Remediate Now (MANUAL execution) and Remove.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import * as vscode from 'vscode';
import {
  answers,
  connectedSandboxSuite,
  folder,
  groupNamed,
  run,
  snapshot,
  titles,
  waitFor,
} from './cloud-helpers';

const MODULE_FILES = [
  'README.md',
  'code.zip',
  'main.tf',
  'outputs.tf',
  'terraform.tfvars',
  'terraform.tfvars.example',
  'variables.tf',
  'versions.tf',
];
/** Region, rule form, ports, mode, execution, trusted CIDRs. */
const QUESTIONS = (execution: 'AUTO' | 'MANUAL') => [
  'cn-hangzhou',
  'sg-guard',
  '22,3389',
  'revoke',
  execution,
  '',
];
/** The sg-guard form: role, policy, attachment for the remediation and the evaluator, both functions, rule, remediation. */
const RESOURCES = 10;

suite('Cloud guardrail: scaffold, deploy, the remediation loop, remove', () => {
  const ctx = connectedSandboxSuite();
  const dir = () => join(folder().fsPath, 'guardrail');
  const tfvars = () => join(dir(), 'terraform.tfvars');

  test('Scaffold Guardrail writes the module, code.zip and terraform.tfvars, and opens the tfvars', async () => {
    const prompter = await answers(...QUESTIONS('AUTO'), dir());
    await run('scaffoldGuardrail');
    assert.deepEqual(
      prompter.asked.map((q) => q.kind),
      ['pick', 'pick', 'input', 'pick', 'pick', 'input', 'pickFolder'],
    );
    assert.deepEqual(readdirSync(dir()).sort(), MODULE_FILES);
    const text = readFileSync(tfvars(), 'utf8');
    assert.match(text, /Written by SG Guard/);
    assert.match(text, /region\s*=\s*"cn-hangzhou"/);
    assert.match(text, /execution\s*=\s*"AUTO"/);
    assert.match(text, /rule_source\s*=\s*"sg-guard"/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, tfvars());
    // The module's own main.tf, byte for byte.
    const ext = vscode.extensions.getExtension('sg-guard.sg-guard')!;
    assert.equal(
      readFileSync(join(dir(), 'main.tf'), 'utf8'),
      readFileSync(join(ext.extensionPath, 'templates', 'main.tf'), 'utf8'),
    );
  });

  test('Scaffold again never overwrites without asking: keep, cancel, overwrite', async () => {
    const edited = `${readFileSync(tfvars(), 'utf8')}# edited by hand\n`;
    writeFileSync(tfvars(), edited);
    let prompter = await answers(...QUESTIONS('AUTO'), dir(), 'Keep existing files');
    await run('scaffoldGuardrail');
    const ask = prompter.asked.at(-1)!;
    assert.equal(ask.kind, 'confirm');
    assert.match(ask.title, /8 file\(s\) already exist/);
    assert.deepEqual(ask.options, ['Overwrite', 'Keep existing files']);
    assert.equal(readFileSync(tfvars(), 'utf8'), edited);

    prompter = await answers(...QUESTIONS('AUTO'), dir(), undefined);
    await run('scaffoldGuardrail');
    assert.equal(prompter.asked.at(-1)!.kind, 'confirm');
    assert.equal(readFileSync(tfvars(), 'utf8'), edited);

    await answers(...QUESTIONS('AUTO'), dir(), 'Overwrite');
    await run('scaffoldGuardrail');
    assert.doesNotMatch(readFileSync(tfvars(), 'utf8'), /edited by hand/);
  });

  test('Deploy Guardrail shows the preview first; a change’s row asks again; Cancel changes nothing', async () => {
    const mark = await ctx.sb.logMark();
    // Choosing a change's row (Enter on the first row) is no answer: the preview is asked again.
    const prompter = await answers('Use', 'info', 'cancel');
    await run('deployGuardrail');
    assert.equal(prompter.asked.length, 3);
    assert.equal(prompter.asked[2]!.title, prompter.asked[1]!.title);
    assert.match(prompter.asked[0]!.options[0]!, /^Use guardrail\/terraform\.tfvars$/);
    const preview = prompter.asked[1]!;
    assert.equal(
      preview.title,
      `Deploy guardrail to cn-hangzhou: ${RESOURCES} of ${RESOURCES} resources change`,
    );
    assert.equal(preview.options.filter((o) => o.startsWith('$(add) create: ')).length, RESOURCES);
    assert.ok(
      preview.options.includes(`$(rocket) Deploy (${RESOURCES} changes)`),
      preview.options.join('\n'),
    );
    // The preview says what the rule form covers.
    assert.ok(
      preview.options.some((o) => /Config rule sg-guard-risky-ports — .*::\/0/.test(o)),
      preview.options.join('\n'),
    );
    assert.deepEqual(await ctx.sb.writesSince(mark), []);
  });

  test('Deploy with Terraform runs init, plan and apply on the scaffolded folder in a terminal', async () => {
    // A stand-in `terraform` first on PATH (the real one would need the provider from the internet).
    const bin = mkdtempSync(join(tmpdir(), 'sg-guard-tf-'));
    const log = join(bin, 'calls.log');
    writeFileSync(join(bin, 'terraform'), `#!/bin/sh\necho "$(pwd) $*" >> '${log}'\n`, { mode: 0o755 });
    const path = process.env.PATH;
    process.env.PATH = `${bin}${delimiter}${path ?? ''}`;
    const mark = await ctx.sb.logMark();
    try {
      const prompter = await answers('Use', 'terraform');
      await run('deployGuardrail');
      assert.ok(prompter.asked[1]!.options.includes('$(terminal) Deploy with Terraform instead'));
      const terminal = vscode.window.terminals.find((t) => t.name === 'SG Guard: Terraform');
      assert.ok(terminal, 'a terminal was opened');
      // All three calls: the terminal runs them one after another, and the log exists after the first.
      const calls = await waitFor('terraform init, plan and apply', () => {
        const lines = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
        return Promise.resolve(lines.length >= 3 && lines);
      });
      assert.deepEqual(calls, [
        `${dir()} init`,
        `${dir()} plan -out=sg-guard.tfplan`,
        `${dir()} apply sg-guard.tfplan`,
      ]);
      terminal.dispose();
    } finally {
      process.env.PATH = path;
      rmSync(bin, { recursive: true, force: true });
    }
    assert.deepEqual(await ctx.sb.writesSince(mark), [], 'the SDK deploy did not run');
  });

  test('Deploy creates the RAM role and policy, the function, the Config rule and the remediation', async () => {
    const mark = await ctx.sb.logMark();
    await answers('Use', 'deploy');
    await run('deployGuardrail');
    const writes = await ctx.sb.writesSince(mark);
    for (const a of [
      'CreateRole',
      'CreatePolicy',
      'AttachPolicyToRole',
      'CreateFunction',
      'CreateConfigRule',
    ])
      assert.ok(writes.includes(a), `${a} in ${writes.join(', ')}`);
    const state = await ctx.sb.state();
    assert.ok(state.ram.roles['sg-guard-remediation']);
    assert.ok(state.fc.functions['sg-guard-remediation']);
    assert.equal(state.fc.functions['sg-guard-evaluator']?.handler, 'index.evaluate');
    assert.ok(Object.values(state.config.rules).some((r) => r.ConfigRuleName === 'sg-guard-risky-ports'));
  });

  test('Deploy again changes nothing and asks nothing more than the settings', async () => {
    await ctx.sb.idle();
    const mark = await ctx.sb.logMark();
    const prompter = await answers('Use');
    await run('deployGuardrail');
    assert.deepEqual(titles(prompter.asked), ['Deploy guardrail: settings']);
    assert.deepEqual(await ctx.sb.writesSince(mark), []);
  });

  test('the full loop: world-open SSH → the remediation revokes it → a refresh shows the group clean', async () => {
    await ctx.sb.idle();
    const state = await ctx.sb.state();
    const web = Object.values(state.securityGroups).find(
      (g) => g.RegionId === 'cn-hangzhou' && g.SecurityGroupName.startsWith('web-'),
    )!;
    const before = web.rules.map((r) => r.SecurityGroupRuleId);
    await ctx.sb.openSsh('cn-hangzhou', web.SecurityGroupId);
    await ctx.sb.idle();
    const after = (await ctx.sb.state()).securityGroups[web.SecurityGroupId]!;
    assert.deepEqual(
      after.rules.map((r) => r.SecurityGroupRuleId),
      before,
      'only the new world-open rule was revoked',
    );
    const { invocations } = await ctx.sb.control<{ invocations: { functionName: string; ok: boolean }[] }>(
      'invocations',
    );
    assert.ok(invocations.some((i) => i.functionName === 'sg-guard-remediation' && i.ok));

    const s = await run('refresh');
    assert.match(s.tree[0]!.description!, /· Config rule sg-guard-risky-ports$/);
    assert.equal(groupNamed(s, web.SecurityGroupName), undefined);
    // AUTO remediation fixed the demo's risky groups too; the function leaves these two alone.
    assert.ok(groupNamed(s, 'ack-managed-nodes'), 'service-managed group still listed');
    assert.ok(groupNamed(s, 'honeypot'), 'exempt group still listed');
    assert.equal(groupNamed(s, 'bastion-legacy'), undefined);
    // The Config rule's results say nothing of attachments: they are read for our own account's groups.
    assert.match(groupNamed(s, 'honeypot')!.description!, /· reachable from the Internet ·/);
    assert.match(groupNamed(s, 'ack-managed-nodes')!.description!, /· attached, no public address ·/);
  });

  test('Re-evaluate starts the Config rule evaluation and refreshes', async () => {
    const mark = await ctx.sb.logMark();
    const s = await run('reevaluate');
    assert.ok((await ctx.sb.writesSince(mark)).includes('StartConfigRuleEvaluation'));
    assert.equal(s.state, 'findings');
  });

  test('MANUAL execution: the redeploy updates the remediation; Remediate Now on a listed rule fixes its group', async () => {
    const prompter = await answers('Answer the questions', ...QUESTIONS('MANUAL'), 'deploy');
    await run('deployGuardrail');
    const preview = prompter.asked.at(-1)!;
    assert.match(preview.title, new RegExp(`: 1 of ${RESOURCES} resources change$`));
    assert.equal(preview.options.filter((o) => o.startsWith('$(check) unchanged: ')).length, RESOURCES - 1);
    assert.equal(preview.options.filter((o) => o.startsWith('$(edit) update: ')).length, 1);

    const web = Object.values((await ctx.sb.state()).securityGroups).find(
      (g) => g.RegionId === 'cn-shanghai' && g.SecurityGroupName.startsWith('web-'),
    )!;
    await ctx.sb.openSsh('cn-shanghai', web.SecurityGroupId);
    await ctx.sb.idle();
    let s = await run('refresh');
    const listed = groupNamed(s, web.SecurityGroupName);
    assert.ok(listed, 'MANUAL: the group stays exposed and the Config rule lists it');
    assert.equal(listed.children[0]?.label, 'SSH (22/tcp) from 0.0.0.0/0');

    // From the rule's inline button: it remediates the rule's group (the group's button is the same
    // call), exactly that group, after a confirmation naming what goes.
    const confirm = await answers('Remediate');
    await run('remediateNow', listed.children[0].node);
    assert.match(confirm.asked[0]!.title, new RegExp(`Remediate security group ${web.SecurityGroupName}`));
    assert.match(confirm.asked[0]!.detail!, /22\/22 from 0\.0\.0\.0\/0/);
    await ctx.sb.idle();
    const rules = (await ctx.sb.state()).securityGroups[web.SecurityGroupId]!.rules;
    assert.ok(!rules.some((r) => r.PortRange === '22/22' && r.SourceCidrIp === '0.0.0.0/0'));
    // The group is read again shortly after (the function runs asynchronously).
    s = await waitFor('the group to leave the tree', async () => {
      const x = await snapshot();
      return groupNamed(x, web.SecurityGroupName) ? undefined : x;
    });
    assert.deepEqual(s.errors, []);
  });

  test('Remove Guardrail lists what it removes, asks, removes; a second run finds nothing', async () => {
    let prompter = await answers('cn-hangzhou', 'Remove');
    await run('removeGuardrail');
    const confirm = prompter.asked[1]!;
    assert.match(confirm.title, /^Remove the guardrail \(\d+ resources\)\?$/);
    assert.match(confirm.detail!, /sg-guard-risky-ports/);
    assert.match(confirm.detail!, /sg-guard-remediation/);
    const state = await ctx.sb.state();
    assert.equal(state.ram.roles['sg-guard-remediation'], undefined);
    assert.equal(state.fc.functions['sg-guard-remediation'], undefined);
    assert.ok(!Object.values(state.config.rules).some((r) => r.ConfigRuleName === 'sg-guard-risky-ports'));

    prompter = await answers('cn-hangzhou');
    await run('removeGuardrail');
    assert.equal(prompter.asked.length, 1, 'nothing to confirm');
    // Back to a direct scan.
    const s = await run('refresh');
    assert.match(s.tree[0]!.description!, /· direct scan$/);
    assert.ok(existsSync(tfvars()), 'removing from the cloud leaves the scaffolded files alone');
  });
});
