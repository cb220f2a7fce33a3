/**
 * `sg-guard lsp --stdio` in Emacs's eglot (Debian's emacs-nox and elpa-eglot, installed by the test
 * command with the other editor-test packages), in batch mode, configured as docs/editors.md says:
 * the diagnostic where flymake shows it, hover, quick fixes with the trusted CIDR that eglot gives
 * when the server pulls `workspace/configuration`, and the fix applied as eglot applies a code
 * action, after which the diagnostic goes.
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
  fixed_line?: string;
  cleared?: boolean;
  after?: unknown[];
}

void test('Emacs (eglot): diagnostics, hover, quick fixes and an applied fix over stdio', () => {
  const seen = withWorkspace('sg-emacs-', (root, main) => {
    const out = join(root, 'seen.json');
    const r = spawnSync('emacs', ['--batch', '-l', join(__dirname, 'emacs-client.el')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 90_000,
      env: {
        ...process.env,
        SG_EMACS_OUT: out,
        SG_EMACS_ROOT: root,
        SG_EMACS_FILE: main,
        SG_EMACS_CMD: JSON.stringify(SERVER_CMD),
      },
    });
    assert.equal(r.status, 0, `emacs exited ${r.status}: ${r.stderr}`);
    return JSON.parse(readFileSync(out, 'utf8')) as Seen;
  });
  assert.equal(seen.error, undefined, seen.error);
  assert.deepEqual(
    seen.diagnostics?.map((d) => [d.line, d.col, d.end_col]),
    [worldCidrSpan()],
    'one diagnostic, on the world CIDR',
  );
  assert.match(
    seen.diagnostics[0]!.message,
    /\[sg-risky-ports-check\]: opens SSH \(22\/tcp\) to the whole Internet/,
  );
  assert.match(seen.hover ?? '', /\*\*cidr_ip\*\*[\s\S]*"0\.0\.0\.0\/0"/);
  assert.ok(
    seen.actions?.includes('Replace 0.0.0.0/0 with trusted 203.0.113.0/24'),
    `quick fixes use the trusted CIDR from eglot-workspace-configuration: ${JSON.stringify(seen.actions)}`,
  );
  assert.ok(seen.actions?.some((t) => t.startsWith('Suppress sg-risky-ports-check')));
  assert.equal(seen.fixed_line, '  cidr_ip           = "203.0.113.0/24"');
  assert.equal(seen.cleared, true, `the diagnostic stays after the fix: ${JSON.stringify(seen.after)}`);
});
