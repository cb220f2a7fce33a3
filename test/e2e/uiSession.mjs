// One UI session for the Playwright scenarios: code-server with the installed .vsix on a copy of the
// test workspace, headless chromium, named checks that print as they pass or fail, screenshots, and
// the command palette.
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, installVsix, newRunDir, startCodeServer } from './codeServer.mjs';
import { ensureCodeServer, ROOT } from './setup.mjs';

export const SHOTS = join(ROOT, 'test', 'e2e', 'screenshots');

/**
 * Runs `scenario(session)` and returns its checks ({name, ok, error?}). A failing check stops the
 * scenario (later checks depend on earlier ones); code-server and the browser are always stopped.
 */
export async function runUiScenario(name, vsix, scenario, failureShot = `failure-${name}.png`) {
  ensureCodeServer();
  const runDir = newRunDir(name);
  installVsix(runDir, vsix);
  const ws = join(runDir, 'workspace');
  cpSync(join(ROOT, 'test', 'extension', 'workspace'), ws, { recursive: true });
  mkdirSync(SHOTS, { recursive: true });
  const server = await startCodeServer(runDir, ws);
  const browser = await launchBrowser(runDir);
  const checks = [];
  const check = async (title, fn) => {
    try {
      await fn();
      checks.push({ name: title, ok: true });
      console.log(`  ✔ ${title}`);
    } catch (e) {
      const message = String(e?.message ?? e);
      checks.push({ name: title, ok: false, error: message });
      console.log(`  ✘ ${title}\n    ${message.split('\n').join('\n    ')}`);
      throw e;
    }
  };
  const page = browser.pages()[0] ?? (await browser.newPage());
  const quickInput = page.locator('.quick-input-widget');
  const session = {
    runDir,
    ws,
    server,
    page,
    quickInput,
    check,
    shot: (file) => page.screenshot({ path: join(SHOTS, file) }),
    /** Runs a command from the palette (F1: Ctrl+Shift+P may go to the browser). */
    command: async (text) => {
      await page.keyboard.press('F1');
      const input = quickInput.locator('input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${text}`);
      await quickInput.locator('.monaco-list-row').first().waitFor();
      await page.keyboard.press('Enter');
    },
  };
  try {
    await scenario(session);
  } catch {
    // The failing check has reported it; keep a picture of the moment.
    await session.shot(failureShot).catch(() => undefined);
  } finally {
    await browser.close().catch(() => undefined);
    server.stop();
  }
  return checks;
}
