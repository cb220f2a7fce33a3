// One UI session for the Playwright scenarios: code-server with the installed .vsix on a copy of the
// test workspace, headless chromium, named checks that print as they pass or fail, screenshots, and
// the command palette.
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, installVsix, newRunDir, startCodeServer } from './code-server.mjs';
import { E2E, ensureCodeServer, ROOT } from './setup.mjs';

/** The committed screenshots (README, docs): rewritten only when asked to. */
export const COMMITTED_SHOTS = join(ROOT, 'test', 'e2e', 'screenshots');
/**
 * Where a run writes its screenshots: .e2e/screenshots (ignored), so `npm test` leaves the checkout
 * clean; `SG_GUARD_UPDATE_SCREENSHOTS=1` (`node test/e2e/run.mjs --update-screenshots`) writes the
 * committed ones instead, on purpose. Read when a scenario starts: run.mjs sets the variable after
 * its imports have run.
 */
export const screenshotsDir = () =>
  process.env.SG_GUARD_UPDATE_SCREENSHOTS === '1' ? COMMITTED_SHOTS : join(E2E, 'screenshots');

/**
 * Runs `scenario(session)` and returns its checks ({name, ok, error?}). A failing check stops the
 * scenario (later checks depend on earlier ones); code-server and the browser are always stopped.
 * `options`: `workspace` (a folder copied as the workspace; default test/extension/workspace),
 * `workspaceTrust` (open in Restricted Mode), `extraVsix` (other extensions to install).
 */
export async function runUiScenario(name, vsix, scenario, failureShot = `failure-${name}.png`, options = {}) {
  ensureCodeServer();
  const runDir = newRunDir(name);
  installVsix(runDir, vsix);
  for (const extra of options.extraVsix ?? []) installVsix(runDir, extra);
  const ws = join(runDir, 'workspace');
  cpSync(options.workspace ?? join(ROOT, 'test', 'extension', 'workspace'), ws, { recursive: true });
  const shots = screenshotsDir();
  mkdirSync(shots, { recursive: true });
  const server = await startCodeServer(runDir, ws, options);
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
    shot: (file) => page.screenshot({ path: join(shots, file) }),
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

/** The editor line whose text contains `text` (in the visible editor). */
function editorLine(page, text) {
  return page.locator('.monaco-editor .view-line').filter({ hasText: text }).first();
}

/**
 * Puts the cursor on the first visible `word` and opens Developer: Inspect Editor Tokens and Scopes;
 * waits for every string of `scopes` in its widget and returns the widget's text.
 */
export async function inspectTokenAt({ page, command }, word, scopes) {
  const token = page
    .locator('.monaco-editor .view-line span span')
    .filter({ hasText: new RegExp(`^${word}$`) });
  const box = await token.first().boundingBox();
  if (!box) throw new Error(`no "${word}" token on screen`);
  await page.mouse.click(box.x + 2, box.y + box.height / 2);
  await command('Developer: Inspect Editor Tokens and Scopes');
  const widget = page.locator('.token-inspect-widget');
  await widget.waitFor({ timeout: 20_000 });
  const text = await widget.innerText();
  for (const want of scopes)
    if (!text.includes(want)) throw new Error(`the token inspector lacks ${want}:\n${text}`);
  return text;
}

/**
 * Toggles a line comment on the line holding `text` and back; checks the line starts with `prefix`
 * (`whileCommented` runs in between, e.g. a screenshot).
 */
export async function toggleCommentOn({ page, command }, text, prefix, whileCommented = async () => {}) {
  const line = editorLine(page, text);
  const box = await line.boundingBox();
  if (!box) throw new Error(`no line with "${text}" on screen`);
  await page.mouse.click(box.x + 5, box.y + box.height / 2);
  await command('Toggle Line Comment');
  // The editor re-renders the line on its next frame: wait for it (reading it at once failed CI under load).
  if (!(await lineShows(page, text, prefix, true)))
    throw new Error(`not commented with ${prefix}: ${await line.innerText()}`);
  await page.mouse.move(5, 500); // no hover in the picture
  await whileCommented();
  await command('Toggle Line Comment');
  if (!(await lineShows(page, text, prefix, false)))
    throw new Error(`still commented with ${prefix}: ${await line.innerText()}`);
}

/** Whether, within 10 s, a visible line holding `text` starts (or no longer starts) with `prefix`. */
function lineShows(page, text, prefix, starts) {
  return page
    .waitForFunction(
      ([t, p, s]) =>
        [...globalThis.document.querySelectorAll('.monaco-editor .view-line')].some(
          (l) => l.textContent.includes(t) && l.textContent.trim().startsWith(p) === s,
        ),
      [text, prefix.trim(), starts],
      { timeout: 10_000 },
    )
    .then(
      () => true,
      () => false,
    );
}
