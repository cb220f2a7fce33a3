// Hover: the evaluated value and its origin on an attribute; the verdict per instance on the header.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { ensureBuilt, startSession, uri, workspace, type Session } from './lsp-client';
import { SSH_VIA_VAR, variables } from './fixtures';

const EACH = `resource "alicloud_security_group_rule" "svc" {
  for_each          = { ssh = "22/22", web = "443/443" }
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = each.value
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0"
}
`;

/** Off by default: its header hover says why there is nothing to check. */
const DISABLED = `variable "enable_ssh" {
  default = false
}

resource "alicloud_security_group_rule" "ssh" {
  count             = var.enable_ssh ? 1 : 0
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0"
}

resource "alicloud_security_group_rule" "none" {
  for_each          = {}
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "3389/3389"
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0"
}
`;

const text = (h: Hover | null): string => (h?.contents as MarkupContent | undefined)?.value ?? '';

void describe('hover', () => {
  let s: Session;
  before(async () => {
    ensureBuilt();
    s = await startSession(
      workspace({
        'var/main.tf': SSH_VIA_VAR,
        'var/variables.tf': variables('0.0.0.0/0'),
        'each/main.tf': EACH,
        'off/main.tf': DISABLED,
      }),
      {},
      ['--debounce-ms=0'],
    );
  });
  after(() => s.close());

  void it('shows the evaluated value of cidr_ip and the variable default it comes from', async () => {
    const main = join(s.root, 'var/main.tf');
    s.open(main, SSH_VIA_VAR);
    await s.waitFor(main, (p) => p.diagnostics.length === 1);
    const line = SSH_VIA_VAR.split('\n').findIndex((l) => l.includes('cidr_ip'));
    const h = await s.hover(main, line, SSH_VIA_VAR.split('\n')[line]!.indexOf('var.') + 5);
    // Each step links to its line (a click opens it).
    const vars = uri(join(s.root, 'var/variables.tf'));
    assert.equal(
      text(h),
      `**cidr_ip**\n\n- \`"0.0.0.0/0"\`\n  - from var.admin_cidr (default) ([variables.tf:2](${vars}#L2))`,
    );
  });

  void it('shows each for_each instance with its own port and verdict on the resource header', async () => {
    const main = join(s.root, 'each/main.tf');
    s.open(main, EACH);
    await s.waitFor(main, (p) => p.diagnostics.length === 1);
    const header = text(await s.hover(main, 0, 5));
    assert.match(
      header,
      /svc\["ssh"\]`: error — opens SSH \(22\/tcp\) to the whole Internet \(0\.0\.0\.0\/0\)/,
    );
    assert.match(header, /svc\["web"\]`: not open to the Internet on a risky port/);
    const portLine = EACH.split('\n').findIndex((l) => l.includes('port_range'));
    const port = text(await s.hover(main, portLine, 25));
    assert.match(port, /^\*\*port_range\*\*/);
    assert.match(port, /svc\["ssh"\]`: `"22\/22"`/);
    assert.match(port, /svc\["web"\]`: `"443\/443"`/);
  });

  void it('says why a rule with count = 0 or an empty for_each has nothing to check', async () => {
    const main = join(s.root, 'off/main.tf');
    s.open(main, DISABLED);
    await s.waitFor(main, (p) => p.diagnostics.length === 0);
    const lines = DISABLED.split('\n');
    const ssh = text(
      await s.hover(
        main,
        lines.findIndex((l) => l.includes('"ssh"')),
        5,
      ),
    );
    assert.match(
      ssh,
      /`alicloud_security_group_rule\.ssh`: no instances here: `count` is 0 \(`count = var\.enable_ssh \? 1 : 0`\), so Terraform creates no rule/,
    );
    const none = text(
      await s.hover(
        main,
        lines.findIndex((l) => l.includes('"none"')),
        5,
      ),
    );
    assert.match(none, /`alicloud_security_group_rule\.none`: no instances here: `for_each` is empty/);
  });

  void it('shows nothing away from rule attributes', async () => {
    const main = join(s.root, 'each/main.tf');
    const line = EACH.split('\n').findIndex((l) => l.includes('security_group_id'));
    assert.equal(await s.hover(main, line, 3), null);
  });
});

void describe('hover right after opening a file the workspace scan linted', () => {
  // The scan keeps a module no open file touches without its trees; opening one of its files
  // queues it again, whole. A hover sent with the didOpen (before that lint ran) answered from the
  // tree-less module: the header's verdicts, but nothing on an attribute (CI saw it once).
  let s: Session;
  before(async () => {
    ensureBuilt();
    s = await startSession(workspace({ 'each/main.tf': EACH }), {}, ['--debounce-ms=300']);
  });
  after(() => s.close());

  void it('waits for that lint: the attribute shows every instance', async () => {
    const main = join(s.root, 'each/main.tf');
    await s.waitFor(main, (p) => p.diagnostics.length === 1); // published by the scan, file not open
    s.open(main, EACH);
    const portLine = EACH.split('\n').findIndex((l) => l.includes('port_range'));
    const port = text(await s.hover(main, portLine, 25));
    assert.match(port, /^\*\*port_range\*\*/);
    assert.match(port, /svc\["ssh"\]`: `"22\/22"`/);
  });
});
