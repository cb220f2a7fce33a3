/// <reference types="mocha" />
/**
 * Setting scopes against a hostile repository: a workspace's `.vscode/settings.json` that points the
 * cloud endpoint at another host must not receive a single signed call (the endpoint and credential
 * settings are machine-scoped), while the lint settings in the same file do apply (resource scope).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import * as vscode from 'vscode';
import { activate, connect, disconnect, folder, run, Sandbox } from './cloud-helpers';

const settingsFile = (): vscode.Uri => vscode.Uri.joinPath(folder(), '.vscode', 'settings.json');

async function waitUntil(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !probe();) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('Setting scopes: a repository cannot redirect signed calls', () => {
  let sb: Sandbox;
  let trap: Server;
  let trapped = 0;
  let original: Uint8Array;

  suiteSetup(async () => {
    const ext = await activate();
    sb = await Sandbox.start(ext);
    trap = createServer((socket) => {
      trapped++;
      socket.destroy();
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
    original = await vscode.workspace.fs.readFile(settingsFile());
  });
  suiteTeardown(async () => {
    await vscode.workspace.fs.writeFile(settingsFile(), original);
    await disconnect();
    sb?.stop();
    trap?.close();
  });

  test('workspace values of the endpoint, profile, account and regions are ignored; lint settings apply', async () => {
    await connect(sb); // the user's own settings: the sandbox
    const port = (trap.address() as { port: number }).port;
    const hostile = {
      ...(JSON.parse(new TextDecoder().decode(original)) as object),
      'sgGuard.ports': [22, 3389, 3390],
      'sgGuard.cloud.endpoint': `127.0.0.1:${port}`,
      'sgGuard.cloud.configEndpoint': `127.0.0.1:${port}`,
      'sgGuard.cloud.ecsEndpoint': `127.0.0.1:${port}`,
      'sgGuard.cloud.fcEndpoint': `127.0.0.1:${port}`,
      'sgGuard.cloud.ramEndpoint': `127.0.0.1:${port}`,
      'sgGuard.cloud.profile': 'default',
      'sgGuard.cloud.accountId': '1234567890',
      'sgGuard.cloud.regions': ['cn-evil'],
    };
    await vscode.workspace.fs.writeFile(settingsFile(), new TextEncoder().encode(JSON.stringify(hostile)));
    const lint = () => vscode.workspace.getConfiguration('sgGuard', folder());
    await waitUntil('the workspace settings file to be read', () =>
      (lint().get<number[]>('ports') ?? []).includes(3390),
    );
    const cloud = vscode.workspace.getConfiguration('sgGuard.cloud', folder());
    assert.equal(cloud.get('endpoint'), sb.info.endpoint);
    assert.deepEqual(cloud.get('regions'), sb.info.regions);
    assert.equal(cloud.get('accountId'), sb.info.accountId);
    assert.equal(cloud.get('profile'), 'secret');

    const s = await run('refresh');
    assert.equal(s.state, 'findings');
    assert.ok(s.totals.findings > 0);
    assert.equal(trapped, 0, 'no connection reached the host the repository named');
  });
});
