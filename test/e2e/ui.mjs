// UI end-to-end: the packaged .vsix installed into code-server, driven in headless chromium like a
// user would: open a .tf, see the squiggle, the Problems row and the hover, apply the quick fix,
// see it gone. Screenshots go to .e2e/screenshots/ (test/e2e/screenshots/ with --update-screenshots).
import { inspectTokenAt, runUiScenario, toggleCommentOn } from './uiSession.mjs';

/** How many checks the scenario has: run.mjs counts the ones that never ran as failed. */
export const UI_CHECKS = 6;

/** Runs the UI scenario; returns the list of checks with pass/fail. */
export async function runUiTest(vsix) {
  return runUiScenario(
    'ui',
    vsix,
    async (session) => {
      const { ws, server, page, check, shot, command } = session;
      await check('workbench loads with the workspace', async () => {
        await page.goto(`${server.base}/?folder=${encodeURIComponent(ws)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await page.getByRole('treeitem', { name: 'main' }).first().waitFor({ timeout: 60_000 });
      });
      await check('opening main/main.tf shows an error squiggle on the world CIDR', async () => {
        await page.getByRole('treeitem', { name: 'main' }).first().click();
        await page.getByRole('treeitem', { name: 'main.tf' }).first().click();
        await page.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
        await shot('1-squiggle.png');
      });
      await check(
        'without HashiCorp’s extension the file is coloured by our grammar and # toggles comments',
        async () => {
          await inspectTokenAt(session, 'resource', [
            'storage.type.block.terraform',
            'source.hcl.terraform.sg-guard',
          ]);
          await page.keyboard.press('Escape');
          await toggleCommentOn(session, '"web"', '#', () => shot('10-language-support.png'));
        },
      );
      await check('the Problems panel lists the finding with its position', async () => {
        await command('View: Focus Problems');
        const panel = page.locator('.markers-panel');
        await panel.waitFor();
        await panel
          .getByText('opens SSH (22/tcp) to the whole Internet (0.0.0.0/0)')
          .first()
          .waitFor({ timeout: 20_000 });
        // The never-opened file is listed too (background scan).
        await panel
          .getByText(/opens RDP \(3389\/tcp\)/)
          .first()
          .waitFor({ timeout: 20_000 });
        const text = await panel.innerText();
        if (!/\[Ln 10, Col 23\]/.test(text))
          throw new Error(`no [Ln 10, Col 23] in the Problems panel:\n${text}`);
        await shot('2-problems.png');
      });
      await check('hovering the squiggle shows the message and the evaluated value', async () => {
        const box = await page.locator('.squiggly-error').first().boundingBox();
        if (!box) throw new Error('squiggle has no box');
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        const hover = page.locator('.monaco-hover').filter({ hasText: 'sg-risky-ports-check' });
        await hover.first().waitFor({ state: 'visible', timeout: 20_000 });
        const text = await hover.first().innerText();
        for (const want of ['opens SSH (22/tcp)', 'cidr_ip', '"0.0.0.0/0"']) {
          if (!text.includes(want)) throw new Error(`hover lacks ${want}:\n${text}`);
        }
        await page.waitForTimeout(600); // let the hover finish fading in before the picture
        await shot('3-hover.png');
      });
      await check('the quick fix replaces the CIDR and the squiggle goes away', async () => {
        const box = await page.locator('.squiggly-error').first().boundingBox();
        await page.mouse.move(box.x + 400, box.y + 300); // close the hover
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        await command('Quick Fix...');
        const item = page
          .locator('.action-widget')
          .getByText('Replace 0.0.0.0/0 with trusted 203.0.113.0/24');
        await item.first().waitFor({ timeout: 20_000 });
        await shot('4-quick-fix-menu.png');
        // Choose with the keyboard (a pointer-block layer intercepts clicks on the menu).
        const focused = page.locator('.action-widget .monaco-list-row.focused');
        for (let i = 0; i < 10 && !(await focused.innerText()).includes('Replace 0.0.0.0/0'); i++) {
          await page.keyboard.press('ArrowDown');
        }
        await page.keyboard.press('Enter');
        await page.locator('.view-lines').getByText('203.0.113.0/24').first().waitFor({ timeout: 20_000 });
        await page
          .locator('.monaco-editor .squiggly-error')
          .first()
          .waitFor({ state: 'detached', timeout: 20_000 });
        const panel = page.locator('.markers-panel');
        await panel.getByText('opens SSH (22/tcp)').first().waitFor({ state: 'detached', timeout: 20_000 });
        await page.locator('.statusbar-item').getByText('SG Guard: 1').first().waitFor({ timeout: 20_000 });
        await shot('5-fixed.png');
      });
    },
    'failure.png',
  );
}
