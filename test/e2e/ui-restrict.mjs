// UI end-to-end for "Restrict to a trusted range…" with no trusted range configured: the quick fix
// is offered anyway, suggests the ranges other rules already accept for SSH, refuses the world and
// junk as they are typed, writes the range where the value is written (terraform.tfvars) and, when
// asked to, remembers it in the project's .sg-guard.yaml. Then a rule open to the world on every port:
// one squiggle, one Suppress for both rule ids, a Narrow fix that says what it closes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './setup.mjs';
import { runUiScenario } from './ui-session.mjs';

export const RESTRICT_UI_CHECKS = 5;

/** Every tcp port open to the world: two rules break, one squiggle shows it. */
const EVERY_PORT = `resource "alicloud_security_group_rule" "wide" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "1/65535"
  security_group_id = "sg-wide"
  cidr_ip           = "0.0.0.0/0"
}
`;

export async function runRestrictUiTest(vsix) {
  return runUiScenario(
    'ui-restrict',
    vsix,
    async (session) => {
      const { ws, server, page, check, shot, command, quickInput } = session;
      const message = quickInput.locator('.quick-input-message');
      await check(
        'with no trusted range set, the quick fix offers Restrict to a trusted range…',
        async () => {
          await page.goto(`${server.base}/?folder=${encodeURIComponent(ws)}`);
          await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
          await page.getByRole('treeitem', { name: 'app' }).first().click({ timeout: 60_000 });
          await page.getByRole('treeitem', { name: 'main.tf' }).first().click();
          const squiggle = page.locator('.squiggly-error').first();
          await squiggle.waitFor({ timeout: 30_000 });
          const box = await squiggle.boundingBox();
          await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
          await command('Quick Fix...');
          const menu = page.locator('.action-widget');
          await menu.getByText('Restrict to a trusted range…').first().waitFor({ timeout: 20_000 });
          if ((await menu.innerText()).includes('Replace 0.0.0.0/0'))
            throw new Error('a Replace fix was offered with no trusted range configured');
          await shot('12-restrict-menu.png');
          const focused = page.locator('.action-widget .monaco-list-row.focused');
          for (let i = 0; i < 10 && !(await focused.innerText()).includes('Restrict to a trusted range'); i++)
            await page.keyboard.press('ArrowDown');
          await page.keyboard.press('Enter');
        },
      );
      await check('it suggests the ranges other rules accept for SSH in this workspace', async () => {
        const rows = quickInput.locator('.monaco-list-row');
        await rows.filter({ hasText: '198.51.100.0/24' }).first().waitFor({ timeout: 20_000 });
        const text = await quickInput.innerText();
        for (const want of ['192.0.2.0/24', 'accepted on this port by 1 rule', 'Enter another range'])
          if (!text.includes(want)) throw new Error(`the suggestions lack "${want}":\n${text}`);
        await quickInput.locator('input').fill('Enter another');
        await quickInput
          .locator('.monaco-list-row.focused')
          .filter({ hasText: 'Enter another range' })
          .waitFor();
        await page.keyboard.press('Enter');
      });
      await check('what is typed is checked: the world and junk are refused, with why', async () => {
        const input = quickInput.locator('input');
        await input.waitFor();
        await input.fill('0.0.0.0/0');
        await message.getByText('0.0.0.0/0 is the whole Internet').waitFor({ timeout: 20_000 });
        await shot('13-restrict-refused.png');
        await input.fill('office');
        await message.getByText('"office" is not a CIDR range').waitFor({ timeout: 20_000 });
        await input.fill('10.20.0.0/16');
        await page.keyboard.press('Enter');
      });
      await check('the range is written in terraform.tfvars, and remembered in .sg-guard.yaml', async () => {
        await page
          .locator('.monaco-editor .squiggly-error')
          .first()
          .waitFor({ state: 'detached', timeout: 20_000 });
        const toast = page
          .locator('.notifications-toasts .notification-list-item')
          .filter({ hasText: 'Remember 10.20.0.0/16 as a trusted range in .sg-guard.yaml?' });
        await toast.first().waitFor({ timeout: 20_000 });
        if (
          !(await toast.first().innerText()).includes(
            '0.0.0.0/0 replaced with 10.20.0.0/16 in app/terraform.tfvars',
          )
        )
          throw new Error(`the message does not say where: ${await toast.first().innerText()}`);
        await page.locator('.statusbar-item').getByText('SG Guard: 0').first().waitFor({ timeout: 20_000 });
        await page.waitForTimeout(600); // the toast fades in
        await shot('14-restrict-remember.png');
        await toast.first().getByRole('button', { name: 'Remember' }).click();
        for (const deadline = Date.now() + 20_000; ;) {
          const config = readFileSync(join(ws, '.sg-guard.yaml'), 'utf8');
          if (/\ntrustedCidrs:\n {2}- 10\.20\.0\.0\/16\n$/.test(config)) break;
          if (Date.now() > deadline) throw new Error(`.sg-guard.yaml does not list the range:\n${config}`);
          await page.waitForTimeout(250);
        }
        // The tfvars buffer holds the new value (the editor saves it as any other fix: by the user).
        await command('View: Focus Problems');
        const panel = page.locator('.markers-panel');
        await panel.waitFor();
        if (/opens SSH \(22\/tcp\)/.test(await panel.innerText()))
          throw new Error('the finding is still listed');
      });
      await check(
        'a rule open on every port: one squiggle, one Suppress for both rules, a Narrow that says what it closes',
        async () => {
          mkdirSync(join(ws, 'wide'));
          writeFileSync(join(ws, 'wide', 'main.tf'), EVERY_PORT);
          await page.getByRole('treeitem', { name: 'wide' }).first().waitFor({ timeout: 30_000 });
          // Quick Open (app/main.tf is also listed in the explorer).
          await page.keyboard.press('F1');
          await quickInput.locator('input').fill('wide/main.tf');
          await quickInput.locator('.monaco-list-row').filter({ hasText: 'wide' }).first().waitFor();
          await page.keyboard.press('Enter');
          const squiggles = page.locator('.monaco-editor .squiggly-error');
          await squiggles.first().waitFor({ timeout: 30_000 });
          await page.locator('.statusbar-item').getByText('SG Guard: 1').first().waitFor({ timeout: 20_000 });
          const panel = page.locator('.markers-panel');
          const listed = (await panel.innerText()).split('\n').filter((l) => /every tcp port/.test(l));
          if (listed.length !== 1 || !/SSH \(22\/tcp\) and RDP \(3389\/tcp\) among them/.test(listed[0]))
            throw new Error(`want one Problems entry naming SSH and RDP, got ${JSON.stringify(listed)}`);
          if ((await squiggles.count()) !== 1) throw new Error(`${await squiggles.count()} squiggles`);
          const box = await squiggles.first().boundingBox();
          await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
          await command('Quick Fix...');
          const menu = page.locator('.action-widget');
          await menu
            .getByText('Narrow port_range to 3390/65535: closes 1-3389, including SSH 22, RDP 3389')
            .first()
            .waitFor({ timeout: 20_000 });
          const titles = (await menu.innerText()).split('\n').filter((t) => t.startsWith('Suppress'));
          if (
            titles.length !== 1 ||
            !titles[0].startsWith('Suppress sg-public-access-check, sg-risky-ports-check')
          )
            throw new Error(`want one Suppress naming both rules, got ${JSON.stringify(titles)}`);
          await shot('15-one-squiggle.png');
          await page.keyboard.press('Escape');
        },
      );
    },
    'failure-restrict.png',
    { workspace: join(ROOT, 'test', 'e2e', 'workspaces', 'restrict') },
  );
}
