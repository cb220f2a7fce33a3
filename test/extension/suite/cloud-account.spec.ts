/// <reference types="mocha" />
/**
 * Cloud Findings in a real editor, against the demo sandbox: connecting (Set / Clear Access Key,
 * Select Profile with an aliyun CLI profile, Start / Stop Sandbox) and the tree a refresh builds
 * (account → region → group → risky rule, with counts).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  activate,
  answers,
  connect,
  disconnect,
  flatten,
  folder,
  groupNamed,
  run,
  Sandbox,
  type Snapshot,
} from './cloud-helpers';

const cloudConfig = () => vscode.workspace.getConfiguration('sgGuard.cloud');

suite('Cloud Findings: connecting and the tree', () => {
  let sb: Sandbox;
  let ext: vscode.Extension<unknown>;
  let demoFindings = 0;

  suiteSetup(async () => {
    ext = await activate();
    sb = await Sandbox.start(ext);
  });
  suiteTeardown(async () => {
    await disconnect();
    sb?.stop();
  });

  test('the cloud commands are registered', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const declared = (
      ext.packageJSON as { contributes: { commands: { command: string }[] } }
    ).contributes.commands
      .map((c) => c.command)
      .filter((c) => c.startsWith('sgGuard.cloud.'));
    assert.equal(declared.length, 16);
    for (const id of declared) assert.ok(all.has(id), id);
  });

  test('without credentials a refresh leaves the view empty (its welcome content shows)', async () => {
    await cloudConfig().update('profile', 'secret', vscode.ConfigurationTarget.Global);
    const s = await run('refresh');
    assert.equal(s.state, 'idle');
    assert.deepEqual(s.tree, []);
  });

  test('Set Access Key, then the demo account: account → region → group → risky rule', async () => {
    const s = await connect(sb);
    assert.equal(s.state, 'findings');
    assert.equal(s.tree.length, 1);
    const account = s.tree[0]!;
    assert.equal(account.kind, 'account');
    assert.equal(account.label, `Account ${sb.info.accountId} (access key (SecretStorage))`);
    assert.equal(account.description, `${s.totals.findings} findings · direct scan`);
    assert.deepEqual(
      account.children.map((r) => r.label),
      sb.info.regions,
    );

    // Each region says how many groups it checked: all of the sandbox's groups there.
    const state = await sb.state();
    for (const region of account.children) {
      const inRegion = Object.values(state.securityGroups).filter((g) => g.RegionId === region.label);
      assert.equal(
        region.description,
        `${region.children.length} exposed of ${inRegion.length} groups`,
        region.label,
      );
      assert.ok(region.children.length > 0, `${region.label} has exposed groups in the demo seed`);
      for (const g of region.children) {
        assert.equal(g.kind, 'group');
        assert.ok(g.children.length > 0 && g.children.every((r) => r.kind === 'rule'), g.label);
        assert.match(g.description!, new RegExp(`· ${g.children.length} findings?`));
      }
    }
    const rules = flatten(s.tree).filter((n) => n.kind === 'rule');
    assert.equal(rules.length, s.totals.findings);
    assert.equal(account.children.flatMap((r) => r.children).length, s.totals.groups);
    demoFindings = s.totals.findings;

    const bastion = groupNamed(s, 'bastion-legacy');
    assert.ok(bastion, 'the world-open SSH group is listed');
    const id = Object.values(state.securityGroups).find((g) => g.SecurityGroupName === 'bastion-legacy')!;
    assert.match(
      bastion.description!,
      new RegExp(`^${id.SecurityGroupId} · reachable from the Internet · vpc-\\w+ · 1 finding$`),
    );
    const [rule] = bastion.children;
    assert.equal(rule!.label, 'SSH (22/tcp) from 0.0.0.0/0');
    assert.equal(rule!.description, `TCP 22 · ${id.rules[0]!.SecurityGroupRuleId}`);
    assert.match(rule!.tooltip, /SSH \(22\/tcp\)/);
    assert.equal(rule!.contextValue, 'sgGuard.rule');

    assert.equal(groupNamed(s, 'kube-api-v6')?.children[0]?.label.endsWith('from ::/0'), true);
    assert.match(groupNamed(s, 'ack-managed-nodes')!.description!, /service-managed/);
    assert.match(groupNamed(s, 'honeypot')!.description!, /exempt/);
    // A drop rule of higher priority closes this one: not a finding.
    assert.equal(groupNamed(s, 'shadowed-ssh'), undefined);
    const ordinary = Object.values(state.securityGroups).find((g) => /-\d\d$/.test(g.SecurityGroupName))!;
    assert.equal(
      groupNamed(s, ordinary.SecurityGroupName),
      undefined,
      'groups with safe rules only stay out',
    );
  });

  test('the key stays in SecretStorage: not in settings or workspace files', () => {
    const settingsFile = join(folder().fsPath, '.vscode', 'settings.json');
    const text = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : '';
    // The endpoint is in the user's settings (machine scope), the key in neither file.
    assert.equal(cloudConfig().inspect('endpoint')?.globalValue, sb.info.endpoint);
    assert.ok(!text.includes(sb.info.accessKeySecret));
    assert.ok(
      !JSON.stringify(vscode.workspace.getConfiguration('sgGuard')).includes(sb.info.accessKeySecret),
    );
    assert.equal(cloudConfig().get('profile'), 'secret');
  });

  test('Clear Access Key empties the view', async () => {
    const s = await run('clearAccessKey');
    assert.equal(s.state, 'idle');
    assert.deepEqual(s.tree, []);
  });

  test('Select Profile offers the aliyun CLI profiles and reads the tree with the chosen one', async () => {
    // The extension host's HOME is the code-server run's own folder; never touch a real CLI config.
    const cliConfig = join(homedir(), '.aliyun', 'config.json');
    assert.ok(!existsSync(cliConfig), `${cliConfig} exists: run this suite with a throwaway HOME`);
    mkdirSync(join(homedir(), '.aliyun'), { recursive: true });
    writeFileSync(
      cliConfig,
      JSON.stringify({
        current: 'sg-sandbox',
        profiles: [
          {
            name: 'sg-sandbox',
            mode: 'AK',
            access_key_id: sb.info.accessKeyId,
            access_key_secret: sb.info.accessKeySecret,
            region_id: 'cn-hangzhou',
          },
        ],
      }),
    );
    try {
      const prompter = await answers('aliyun CLI: sg-sandbox');
      const s = await run('selectProfile');
      assert.deepEqual(prompter.asked[0]!.options, [
        'Default credential chain',
        'aliyun CLI: sg-sandbox (current)',
      ]);
      assert.equal(cloudConfig().get('profile'), 'cli:sg-sandbox');
      assert.equal(s.tree[0]?.label, `Account ${sb.info.accountId} (aliyun CLI profile "sg-sandbox")`);
      assert.equal(s.totals.findings, demoFindings);
    } finally {
      rmSync(join(homedir(), '.aliyun'), { recursive: true, force: true });
    }
  });

  test('Start Sandbox runs the bundled sandbox and fills the tree; Stop Sandbox ends it', async () => {
    for (const key of ['endpoint', 'regions', 'accountId']) {
      await cloudConfig().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await cloudConfig().update('profile', 'secret', vscode.ConfigurationTarget.Global);
    let s: Snapshot = await run('startSandbox');
    const started = s.sandbox;
    assert.ok(started, 'the sandbox is running');
    assert.notEqual(started.endpoint, sb.info.endpoint);
    assert.equal(s.tree[0]?.label, `Account ${started.accountId} (sandbox)`);
    assert.equal(s.totals.findings, demoFindings);
    assert.deepEqual(
      s.tree[0]?.children.map((r) => r.label),
      started.regions,
    );
    const health = await fetch(`http://${started.endpoint}/__sandbox/health`);
    assert.equal(health.ok, true);

    s = await run('stopSandbox');
    assert.equal(s.sandbox, undefined);
    assert.equal(s.state, 'idle');
    await assert.rejects(
      (async () => {
        for (let i = 0; i < 50; i++) {
          await fetch(`http://${started.endpoint}/__sandbox/health`);
          await new Promise((r) => setTimeout(r, 100));
        }
      })(),
      'the sandbox process stopped listening',
    );
  });
});
