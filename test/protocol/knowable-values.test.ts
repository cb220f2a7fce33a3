/**
 * Knowable values in the editor (issue 11, class 9): rules loaded with fileset + yamldecode from a
 * folder of YAML files are squiggled (and the YAML line that opens the port), a YAML file created in
 * that folder re-lints the module; templatefile and the registry module's v1 inputs are worked out.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt, messageOf, startSession, uri, workspace, type Session } from './lsp-client';

const MAIN = `locals {
  rules = flatten([for f in fileset("\${path.module}/rules", "*.yaml") : yamldecode(file("\${path.module}/rules/\${f}")).ingress])
  tpl   = yamldecode(templatefile("\${path.module}/acl.tftpl", { cidr = "0.0.0.0/0" }))
}
resource "alicloud_security_group_rule" "yaml" {
  for_each          = { for r in local.rules : r.name => r }
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = each.value.ports
  security_group_id = "sg-1"
  cidr_ip           = each.value.cidr
}
resource "alicloud_security_group_rule" "tpl" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "3389/3389"
  security_group_id = "sg-2"
  cidr_ip           = local.tpl.cidr
}
module "v1" {
  source       = "alibaba/security-group/alicloud"
  version      = "1.4.0"
  ip_protocols = ["tcp"]
  port_ranges  = ["22/22"]
  cidr_ips     = ["0.0.0.0/0"]
}
`;

void describe('knowable values in the editor', () => {
  let s: Session;
  let main: string;
  before(async () => {
    ensureBuilt();
    s = await startSession(
      workspace({
        'main.tf': MAIN,
        'rules/web.yaml': 'ingress:\n  - name: https\n    ports: 443/443\n    cidr: 0.0.0.0/0\n',
        'acl.tftpl': 'cidr: ${cidr}\n',
      }),
      {},
      ['--debounce-ms=0'],
    );
    main = join(s.root, 'main.tf');
  });
  after(() => s.close());

  void it('templatefile and the v1 inputs give their findings', async () => {
    const d = await s.waitFor(main, (p) => p.diagnostics.length >= 2);
    assert.deepEqual(d.map((x) => `${String(x.code)} ${x.range.start.line}`).sort(), [
      'sg-risky-ports-check 17',
      'sg-risky-ports-check 24',
    ]);
  });

  void it('a YAML file created in the fileset folder re-lints: its SSH rule is squiggled there too', async () => {
    const yaml = join(s.root, 'rules', 'admin.yaml');
    writeFileSync(yaml, 'ingress:\n  - name: ssh\n    ports: 22/22\n    cidr: 0.0.0.0/0\n');
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri(yaml), type: 1 }],
    });
    const d = await s.waitFor(main, (p) => p.diagnostics.some((x) => x.range.start.line === 10));
    assert.match(messageOf(d.find((x) => x.range.start.line === 10)!), /SSH/);
    const there = await s.waitFor(yaml, (p) => p.diagnostics.length > 0);
    assert.equal(there[0]!.range.start.line, 3);
  });
});
