// Syntax-error recovery while typing: a half-typed resource keeps the other diagnostics.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { ensureBuilt, startSession, workspace, type Session } from './lsp-client';
import { rule } from './fixtures';

const SSH = rule(
  'ssh',
  '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = "0.0.0.0/0"',
);
const RDP = rule(
  'rdp',
  '  ip_protocol       = "tcp"\n  port_range        = "3389/3389"\n  cidr_ip           = "::/0"',
).replace('cidr_ip', 'ipv6_cidr_ip');

void describe('typing a new resource', () => {
  let s: Session;
  let main: string;
  const base = SSH + RDP;
  before(async () => {
    ensureBuilt();
    s = await startSession(workspace({ 'main.tf': base }), {}, ['--debounce-ms=0']);
    main = join(s.root, 'main.tf');
    s.open(main, base);
  });
  after(() => s.close());

  void it('starts with both findings', async () => {
    const diags = await s.waitFor(main, (p) => p.diagnostics.length === 2);
    assert.deepEqual(
      diags.map((d) => d.code),
      ['sg-risky-ports-check', 'sg-risky-ports-check'],
    );
  });

  void it('keeps both findings and adds a syntax error at every step of a half-typed block', async () => {
    const typed = 'resource "alicloud_security_group_rule" "new" {\n  cidr_ip = "0.0.';
    const endLine = base.split('\n').length - 1;
    let version = 2;
    // Type the new block a few characters at a time at the end of the file.
    for (let i = 8; i <= typed.length; i += 8) {
      const before = typed.slice(0, i - 8);
      const chunk = typed.slice(i - 8, i);
      const lines = before.split('\n');
      const pos = { line: endLine + lines.length - 1, character: lines[lines.length - 1]!.length };
      s.change(main, version, { start: pos, end: pos }, chunk);
      const v = version++;
      const diags = await s.waitFor(main, (p) => p.version === v);
      const findings = diags.filter((d) => d.code === 'sg-risky-ports-check');
      assert.equal(
        findings.length,
        2,
        `after typing ${JSON.stringify(typed.slice(0, i))}: ${JSON.stringify(diags)}`,
      );
      if (i > 12)
        assert.ok(
          diags.some((d) => d.code === 'syntax' && d.source === 'sg-guard'),
          `syntax error after ${i} chars`,
        );
    }
  });

  void it('drops the syntax error once the block is complete, and lints the new rule', async () => {
    const text = `${base}resource "alicloud_security_group_rule" "new" {\n  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "3389/3389"\n  security_group_id = "sg-1"\n  cidr_ip = "0.0.0.0/0"\n}\n`;
    s.change(main, 100, undefined, text);
    const diags = await s.waitFor(main, (p) => p.version === 100);
    assert.equal(diags.filter((d) => d.code === 'syntax').length, 0);
    assert.equal(diags.filter((d) => d.code === 'sg-risky-ports-check').length, 3);
  });
});
