// The standard @vscode/test-electron entry point for the extension-host suite. Where VS Code can be
// downloaded, set SG_GUARD_DOWNLOAD_VSCODE=1 to run in desktop VS Code; by default (offline machines,
// CI) `vscodeExecutablePath` is a shim that runs the same suite inside code-server.
import { build } from 'esbuild';
import { cpSync, mkdtempSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(ROOT, 'out', 'test', 'extension');

/** Bundles the suite (mocha and vscode stay external: the extension host provides both). */
export async function buildSuite() {
  rmSync(OUT, { recursive: true, force: true }); // no stale spec from a renamed file
  await build({
    absWorkingDir: ROOT,
    entryPoints: [
      'test/extension/suite/index.ts',
      ...readdirSync(join(ROOT, 'test', 'extension', 'suite'))
        .filter((f) => f.endsWith('.spec.ts'))
        .map((f) => `test/extension/suite/${f}`),
    ],
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(OUT, 'index.js');
}

/** A fresh copy of the test workspace (the suite edits files and settings). */
export function freshWorkspace() {
  mkdirSync(join(ROOT, '.e2e', 'runs'), { recursive: true });
  const ws = mkdtempSync(join(ROOT, '.e2e', 'runs', 'ws-'));
  cpSync(join(ROOT, 'test', 'extension', 'workspace'), ws, { recursive: true });
  return ws;
}

export async function runExtensionSuite() {
  const extensionTestsPath = await buildSuite();
  const download = process.env.SG_GUARD_DOWNLOAD_VSCODE === '1';
  try {
    await runTests({
      ...(download ? {} : { vscodeExecutablePath: join(ROOT, 'test', 'extension', 'code-server-shim.sh') }),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath,
      launchArgs: [freshWorkspace(), '--disable-extensions'],
      reuseMachineInstall: !download,
    });
    return 0;
  } catch (e) {
    console.error(String(e));
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit(await runExtensionSuite());
}
