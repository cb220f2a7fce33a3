/**
 * `sg-guard lsp --stdio` in another real editor: Neovim's built-in LSP client, headless (Debian's
 * neovim, installed by the test command with the other editor-test packages). Diagnostics at the
 * exact place, hover, quick fixes with the user's trusted CIDR from `settings`, and a typed fix that
 * clears the diagnostic through incremental document sync.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SERVER_CMD, withWorkspace, worldCidrSpan } from './editor-session';

interface Seen {
  error?: string;
  diagnostics?: { line: number; col: number; end_col: number; message: string }[];
  hover?: string;
  actions?: string[];
  cleared?: boolean;
  after?: unknown[];
}

void test('Neovim: diagnostics, hover, quick fixes and a typed fix over stdio', () => {
  const seen = withWorkspace('sg-nvim-', (root, main) => {
    const out = join(root, 'seen.json');
    const r = spawnSync(
      'nvim',
      [
        '--headless',
        '-u',
        'NONE',
        '-i',
        'NONE',
        '-n',
        '-c',
        `luafile ${join(__dirname, 'neovim-client.lua')}`,
      ],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 90_000,
        env: {
          ...process.env,
          SG_NVIM_OUT: out,
          SG_NVIM_ROOT: root,
          SG_NVIM_FILE: main,
          SG_NVIM_CMD: JSON.stringify(SERVER_CMD),
        },
      },
    );
    assert.equal(r.status, 0, `nvim exited ${r.status}: ${r.stderr}`);
    return JSON.parse(readFileSync(out, 'utf8')) as Seen;
  });
  assert.equal(seen.error, undefined, seen.error);
  assert.deepEqual(
    seen.diagnostics?.map((d) => [d.line, d.col, d.end_col]),
    [worldCidrSpan()],
    'one diagnostic, on the world CIDR',
  );
  assert.match(seen.diagnostics[0]!.message, /opens SSH \(22\/tcp\) to the whole Internet \(0\.0\.0\.0\/0\)/);
  assert.match(seen.hover ?? '', /\*\*cidr_ip\*\*[\s\S]*"0\.0\.0\.0\/0"/);
  assert.ok(
    seen.actions?.some((t) => t.startsWith('Replace 0.0.0.0/0 with trusted 203.0.113.0/24')),
    `quick fixes use the trusted CIDR from settings: ${JSON.stringify(seen.actions)}`,
  );
  assert.ok(seen.actions?.some((t) => t.startsWith('Suppress sg-risky-ports-check')));
  assert.equal(seen.cleared, true, `the diagnostic stays after the fix: ${JSON.stringify(seen.after)}`);
});
