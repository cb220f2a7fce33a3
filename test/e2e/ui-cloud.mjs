// UI end-to-end for the cloud features: the packaged .vsix in code-server, driven in headless
// chromium like a user would: open the SG Guard activity-bar view, press Start Sandbox in its
// welcome content (the bundled `dist/cli.js sandbox --seed demo`, so this also checks the .vsix has
// what it needs), refresh, expand a group, then Deploy Guardrail: answer its questions, see the
// preview, deploy. Screenshots go to .e2e/screenshots/ (test/e2e/screenshots/ with --update-screenshots).
import { runUiScenario } from './ui-session.mjs';

/** How many checks the scenario has: run.mjs counts the ones that never ran as failed. */
export const CLOUD_UI_CHECKS = 6;

export async function runCloudUiTest(vsix) {
  return runUiScenario(
    'ui-cloud',
    vsix,
    async (session) => {
      const { ws, server, page, check, shot, command, quickInput } = session;
      /** Waits for the quick input titled `title` (a pick or an input box) and accepts its default. */
      const acceptDefault = async (title) => {
        await quickInput.locator('.quick-input-title').getByText(title).waitFor({ timeout: 20_000 });
        await page.keyboard.press('Enter');
        await quickInput.locator('.quick-input-title').getByText(title).waitFor({ state: 'detached' });
      };
      // The view is alone in its container: the side bar is the view.
      const view = page.locator('.part.sidebar');
      // A tree item's accessible name is its tooltip: match the shown label and description instead.
      const item = (text) => view.getByRole('treeitem').filter({ hasText: text }).first();
      /** Clicks the group until its child `rule` is shown (at most a few tries). */
      const expand = async (group, rule) => {
        for (let attempt = 0; ; attempt++) {
          const node = item(group);
          await node.waitFor({ timeout: 30_000 });
          if ((await node.getAttribute('aria-expanded')) !== 'true') await node.click();
          try {
            await item(rule).waitFor({ timeout: 5_000 });
            return;
          } catch (e) {
            if (attempt >= 3) throw e;
          }
        }
      };
      /** A message as a toast or, once the toast is gone, in the notification centre. */
      const notification = async (text) => {
        const toast = page.locator('.notifications-toasts .notification-list-item').filter({ hasText: text });
        try {
          await toast.first().waitFor({ timeout: 20_000 });
        } catch {
          await command('Notifications: Show Notifications');
          await page.locator('.notifications-center').getByText(text).first().waitFor({ timeout: 5_000 });
        }
      };
      await check('the SG Guard view offers Start Sandbox when there are no credentials', async () => {
        await page.goto(`${server.base}/?folder=${encodeURIComponent(ws)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await page.getByRole('treeitem', { name: 'main' }).first().waitFor({ timeout: 60_000 });
        await page
          .locator('.activitybar')
          .getByRole('tab', { name: /^SG Guard/ })
          .click();
        await view.getByText('No Alibaba Cloud credentials found').waitFor({ timeout: 20_000 });
        // Widen the side bar so the pictures show the groups' ids, VPCs and counts.
        const box = await view.boundingBox();
        await page.mouse.move(box.x + box.width + 1, box.y + 300);
        await page.mouse.down();
        await page.mouse.move(box.x + 700, box.y + 300, { steps: 5 });
        await page.mouse.up();
      });
      await check('Start Sandbox fills the tree: account → region → group → risky rule', async () => {
        await view.getByRole('button', { name: 'Start Sandbox' }).click();
        await item(/^Account \d+ \(sandbox\)/).waitFor({ timeout: 30_000 });
        await notification(/Sandbox started at 127\.0\.0\.1:\d+: Cloud Findings now shows its demo account/);
        await item(/^cn-hangzhou/).waitFor();
        // Refresh from the view's title bar, as a user would after a change.
        await view.hover();
        await view.getByRole('button', { name: 'Refresh Cloud Findings' }).click();
        // Groups start collapsed. The refresh may still be rebuilding the tree when a group first
        // shows, collapsing it again: expand until the rule stays visible.
        await expand(/^bastion-legacy/, /^SSH \(22\/tcp\) from 0\.0\.0\.0\/0/);
        await expand(/^kube-api-v6/, /from ::\/0/);
        // Results stream in: wait for every region's scan to finish before reading the tree.
        let text = await view.innerText();
        for (const deadline = Date.now() + 30_000; text.includes('scanning…') && Date.now() < deadline;) {
          await page.waitForTimeout(250);
          text = await view.innerText();
        }
        for (const want of ['cn-shanghai', 'ap-southeast-1', 'windows-jump', 'exposed of', 'direct scan']) {
          if (!text.includes(want)) throw new Error(`the tree lacks "${want}":\n${text}`);
        }
        await page.mouse.move(5, 500); // no hover highlight in the picture
        await page.waitForTimeout(300);
        await shot('6-cloud-tree.png');
      });
      await check(
        'an exposed group says what it exposes: reachable first, attachments in the tooltip',
        async () => {
          const text = await view.innerText();
          if (!/reachable from the Internet/.test(text) || !/attached to nothing/.test(text))
            throw new Error(`the tree does not say what groups expose:\n${text}`);
          await item(/^bastion-legacy/).hover();
          const hover = page
            .locator('.monaco-hover, .workbench-hover')
            .filter({ hasText: 'Exposure:' })
            .first();
          await hover.waitFor({ timeout: 10_000 });
          const tip = await hover.innerText();
          if (!/bastion-01\), Running: EIP /.test(tip)) throw new Error(`the tooltip lacks the EIP:\n${tip}`);
          await page.waitForTimeout(300);
          await shot('9-cloud-exposure.png');
          await page.mouse.move(5, 500);
        },
      );
      await check('Deploy Guardrail asks its questions, then previews every resource', async () => {
        await command('SG Guard: Deploy Guardrail');
        await acceptDefault('Guardrail: region for the Config rule and the function');
        await acceptDefault('Guardrail: which Config rule judges the security groups');
        await acceptDefault('Guardrail: ports that must not be open to the Internet');
        await acceptDefault('Guardrail: what the function does with a risky rule');
        await acceptDefault('Guardrail: when the remediation runs');
        await acceptDefault('Guardrail: trusted CIDRs (kept in narrow mode)');
        const preview = 'Deploy guardrail to cn-hangzhou: 10 of 10 resources change';
        await quickInput.locator('.quick-input-title').getByText(preview).waitFor({ timeout: 20_000 });
        const rows = quickInput.locator('.monaco-list-row');
        await rows.filter({ hasText: 'Deploy (10 changes)' }).waitFor();
        const text = await quickInput.innerText();
        for (const want of ['create: RAM role', 'create: Config rule', 'Cancel']) {
          if (!text.includes(want)) throw new Error(`the preview lacks "${want}":\n${text}`);
        }
        // Reading the account is over once the preview shows: its progress toast does not stay.
        await page
          .locator('.notifications-toasts .notification-list-item')
          .filter({ hasText: 'reading the account' })
          .waitFor({ state: 'detached', timeout: 5_000 });
        await shot('7-deploy-preview.png');
        // Enter on the first row (a change, focused first) is no answer: the preview comes back and
        // says what to choose, rather than ending without a word.
        await page.keyboard.press('Enter');
        await quickInput
          .locator('input[placeholder*="That row is one of the changes"]')
          .waitFor({ timeout: 20_000 });
        await quickInput.locator('.quick-input-title').getByText(preview).waitFor();
      });
      await check('choosing Deploy deploys the guardrail and says so', async () => {
        await quickInput.locator('input').fill('Deploy (10');
        await quickInput
          .locator('.monaco-list-row.focused')
          .filter({ hasText: 'Deploy (10 changes)' })
          .waitFor();
        await page.keyboard.press('Enter');
        await notification('Guardrail deployed: 10 created, 0 updated.');
        // The progress toast ("1/10 creating …") is gone with the deploy, not left behind it: not
        // among the toasts, not in the notification centre.
        const progress = (where) =>
          page.locator(`${where} .notification-list-item`).filter({ hasText: 'deploying the guardrail' });
        await progress('.notifications-toasts').waitFor({ state: 'detached', timeout: 5_000 });
        await command('Notifications: Show Notifications');
        await page.locator('.notifications-center').getByText('Guardrail deployed').first().waitFor();
        if ((await progress('.notifications-center').count()) > 0)
          throw new Error('the deploy progress is still listed in the notification centre');
        await command('Notifications: Hide Notifications');
      });
      await check('after the deploy the tree reads the Config rule’s results', async () => {
        await page.keyboard.press('Escape');
        // The new rule's first evaluation runs in the background (the evaluator function reports
        // with PutEvaluations); until it has results the view scans directly, so refresh until the
        // tree says it comes from the Config rule.
        for (let attempt = 0; ; attempt++) {
          await view.hover();
          await view.getByRole('button', { name: 'Refresh Cloud Findings' }).click();
          try {
            await item(/Config rule sg-guard-risky-ports/).waitFor({ timeout: 10_000 });
            break;
          } catch (e) {
            if (attempt >= 5) throw e;
          }
        }
        await item(/^ack-managed-nodes/).waitFor({ timeout: 10_000 });
        await shot('8-after-deploy.png');
      });
    },
    'failure-cloud.png',
  );
}
