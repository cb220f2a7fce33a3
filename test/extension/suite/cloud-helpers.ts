/// <reference types="mocha" />
/**
 * Shared by the cloud extension-host specs: a sandbox in its own process (`dist/cli.js sandbox`,
 * the same binary Start Sandbox runs), the extension pointed at it through settings and a stored
 * access key, scripted answers, and the tree snapshot. Each spec file is bundled on its own, so
 * each starts its own sandbox.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startSandboxProcess, type SandboxInfo } from '../../../client/src/cloud/core/processes';
import type { AskedQuestion, ScriptedPrompter } from '../../../client/src/cloud/core/prompter';
import { openSshToWorld, sandboxSession } from '../../cloud/sandbox-client';
import type { TreeNode } from '../../../client/src/cloud/core/tree/tree-model';

export const EXTENSION_ID = 'sg-guard.sg-guard';

export interface SnapshotNode {
  label: string;
  description?: string;
  tooltip: string;
  contextValue: string;
  icon: string;
  kind: TreeNode['kind'];
  node: TreeNode;
  children: SnapshotNode[];
}

export interface Snapshot {
  state: string;
  totals: { groups: number; findings: number; errors: number };
  tree: SnapshotNode[];
  /** Errors the cloud commands reported since the last snapshot (they never reject to the caller). */
  errors: string[];
  sandbox?: SandboxInfo;
}

export async function activate(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  await ext.activate();
  return ext;
}

export const folder = (): vscode.Uri => vscode.workspace.workspaceFolders![0]!.uri;

export function snapshot(): Promise<Snapshot> {
  return Promise.resolve(vscode.commands.executeCommand<Snapshot>('sgGuard.cloud.test.snapshot'));
}

/** Scripts the answers to every prompt of the next command(s); returns the prompter (its `asked`). */
export async function answers(...list: unknown[]): Promise<ScriptedPrompter> {
  return vscode.commands.executeCommand<ScriptedPrompter>('sgGuard.cloud.test.scriptAnswers', list);
}

/** Runs a cloud command and fails the test when it reported an error (they do not reject). */
export async function run(command: string, ...args: unknown[]): Promise<Snapshot> {
  await vscode.commands.executeCommand(`sgGuard.cloud.${command}`, ...args);
  const s = await snapshot();
  assert.deepEqual(s.errors, [], `${command} reported errors`);
  return s;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await probe();
    if (last !== undefined && last !== false) return last as T;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Every node of the tree, depth first. */
export function flatten(nodes: SnapshotNode[]): SnapshotNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

export function groupNamed(s: Snapshot, name: string): SnapshotNode | undefined {
  return flatten(s.tree).find((n) => n.kind === 'group' && n.label === name);
}

export class Sandbox {
  private constructor(
    readonly info: SandboxInfo,
    private readonly child: ChildProcess,
  ) {}

  static async start(ext: vscode.Extension<unknown>, seed: 'demo' | 'empty' = 'demo'): Promise<Sandbox> {
    const { info, child } = await startSandboxProcess(join(ext.extensionPath, 'dist', 'cli.js'), { seed });
    return new Sandbox(info, child);
  }

  async control<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
    const res = await fetch(`http://${this.info.endpoint}/__sandbox/${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-sandbox-token': this.info.controlToken },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.ok(res.ok, `${method} /__sandbox/${path}: ${res.status}`);
    return (await res.json()) as T;
  }

  /** Waits for the sandbox's background work: Config evaluations, remediations, invocations. */
  idle(): Promise<unknown> {
    return this.control('idle', 'POST');
  }

  state(): Promise<{
    securityGroups: Record<
      string,
      {
        SecurityGroupId: string;
        SecurityGroupName: string;
        RegionId: string;
        rules: { SecurityGroupRuleId: string; PortRange: string; SourceCidrIp?: string }[];
      }
    >;
    ram: { roles: Record<string, unknown>; policies: Record<string, unknown> };
    fc: { functions: Record<string, { handler: string }> };
    config: { rules: Record<string, { ConfigRuleName: string }> };
  }> {
    return this.control('state');
  }

  /** Actions since `since` (a log sequence number) that changed something. */
  async writesSince(since: number): Promise<string[]> {
    const { entries } = await this.control<{ entries: { action: string }[] }>(`log?since=${since}`);
    return entries.map((e) => e.action).filter((a) => !/^(Get|List|Describe)/.test(a));
  }

  async logMark(): Promise<number> {
    return (await this.control<{ last: number }>('log?action=none')).last;
  }

  /** Opens SSH to the world on a group with the official ECS SDK, as someone in the console would. */
  async openSsh(region: string, groupId: string): Promise<void> {
    const session = sandboxSession(this.info, 'test');
    await openSshToWorld(session, region, groupId, 'added by the extension-host test');
  }

  stop(): void {
    this.child.kill();
  }
}

/** Points the extension at a sandbox: endpoint, regions and account id in user settings (machine scope: a workspace cannot set them), the key stored by Set Access Key. */
export async function connect(sb: Sandbox): Promise<Snapshot> {
  const c = vscode.workspace.getConfiguration('sgGuard.cloud');
  await c.update('endpoint', sb.info.endpoint, vscode.ConfigurationTarget.Global);
  await c.update('regions', sb.info.regions, vscode.ConfigurationTarget.Global);
  await c.update('accountId', sb.info.accountId, vscode.ConfigurationTarget.Global);
  await answers(sb.info.accessKeyId, sb.info.accessKeySecret);
  return run('setAccessKey');
}

export async function disconnect(): Promise<void> {
  const c = vscode.workspace.getConfiguration('sgGuard.cloud');
  for (const key of ['endpoint', 'regions', 'accountId']) {
    await c.update(key, undefined, vscode.ConfigurationTarget.Global);
  }
  await c.update('profile', undefined, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('sgGuard.cloud.clearAccessKey');
  await vscode.commands.executeCommand('sgGuard.cloud.test.scriptAnswers', undefined);
}

/**
 * Registers a suite's setup and teardown: the demo sandbox started and connected to before its tests
 * (`s` is the tree right after), and disconnected and stopped after them. Tests may replace `s`.
 */
export function connectedSandboxSuite(): { sb: Sandbox; s: Snapshot } {
  const ctx = {} as { sb: Sandbox; s: Snapshot };
  suiteSetup(async () => {
    ctx.sb = await Sandbox.start(await activate());
    ctx.s = await connect(ctx.sb);
  });
  suiteTeardown(async () => {
    await disconnect();
    ctx.sb?.stop();
  });
  return ctx;
}

export const titles = (asked: AskedQuestion[]): string[] => asked.map((q) => q.title);
