/// <reference types="mocha" />
/**
 * The tree's actions in a real editor, against the demo sandbox: Revoke Rule (modal confirmation
 * naming the rule; dismissed = nothing happens), Copy Id, Open in ECS Console, Find in Terraform.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answers, connectedSandboxSuite, folder, groupNamed, run } from './cloud-helpers';

suite('Cloud Findings: actions on the tree', () => {
  const ctx = connectedSandboxSuite();

  const ruleOf = (name: string) => {
    const g = groupNamed(ctx.s, name);
    assert.ok(g, `${name} is listed`);
    return g.children[0]!;
  };
  const ruleIds = async (groupName: string) =>
    Object.values((await ctx.sb.state()).securityGroups)
      .find((g) => g.SecurityGroupName === groupName)!
      .rules.map((r) => r.SecurityGroupRuleId);

  test('Revoke Rule asks first, naming the rule; dismissing changes nothing', async () => {
    const rule = ruleOf('windows-jump');
    const before = await ruleIds('windows-jump');
    const mark = await ctx.sb.logMark();
    const prompter = await answers(undefined);
    ctx.s = await run('revokeRule', rule.node);
    const ask = prompter.asked[0]!;
    assert.equal(ask.kind, 'confirm');
    assert.deepEqual(ask.options, ['Revoke']);
    assert.ok(rule.description!.endsWith(before.find((id) => ask.title.includes(id))!), ask.title);
    assert.match(ask.title, /TCP 3389\/3389 from 0\.0\.0\.0\/0\) from security group windows-jump \(sg-/);
    assert.match(ask.detail!, /RDP \(3389\/tcp\)/);
    assert.deepEqual(await ctx.sb.writesSince(mark), []);
    assert.deepEqual(await ruleIds('windows-jump'), before);
    assert.ok(groupNamed(ctx.s, 'windows-jump'));
  });

  test('Revoke Rule, confirmed, removes exactly that rule and the group leaves the tree', async () => {
    const findings = ctx.s.totals.findings;
    const rule = ruleOf('bastion-legacy');
    const ruleId = rule.description!.split(' · ')[1]!;
    const before = await ruleIds('bastion-legacy');
    assert.ok(before.includes(ruleId));
    await answers('Revoke');
    ctx.s = await run('revokeRule', rule.node);
    assert.deepEqual(
      await ruleIds('bastion-legacy'),
      before.filter((id) => id !== ruleId),
    );
    assert.equal(groupNamed(ctx.s, 'bastion-legacy'), undefined, 'the re-check cleared the group');
    assert.equal(ctx.s.totals.findings, findings - 1);
  });

  test('Copy Id puts the group id and the rule id on the clipboard', async () => {
    const group = groupNamed(ctx.s, 'windows-jump')!;
    const groupId = group.description!.split(' · ')[0]!;
    await run('copyId', group.node);
    assert.equal(await vscode.env.clipboard.readText(), groupId);
    const rule = group.children[0]!;
    await run('copyId', rule.node);
    assert.equal(await vscode.env.clipboard.readText(), rule.description!.split(' · ')[1]);
  });

  test('Open in ECS Console opens the group’s console page', async () => {
    // A real openExternal would wait on the "open external website?" dialog; record the call instead
    // (VS Code leaves `env` writable in extension tests for exactly this).
    const opened: string[] = [];
    const env = vscode.env as { openExternal: typeof vscode.env.openExternal };
    const original = env.openExternal;
    env.openExternal = (uri: vscode.Uri) => {
      opened.push(uri.toString(true));
      return Promise.resolve(true);
    };
    try {
      const group = groupNamed(ctx.s, 'windows-jump')!;
      const groupId = group.description!.split(' · ')[0]!;
      await run('openInConsole', group.children[0]!.node);
      assert.deepEqual(opened, [
        `https://ecs.console.aliyun.com/securityGroupDetail/region/cn-hangzhou/groupId/${groupId}/detail/intranetIngress`,
      ]);
    } finally {
      env.openExternal = original;
    }
  });

  test('Find in Terraform reveals the resource that defines the group', async () => {
    const uri = vscode.Uri.joinPath(folder(), 'network', 'jump.tf');
    const text = [
      'resource "alicloud_security_group" "jump" {',
      '  vpc_id = "vpc-123"',
      '  name   = "windows-jump"',
      '}',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    const group = groupNamed(ctx.s, 'windows-jump')!;
    await run('findInTerraform', group.node);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, uri.fsPath);
    assert.equal(editor.selection.active.line, 2);
    assert.equal(editor.selection.active.character, text.split('\n')[2]!.indexOf('windows-jump'));

    // A group no file defines: nothing is opened.
    await run('findInTerraform', groupNamed(ctx.s, 'kube-api-v6')!.node);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath);
  });
});
