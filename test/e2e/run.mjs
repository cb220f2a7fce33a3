// Real-editor tests, run last by `npm test`: sets up code-server in .e2e/ if missing (cached),
// builds and packages the .vsix, runs the extension-host suite (through @vscode/test-electron's
// runTests with a code-server shim) and the Playwright UI tests (editor, cloud), then prints `N passed, N failed`.
// Needs apt: chromium libkrb5-dev ripgrep.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runExtensionSuite } from '../extension/run-test.mjs';
import { CHROMIUM } from './code-server.mjs';
import { E2E, ensureCodeServer, packageVsix } from './setup.mjs';
import { runUiTest, UI_CHECKS } from './ui.mjs';
import { CLOUD_UI_CHECKS, runCloudUiTest } from './ui-cloud.mjs';
import { OTHER_TERRAFORM_UI_CHECKS, runOtherTerraformUiTest } from './ui-other-terraform.mjs';
import { RESTRICTED_UI_CHECKS, runRestrictedUiTest } from './ui-restricted.mjs';
import { RESTRICT_UI_CHECKS, runRestrictUiTest } from './ui-restrict.mjs';

// `--update-screenshots`: rewrite the committed screenshots (test/e2e/screenshots), on purpose.
if (process.argv.includes('--update-screenshots')) process.env.SG_GUARD_UPDATE_SCREENSHOTS = '1';
const started = Date.now();
const step = (title) => console.log(`\n== e2e: ${title}`);

let passed = 0;
let failed = 0;
try {
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: apt-get install -y chromium`);
  step('code-server');
  ensureCodeServer();
  rmSync(join(E2E, 'runs'), { recursive: true, force: true });

  step('build and package the .vsix');
  const vsix = packageVsix();

  step('extension-host suite (mocha in code-server)');
  const log = join(E2E, 'exthost-console.log');
  rmSync(log, { force: true });
  process.env.SG_GUARD_EXTHOST_LOG = log;
  const code = await runExtensionSuite();
  const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
  // Every test's line, then each failure in full (mocha's block: title, assertion, actual/expected, stack).
  const lines = text.split('\n');
  const failures = lines.findIndex((line) => /^\s+\d+ failing/.test(line));
  const end = lines.findIndex((line) => line.startsWith('extension-host suite:'));
  for (const [i, line] of lines.entries())
    if (failures >= 0 && i > failures && (end < 0 || i < end)) console.log(line);
    else if (/[✔✘]|passing|failing|^\s+\d+\) |Error/.test(line)) console.log(line);
  const m = /extension-host suite: (\d+) passed, (\d+) failed/.exec(text);
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  } else failed++;
  if (code !== 0 && !(m && Number(m[2]) > 0)) failed++;
  console.log(`(browser console: ${log})`);

  step('UI test (Playwright + chromium, installed .vsix)');
  const checks = await runUiTest(vsix);
  passed += checks.filter((c) => c.ok).length;
  failed += checks.filter((c) => !c.ok).length;
  failed += Math.max(0, UI_CHECKS - checks.length); // a scenario step never ran

  step('cloud UI test (sandbox, findings tree, deploy preview)');
  const cloud = await runCloudUiTest(vsix);
  passed += cloud.filter((c) => c.ok).length;
  failed += cloud.filter((c) => !c.ok).length + Math.max(0, CLOUD_UI_CHECKS - cloud.length);

  step('Restricted Mode UI test (multi-root, untrusted, then trusted)');
  const restricted = await runRestrictedUiTest(vsix);
  passed += restricted.filter((c) => c.ok).length;
  failed += restricted.filter((c) => !c.ok).length + Math.max(0, RESTRICTED_UI_CHECKS - restricted.length);

  step('Restrict to a trusted range… (no range configured: suggest, check, write, remember)');
  const restrict = await runRestrictUiTest(vsix);
  passed += restrict.filter((c) => c.ok).length;
  failed += restrict.filter((c) => !c.ok).length + Math.max(0, RESTRICT_UI_CHECKS - restrict.length);

  step('another Terraform extension installed: its editing support wins, linting unchanged');
  const other = await runOtherTerraformUiTest(vsix);
  passed += other.filter((c) => c.ok).length;
  failed += other.filter((c) => !c.ok).length + Math.max(0, OTHER_TERRAFORM_UI_CHECKS - other.length);
} catch (e) {
  console.error(`e2e error: ${e instanceof Error ? e.message : String(e)}`);
  failed++;
}
console.log(`\ne2e: ${passed} passed, ${failed} failed (${Math.round((Date.now() - started) / 1000)} s)`);
process.exit(failed ? 1 : 0);
