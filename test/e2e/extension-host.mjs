// Runs an extension-host test suite inside code-server, driven the way @vscode/test-electron's
// runTests drives desktop VS Code: code-server rejects --extensionDevelopmentPath/--extensionTestsPath
// flags, but its web workbench reads them from the page URL, so a headless chromium opens that URL.
// The suite's result arrives as window.codeAutomationExit(code).
//
// Called with VS Code's own arguments (this is the vscodeExecutablePath shim's body):
//   node test/e2e/extension-host.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [WORKSPACE]
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from './setup.mjs';
import { launchBrowser, newRunDir, startCodeServer } from './code-server.mjs';

export async function runExtensionHostTests({ devPath, testsPath, workspace, timeoutMs = 180_000, logFile }) {
  ensureCodeServer();
  const runDir = newRunDir('exthost');
  const server = await startCodeServer(runDir, workspace);
  const browser = await launchBrowser(runDir);
  const consoleLines = [];
  let flushConsole = () => Promise.resolve();
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    // The extension host's console reaches the page as ('%c LEVEL', css, fmt, ...args): format it
    // as Node would (mocha's `✔ %s (%dms)`), in arrival order.
    let queue = Promise.resolve();
    const text = async (m) => {
      const args = await Promise.all(m.args().map((a) => a.jsonValue().catch(() => String(a))));
      if (typeof args[0] === 'string' && args[0].startsWith('%c ')) args.splice(0, 2);
      return args.length > 0 ? format(...args) : m.text();
    };
    page.on('console', (m) => {
      queue = queue.then(() =>
        text(m).then(
          (t) => void consoleLines.push(t),
          () => void consoleLines.push(m.text()),
        ),
      );
    });
    flushConsole = () => queue;
    const exit = new Promise(
      (res) => void page.exposeFunction('codeAutomationExit', (code) => res(Number(code))),
    );
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(devPath)],
      ['extensionTestsPath', remote(testsPath)],
    ]);
    await page.goto(
      `${server.base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`,
    );
    const timeout = new Promise((res) => setTimeout(() => res('timeout'), timeoutMs));
    const code = await Promise.race([exit, timeout]);
    if (code === 'timeout') {
      consoleLines.push(`extension-host tests timed out after ${timeoutMs} ms`);
      return 1;
    }
    return code;
  } finally {
    await flushConsole();
    if (logFile) writeFileSync(logFile, `${consoleLines.join('\n')}\n\n--- code-server ---\n${server.log()}`);
    await browser.close().catch(() => undefined);
    server.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opt = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const positional = args.filter((a) => !a.startsWith('-'));
  const devPath = resolve(opt('extensionDevelopmentPath') ?? '.');
  const testsPath = resolve(opt('extensionTestsPath') ?? '');
  const workspace = resolve(positional.at(-1) ?? devPath);
  const logFile = process.env.SG_GUARD_EXTHOST_LOG ?? join(devPath, '.e2e', 'exthost-console.log');
  const code = await runExtensionHostTests({ devPath, testsPath, workspace, logFile });
  console.log(`extension host suite exit code ${code} (console in ${logFile})`);
  process.exit(code);
}
