// Starts code-server (a real VS Code workbench served over HTTP) and headless Debian chromium.
// Everything a run writes (settings, extensions, logs, HOME) stays in its own run folder.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CS_BIN, E2E } from './setup.mjs';

export const CHROMIUM = process.env.SG_GUARD_CHROMIUM ?? '/usr/bin/chromium';

export function newRunDir(name) {
  mkdirSync(join(E2E, 'runs'), { recursive: true });
  return mkdtempSync(join(E2E, 'runs', `${name}-`));
}

function runEnv(runDir) {
  const env = { ...process.env };
  for (const [k, d] of [
    ['HOME', 'home'],
    ['XDG_CONFIG_HOME', 'config'],
    ['XDG_DATA_HOME', 'data'],
    ['XDG_CACHE_HOME', 'cache'],
    ['TMPDIR', 'tmp'],
  ]) {
    env[k] = join(runDir, d);
    mkdirSync(env[k], { recursive: true });
  }
  return env;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Installs a .vsix into an extensions folder with code-server's own CLI (this exercises packaging). */
export function installVsix(runDir, vsix) {
  const r = spawnSync(
    process.execPath,
    [
      CS_BIN,
      '--extensions-dir',
      join(runDir, 'ext'),
      '--user-data-dir',
      join(runDir, 'ud'),
      '--install-extension',
      vsix,
    ],
    { env: runEnv(runDir), encoding: 'utf8' },
  );
  if (r.status !== 0 || !/successfully installed/i.test(r.stdout + r.stderr)) {
    throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
  }
}

/** User settings for a run: nothing that pops up over the editor. */
const USER_SETTINGS = {
  'git.openRepositoryInParentFolders': 'never',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
};

/**
 * `options.workspaceTrust`: keep VS Code's workspace trust on, so the workspace opens in Restricted
 * Mode (no startup prompt) until the test trusts it.
 */
export async function startCodeServer(runDir, workspace, options = {}) {
  const port = await freePort();
  mkdirSync(join(runDir, 'ud', 'User'), { recursive: true });
  const settings = options.workspaceTrust
    ? { ...USER_SETTINGS, 'security.workspace.trust.startupPrompt': 'never' }
    : USER_SETTINGS;
  writeFileSync(join(runDir, 'ud', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const proc = spawn(
    process.execPath,
    [
      CS_BIN,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--user-data-dir',
      join(runDir, 'ud'),
      '--extensions-dir',
      join(runDir, 'ext'),
      workspace,
    ],
    { env: runEnv(runDir), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`code-server exited early:\n${log}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`code-server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    port,
    base,
    log: () => log,
    stop: () => {
      try {
        process.kill(-proc.pid, 'SIGTERM'); // its whole process group (extension host, language server)
      } catch {
        /* already gone */
      }
    },
  };
}

export async function launchBrowser(runDir) {
  return chromium.launchPersistentContext(join(runDir, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
