/**
 * Every folder with Terraform is also a root (issue 11, class 2): linted with its own defaults,
 * terraform.tfvars and *.auto.tfvars, as `terraform plan` there would, as well as through each
 * caller; identical findings once; no caller (count = 0, a safe argument, a cycle) hides a root's own
 * findings; "cannot verify" caused only by inputs without defaults is left to a called folder's callers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintJson } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

const rule = (name: string, cidr: string): string => `resource "alicloud_security_group_rule" "${name}" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = ${cidr}
}
`;

const where = (r: ReturnType<typeof lintJson>): string[] =>
  r.findings
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.file}:${f.line} ${f.resource}`)
    .sort();

describe('every folder is a root', () => {
  it("a called module's own terraform.tfvars is linted (management/ sets admin_cidr to the world)", () => {
    const dir = workspace({
      'main.tf': 'module "management" {\n  source     = "./management"\n  admin_cidr = "10.0.0.0/8"\n}\n',
      'management/main.tf': `variable "admin_cidr" {}\n${rule('admin', 'var.admin_cidr')}`,
      'management/terraform.tfvars': 'admin_cidr = "0.0.0.0/0"\n',
    });
    const r = lintJson(['.'], dir);
    assert.deepEqual(where(r), ['management/main.tf:7 alicloud_security_group_rule.admin']);
    const f = r.findings[0]!;
    assert.ok(
      f.related.some((x) => x.file === 'management/terraform.tfvars'),
      JSON.stringify(f.related),
    );
  });

  it('count = 0 on the call does not hide the module’s own findings', () => {
    const dir = workspace({
      'main.tf': 'module "ssh" {\n  source = "./ssh"\n  count  = 0\n}\n',
      'ssh/main.tf': rule('open', '"0.0.0.0/0"'),
    });
    assert.deepEqual(where(lintJson(['.'], dir)), ['ssh/main.tf:6 alicloud_security_group_rule.open']);
  });

  it('a safe argument does not hide the default the folder is planned with', () => {
    const dir = workspace({
      'main.tf': 'module "ssh" {\n  source = "./ssh"\n  cidr   = "10.0.0.0/8"\n}\n',
      'ssh/main.tf': `variable "cidr" {\n  default = "0.0.0.0/0"\n}\n${rule('open', 'var.cidr')}`,
    });
    assert.deepEqual(where(lintJson(['.'], dir)), ['ssh/main.tf:9 alicloud_security_group_rule.open']);
  });

  it('a cycle of calls hides nothing', () => {
    const dir = workspace({
      'a/main.tf': `module "b" {\n  source = "../b"\n}\n${rule('in_a', '"0.0.0.0/0"')}`,
      'b/main.tf': `module "a" {\n  source = "../a"\n}\n${rule('in_b', '"0.0.0.0/0"')}`,
    });
    const got = where(lintJson(['.'], dir));
    assert.ok(got.includes('a/main.tf:9 alicloud_security_group_rule.in_a'), got.join('\n'));
    assert.ok(got.includes('b/main.tf:9 alicloud_security_group_rule.in_b'), got.join('\n'));
  });

  it('identical findings are reported once', () => {
    const dir = workspace({
      'main.tf': 'module "ssh" {\n  source = "./ssh"\n}\n',
      'ssh/main.tf': rule('open', '"0.0.0.0/0"'),
    });
    const r = lintJson(['.', 'ssh', './ssh/main.tf'], dir);
    const keys = r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.message}`);
    assert.equal(new Set(keys).size, keys.length, keys.join('\n'));
  });

  it('a called folder leaves "cannot verify" of its inputs without defaults to its callers', () => {
    const dir = workspace({
      'main.tf': 'module "ssh" {\n  source = "./ssh"\n  cidr   = "10.0.0.0/8"\n}\n',
      'ssh/main.tf': `variable "cidr" {}\n${rule('open', 'var.cidr')}`,
      'lonely/main.tf': `variable "cidr" {}\n${rule('open', 'var.cidr')}`,
    });
    const r = lintJson(['.'], dir);
    assert.deepEqual(
      r.unverified.map((f) => f.file),
      ['lonely/main.tf'],
      'only the folder nobody calls says its input has no value',
    );
    assert.deepEqual(r.findings, []);
  });
});
