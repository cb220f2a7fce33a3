/**
 * `sg-guard lsp --stdio` in Emacs's eglot (Debian's emacs-nox and elpa-eglot, installed by the test
 * command with the other editor-test packages), in batch mode, configured as docs/editors.md says:
 * the diagnostic where flymake shows it, hover, quick fixes with the trusted CIDR that eglot gives
 * when the server pulls `workspace/configuration`, and the fix applied as eglot applies a code
 * action, after which the diagnostic goes.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertEditorShowedTheFinding, runEditorClient } from './editor-session';

void test('Emacs (eglot): diagnostics, hover, quick fixes and an applied fix over stdio', () => {
  const seen = runEditorClient('EMACS', 'emacs', ['--batch', '-l', join(__dirname, 'emacs-client.el')]);
  assertEditorShowedTheFinding(seen, /\[sg-risky-ports-check\]: opens SSH \(22\/tcp\) to the whole Internet/);
  assert.ok(
    seen.actions?.includes('Replace 0.0.0.0/0 with trusted 203.0.113.0/24'),
    `quick fixes use the trusted CIDR from eglot-workspace-configuration: ${JSON.stringify(seen.actions)}`,
  );
  assert.equal(seen.fixed_line, '  cidr_ip           = "203.0.113.0/24"');
});
