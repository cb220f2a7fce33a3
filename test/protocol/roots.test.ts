/**
 * Every folder is a root in the editor too (issue 11, class 2): a called module's own tfvars give
 * findings whatever its caller passes, and a called folder's inputs without defaults are left to its
 * callers (no "cannot verify" info there), as the CLI reports it.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt, messageOf, startSession, workspace, type Session } from './lsp-client';
import { rule } from './fixtures';

const SSH_VAR = rule(
  'open',
  '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = var.cidr',
);

void describe('roots in the editor', () => {
  let s: Session;
  before(async () => {
    ensureBuilt();
    s = await startSession(
      workspace({
        'main.tf': 'module "ssh" {\n  source = "./ssh"\n  cidr   = "10.0.0.0/8"\n}\n',
        'ssh/main.tf': `variable "cidr" {}\n${SSH_VAR}`,
        'lonely/main.tf': `variable "cidr" {}\n${SSH_VAR}`,
        'management/main.tf': `variable "cidr" {}\n${SSH_VAR}`,
        'management/terraform.tfvars': 'cidr = "0.0.0.0/0"\n',
        'calls-management/main.tf': 'module "m" {\n  source = "../management"\n  cidr   = "10.0.0.0/8"\n}\n',
      }),
      {},
      ['--debounce-ms=0'],
    );
    await s.conn.sendRequest('sgGuard/lintWorkspace');
  });
  after(() => s.close());

  void it("a called module's own tfvars open SSH: an error there", async () => {
    const d = await s.waitFor(join(s.root, 'management', 'main.tf'), (p) => p.diagnostics.length > 0);
    assert.ok(d.some((x) => x.code === 'sg-risky-ports-check' && x.severity === 1));
  });

  void it('the input of a called folder is left to its caller; a lonely folder says it is unknown', async () => {
    const lonely = await s.waitFor(join(s.root, 'lonely', 'main.tf'), (p) => p.diagnostics.length > 0);
    assert.match(messageOf(lonely[0]!), /cannot verify: depends on var\.cidr/);
    const ssh = s.diagnostics.get(`file://${join(s.root, 'ssh', 'main.tf')}`)?.diagnostics ?? [];
    assert.deepEqual(
      ssh.map((d) => messageOf(d)),
      [],
    );
  });
});
