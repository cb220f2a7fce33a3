// UI end-to-end: the packaged .vsix installed into code-server, driven in headless chromium like a
// user would: open a .tf, see the squiggle, the Problems row and the hover, apply the quick fix,
// see it gone. Screenshots go to .e2e/screenshots/ (test/e2e/screenshots/ with --update-screenshots).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inspectTokenAt, runUiScenario, toggleCommentOn } from './ui-session.mjs';

/** How many checks the scenario has: run.mjs counts the ones that never ran as failed. */
export const UI_CHECKS = 7;

/**
 * Besides the test workspace: a value set in terraform.tfvars (a finding at the rule, a note where the
 * value is written), a syntax error, and a value that cannot be known (a note): the kinds of entry
 * the Problems panel lists that are not all findings.
 */
const EXTRA_FILES = {
  'origin/main.tf':
    'variable "admin_cidr" {}\n\nresource "alicloud_security_group_rule" "rdp" {\n  type              = "ingress"\n' +
    '  ip_protocol       = "tcp"\n  port_range        = "3389/3389"\n  security_group_id = "sg-9"\n' +
    '  cidr_ip           = var.admin_cidr\n}\n',
  'origin/terraform.tfvars': 'admin_cidr = "0.0.0.0/0"\n',
  'broken/main.tf': 'resource "alicloud_security_group_rule" "half" {\n  type = "ingress"\n  cidr_ip = \n',
  'unknown/main.tf':
    'variable "cidr" {}\n\nresource "alicloud_security_group_rule" "x" {\n  type              = "ingress"\n' +
    '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  security_group_id = "sg-8"\n' +
    '  cidr_ip           = var.cidr\n}\n',
};

/** Records every text the SG Guard status-bar item shows (and whether it spins), from page load on. */
function recordStatusBar() {
  const seen = [];
  globalThis.__sgGuardStatus = seen;
  const look = () => {
    for (const el of globalThis.document.querySelectorAll('.statusbar-item')) {
      if (!el.id.endsWith('sgGuard.findings')) continue;
      const shown = `${el.querySelector('.codicon-modifier-spin') ? '(spinning) ' : ''}${el.textContent.trim()}`;
      if (seen.at(-1) !== shown) seen.push(shown);
    }
  };
  new globalThis.MutationObserver(look).observe(globalThis.document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
}

/** Runs the UI scenario; returns the list of checks with pass/fail. */
export async function runUiTest(vsix) {
  return runUiScenario(
    'ui',
    vsix,
    async (session) => {
      const { ws, server, page, check, shot, command } = session;
      await check('workbench loads with the workspace', async () => {
        for (const [rel, text] of Object.entries(EXTRA_FILES)) {
          mkdirSync(dirname(join(ws, rel)), { recursive: true });
          writeFileSync(join(ws, rel), text);
        }
        await page.addInitScript(recordStatusBar);
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
      await check(
        'status bar, its tooltip, the Problems panel and Lint Workspace agree on one count',
        async () => {
          // Never "0" while the first scan runs: a spinner, then the count.
          const seen = await page.evaluate(() => globalThis.__sgGuardStatus);
          const first = seen.findIndex((t) => /SG Guard: \d+/.test(t));
          if (
            !seen[0]?.startsWith('(spinning)') ||
            first < 0 ||
            seen.slice(0, first).some((t) => /: 0/.test(t))
          )
            throw new Error(`the status bar showed ${JSON.stringify(seen)}`);
          const item = page.locator('.statusbar-item').filter({ hasText: /SG Guard: \d+/ });
          const n = Number(/SG Guard: (\d+)/.exec(await item.innerText())[1]);
          // The Problems panel's SG Guard entries (maximized, so the list is not cut off), by kind.
          await command('View: Toggle Maximized Panel');
          const entries = await page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) =>
            rows
              .filter((r) => r.querySelector('.marker-source')?.textContent === 'sg-guard')
              .map((r) => ({
                level: r.querySelector('.marker-icon')?.classList.contains('error')
                  ? 'error'
                  : r.querySelector('.marker-icon')?.classList.contains('warning')
                    ? 'warning'
                    : 'info',
                code: r.querySelector('.marker-code')?.textContent ?? '',
              })),
          );
          await command('View: Toggle Maximized Panel');
          const rule = /^sg-(risky-ports-check|public-access-check|port-range-valid)$/;
          const listed = entries.filter((e) => e.level !== 'info' && rule.test(e.code)).length;
          const others = entries.filter((e) => e.level !== 'info' && !rule.test(e.code)).length;
          const notes = entries.filter((e) => e.level === 'info').length;
          if (n !== 3 || listed !== n)
            throw new Error(`status bar ${n}, Problems panel ${listed} findings: ${JSON.stringify(entries)}`);
          if (others !== 2 || notes !== 2)
            throw new Error(`want 2 syntax errors and 2 notes: ${JSON.stringify(entries)}`);
          const box = await item.boundingBox();
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
          const tooltip = page.locator('.monaco-hover, .custom-hover').filter({ hasText: `${n} findings` });
          await tooltip.first().waitFor({ timeout: 20_000 });
          const tip = await tooltip.first().innerText();
          for (const want of [`${others} other problems`, `${notes} notes`, 'counted once'])
            if (!tip.includes(want)) throw new Error(`the tooltip lacks "${want}":\n${tip}`);
          await shot('11-one-count.png');
          await page.mouse.move(600, 400);
          await command('SG Guard: Lint Workspace');
          const toast = page
            .locator('.notifications-toasts')
            .getByText(`SG Guard: ${n} findings; also ${others} other problems, ${notes} notes in 5 modules`);
          await toast.first().waitFor({ timeout: 30_000 });
        },
      );
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
        await page.locator('.statusbar-item').getByText('SG Guard: 2').first().waitFor({ timeout: 20_000 });
        await shot('5-fixed.png');
      });
    },
    'failure.png',
  );
}
