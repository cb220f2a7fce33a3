/**
 * Registry and git modules other than the security-group module are evaluated from their real
 * code when `terraform init` has downloaded them (`.terraform/modules/modules.json`), nested calls
 * included; the finding lands on the call-site argument in the user's file. Without the manifest
 * they stay unevaluated, as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, byAddress, textAt, val } from './helpers';

const MANIFEST = JSON.stringify({
  Modules: [
    { Key: '', Source: '', Dir: '.' },
    {
      Key: 'bastion',
      Source: 'git::https://git.example.com/infra/bastion.git?ref=v2',
      Dir: '.terraform/modules/bastion',
    },
    {
      Key: 'bastion.rules',
      Source: 'registry.terraform.io/example/sg-rules/alicloud',
      Version: '1.4.0',
      Dir: '.terraform/modules/bastion.rules',
    },
  ],
});

const files = {
  '/w/main.tf': `module "bastion" {
  source      = "git::https://git.example.com/infra/bastion.git?ref=v2"
  allowed_ssh = "0.0.0.0/0"
}`,
  '/w/.terraform/modules/bastion/main.tf': `variable "allowed_ssh" {}
module "rules" {
  source  = "example/sg-rules/alicloud"
  version = "1.4.0"
  cidr    = var.allowed_ssh
}`,
  '/w/.terraform/modules/bastion.rules/main.tf': `variable "cidr" {}
resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = var.cidr
}`,
};

void test('a downloaded module (and one it calls) is evaluated; the trace starts at the user argument', () => {
  const all = { ...files, '/w/.terraform/modules/modules.json': MANIFEST };
  const a = analyse(all);
  const c = byAddress(a, 'module.bastion.module.rules.alicloud_security_group_rule.ssh');
  assert.equal(val(c.sourceCidr), '0.0.0.0/0');
  assert.equal(c.sourceCidr.trace[0]?.kind, 'module-argument');
  assert.equal(textAt(all, c.sourceCidr.trace[0]?.loc), 'var.allowed_ssh');
  assert.equal(textAt(all, c.sourceCidr.literal), '"0.0.0.0/0"');
  assert.equal(c.sourceCidr.literal?.file, '/w/main.tf');
  assert.deepEqual(
    c.modulePath.map((f) => f.name),
    ['bastion', 'rules'],
  );
  assert.ok(a.dependencies.includes('/w/.terraform/modules/modules.json'));
});

void test('without terraform init (no manifest, or a broken one) such calls stay unevaluated', () => {
  assert.deepEqual(analyse(files).candidates, []);
  const broken = analyse({ ...files, '/w/.terraform/modules/modules.json': '{"Modules": [' });
  assert.deepEqual(broken.candidates, []);
});
