/**
 * The language server reads as the CLI does (issue 11, classes 3 and 4): a Terraform file it cannot
 * read is shown as an error on that file, a FIFO never blocks it, and reads stay inside the
 * workspace folder (outside: "cannot verify", the text never shown).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt, messageOf, startSession, workspace, type Session } from './lsp-client';
import { rule } from './fixtures';

const SSH = rule(
  'ssh',
  '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = "0.0.0.0/0"',
);
const OUTSIDE = rule(
  'outside',
  '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = trimspace(file("/etc/hostname"))',
);

void describe('what the language server reads', () => {
  let s: Session;
  before(async () => {
    ensureBuilt();
    const root = workspace({ 'app/main.tf': SSH, 'app/outside.tf': OUTSIDE });
    spawnSync('mkfifo', [join(root, 'app', 'pipe.tf')]);
    symlinkSync(join(root, 'app', 'gone.tf'), join(root, 'app', 'dangling.tf'));
    s = await startSession(root, {}, ['--debounce-ms=0']);
  });
  after(() => s.close());

  void it('names a FIFO and a dangling link on the files themselves, and still lints the rest', async () => {
    const pipe = await s.waitFor(join(s.root, 'app', 'pipe.tf'), (p) => p.diagnostics.length > 0);
    assert.equal(pipe[0]!.code, 'sg-guard-unreadable');
    assert.equal(pipe[0]!.severity, 1);
    assert.match(messageOf(pipe[0]!), /FIFO/);
    const dangling = await s.waitFor(join(s.root, 'app', 'dangling.tf'), (p) => p.diagnostics.length > 0);
    assert.match(messageOf(dangling[0]!), /dangling symbolic link/);
    const main = await s.waitFor(join(s.root, 'app', 'main.tf'), (p) => p.diagnostics.length > 0);
    assert.equal(main[0]!.code, 'sg-risky-ports-check');
  });

  void it('a file outside the workspace folder is cannot verify, and its text is not shown', async () => {
    const d = await s.waitFor(join(s.root, 'app', 'outside.tf'), (p) => p.diagnostics.length > 0);
    assert.ok(d.every((x) => x.severity === 3));
    assert.match(messageOf(d[0]!), /cannot verify: reads a file outside the project/);
  });
});
