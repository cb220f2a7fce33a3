// UI end-to-end: with another Terraform extension installed (a stand-in for HashiCorp's, built here:
// its own language configuration with `//` line comments and its own `source.hcl.terraform`
// grammar), that extension's editing support wins over ours, and linting is unchanged.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newRunDir } from './code-server.mjs';
import { ROOT } from './setup.mjs';
import { inspectTokenAt, runUiScenario, toggleCommentOn } from './ui-session.mjs';

export const OTHER_TERRAFORM_UI_CHECKS = 3;

/** Packages the stand-in extension; returns its .vsix. */
function otherTerraformVsix() {
  const dir = join(newRunDir('other-terraform-ext'), 'ext');
  mkdirSync(join(dir, 'syntaxes'), { recursive: true });
  const files = {
    'package.json': {
      name: 'terraform-stand-in',
      displayName: 'Terraform stand-in',
      description: 'Test double of another Terraform extension',
      version: '1.0.0',
      publisher: 'test',
      engines: { vscode: '^1.80.0' },
      contributes: {
        languages: [
          { id: 'terraform', extensions: ['.tf'], configuration: './language-configuration.json' },
          { id: 'terraform-vars', extensions: ['.tfvars'], configuration: './language-configuration.json' },
        ],
        grammars: [
          { language: 'terraform', scopeName: 'source.hcl.terraform', path: './syntaxes/terraform.json' },
        ],
      },
    },
    'language-configuration.json': { comments: { lineComment: '//', blockComment: ['/*', '*/'] } },
    'syntaxes/terraform.json': {
      scopeName: 'source.hcl.terraform',
      patterns: [
        { name: 'comment.line.stand-in', match: '(#|//).*$' },
        { name: 'string.quoted.stand-in', begin: '"', end: '"' },
        { name: 'meta.block.stand-in', begin: '\\{', end: '\\}', patterns: [{ include: '$self' }] },
        { name: 'keyword.word.stand-in', match: '[\\w.-]+' },
      ],
    },
  };
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(body));
  writeFileSync(join(dir, 'README.md'), '# Terraform stand-in\n');
  const vsix = join(dir, '..', 'terraform-stand-in.vsix');
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package',
      '--allow-missing-repository',
      '--skip-license',
      '-o',
      vsix,
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`packaging the stand-in failed:\n${r.stdout}\n${r.stderr}`);
  return vsix;
}

export async function runOtherTerraformUiTest(vsix) {
  return runUiScenario(
    'ui-other-terraform',
    vsix,
    async (session) => {
      const { ws, server, page, check } = session;
      await check('with another Terraform extension the file still gets its squiggle', async () => {
        await page.goto(`${server.base}/?folder=${encodeURIComponent(ws)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await page.getByRole('treeitem', { name: 'main' }).first().click({ timeout: 60_000 });
        await page.getByRole('treeitem', { name: 'main.tf' }).first().click();
        await page.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
      });
      await check('its language configuration is the one in use (// comments)', async () => {
        await toggleCommentOn(session, '"web"', '//');
      });
      await check('its grammar colours the file (our patterns add nothing)', async () => {
        const text = await inspectTokenAt(session, 'resource', ['keyword.word.stand-in']);
        if (text.includes('storage.type.block.terraform')) throw new Error(`our scope leaked in:\n${text}`);
      });
    },
    'failure-other-terraform.png',
    { extraVsix: [otherTerraformVsix()] },
  );
}
