/**
 * Constant memory in the language server (issue 15, part 4): after the background scan, a module no
 * open file touches keeps its diagnostics and what fixes read, not its trees. What the user sees is
 * the same: the scan's diagnostics, quick fixes on them, and, once a file is opened, hover (the
 * module is linted whole again).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { ensureBuilt, startSession, workspace, type Session } from './lsp-client';
import { rule, SSH_VIA_VAR, variables } from './fixtures';

const world = rule(
  'ssh',
  '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = "0.0.0.0/0"',
);
const text = (h: Hover | null): string => (h?.contents as MarkupContent | undefined)?.value ?? '';

void describe('language server: modules released after the scan', () => {
  let s: Session;
  before(async () => {
    ensureBuilt();
    const files: Record<string, string> = {
      'var/main.tf': SSH_VIA_VAR,
      'var/variables.tf': variables('0.0.0.0/0'),
    };
    // More modules than any cache holds whole are not needed: every module not open is released.
    for (let i = 0; i < 20; i++) files[`m${i}/main.tf`] = world;
    s = await startSession(workspace(files), { trustedCidrs: ['203.0.113.0/24'] }, ['--debounce-ms=0']);
    await s.conn.sendRequest('sgGuard/lintWorkspace');
  });
  after(() => s.close());

  void it('publishes the scan diagnostics at their places, and offers their fixes, without opening a file', async () => {
    const main = join(s.root, 'm7/main.tf');
    const diags = await s.waitFor(main, (p) => p.diagnostics.length > 0);
    const d = diags.find((x) => x.code === 'sg-risky-ports-check')!;
    const line = world.split('\n').findIndex((l) => l.includes('cidr_ip'));
    assert.equal(d.range.start.line, line);
    assert.equal(d.range.start.character, world.split('\n')[line]!.indexOf('"0.0.0.0/0"'));
    const actions = await s.codeActions(main, d.range, [d]);
    assert.ok(
      actions.some((a) => a.title === 'Replace 0.0.0.0/0 with trusted 203.0.113.0/24'),
      actions.map((a) => a.title).join('\n'),
    );
  });

  void it('hovers with every value once a released module is opened (linted whole again)', async () => {
    const main = join(s.root, 'var/main.tf');
    await s.waitFor(main, (p) => p.diagnostics.length === 1);
    s.open(main, readFileSync(main, 'utf8'));
    const line = SSH_VIA_VAR.split('\n').findIndex((l) => l.includes('cidr_ip'));
    const col = SSH_VIA_VAR.split('\n')[line]!.indexOf('var.') + 5;
    let h = '';
    // The re-lint is queued as the file opens: the first hover after it sees the trees.
    for (let i = 0; i < 50 && !h; i++) {
      h = text(await s.hover(main, line, col));
      if (!h) await new Promise((r) => setTimeout(r, 20));
    }
    assert.match(h, /\*\*cidr_ip\*\*[\s\S]*"0\.0\.0\.0\/0"[\s\S]*from var\.admin_cidr \(default\)/);
  });
});
