/**
 * Where a finding inside modules lands: on the argument the user wrote in the outermost call, even
 * through nested calls and through modules `terraform init` downloaded (whose files nobody edits).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintJson } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

const RULE = `variable "cidr" {}
resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = var.cidr
}
`;

describe('findings inside modules', () => {
  it('through nested local modules: at the outermost argument, with every hop related', () => {
    const root = workspace({
      'main.tf': 'module "outer" {\n  source = "./modules/wrap"\n  open   = "0.0.0.0/0"\n}\n',
      'modules/wrap/main.tf':
        'variable "open" {}\nmodule "inner" {\n  source = "../rule"\n  cidr   = var.open\n}\n',
      'modules/rule/main.tf': RULE,
    });
    const r = lintJson(['.'], root);
    assert.deepEqual(
      r.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.resource}`),
      ['main.tf:3:12 module.outer.module.inner.alicloud_security_group_rule.ssh'],
    );
    assert.ok(r.findings[0]!.related.some((x) => x.file === 'modules/wrap/main.tf' && x.line === 4));
  });

  it('through a downloaded module: in the user file, never inside .terraform', () => {
    const root = workspace({
      'main.tf':
        'module "bastion" {\n  source = "git::https://git.example.com/bastion.git"\n  open   = "0.0.0.0/0"\n}\n',
      '.terraform/modules/modules.json': JSON.stringify({
        Modules: [
          {
            Key: 'bastion',
            Source: 'git::https://git.example.com/bastion.git',
            Dir: '.terraform/modules/bastion',
          },
        ],
      }),
      '.terraform/modules/bastion/main.tf':
        'variable "open" {}\nmodule "inner" {\n  source = "./rule"\n  cidr   = var.open\n}\n',
      '.terraform/modules/bastion/rule/main.tf': RULE,
    });
    const r = lintJson(['.'], root);
    assert.deepEqual(
      r.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`),
      ['main.tf:3:12 sg-risky-ports-check'],
    );
    // A default written inside the downloaded module: reported at the user's module block instead.
    writeFileSync(
      join(root, 'main.tf'),
      'module "bastion" {\n  source = "git::https://git.example.com/bastion.git"\n}\n',
    );
    writeFileSync(
      join(root, '.terraform/modules/bastion/main.tf'),
      'variable "open" {\n  default = "0.0.0.0/0"\n}\nmodule "inner" {\n  source = "./rule"\n  cidr   = var.open\n}\n',
    );
    const d = lintJson(['.'], root);
    assert.deepEqual(
      d.findings.map((f) => `${f.file}:${f.line}`),
      ['main.tf:1'],
    );
  });
});
