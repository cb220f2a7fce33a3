/**
 * `sg-guard lsp --stdio` in another real editor: Neovim's built-in LSP client, headless (Debian's
 * neovim, installed by the test command with the other editor-test packages). Diagnostics at the
 * exact place, hover, quick fixes with the user's trusted CIDR from `settings`, and a typed fix that
 * clears the diagnostic through incremental document sync.
 */
import { join } from 'node:path';
import { test } from 'node:test';
import { assertEditorShowedTheFinding, runEditorClient } from './editor-session';

void test('Neovim: diagnostics, hover, quick fixes and a typed fix over stdio', () => {
  const seen = runEditorClient('NVIM', 'nvim', [
    '--headless',
    '-u',
    'NONE',
    '-i',
    'NONE',
    '-n',
    '-c',
    `luafile ${join(__dirname, 'neovim-client.lua')}`,
  ]);
  assertEditorShowedTheFinding(seen, /opens SSH \(22\/tcp\) to the whole Internet \(0\.0\.0\.0\/0\)/);
});
