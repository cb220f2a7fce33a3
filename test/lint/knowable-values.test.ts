/**
 * Knowable values are worked out (issue 11, class 9): `fileset()` (with `yamldecode`/`jsondecode`
 * over its results, as landing-zone repositories load security groups from a folder of YAML files),
 * `templatefile()`, and the v1 inputs (`cidr_ips`, `port_ranges`, ...) of the registry module
 * `alibaba/security-group/alicloud` — each finding at the text that opens the port.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lintJson } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

/** The text a JSON finding's span covers. */
function textAt(
  dir: string,
  f: { file: string; line: number; column: number; endLine: number; endColumn: number },
): string {
  const line = readFileSync(join(dir, f.file), 'utf8').split(/\r?\n/)[f.line - 1]!;
  return f.line === f.endLine ? line.slice(f.column - 1, f.endColumn - 1) : line.slice(f.column - 1);
}

const FROM_FOLDER = `locals {
  files = fileset("\${path.module}/security-groups", "**/*.{yaml,yml}")
  rules = flatten([for f in local.files : yamldecode(file("\${path.module}/security-groups/\${f}")).ingress])
}
resource "alicloud_security_group_rule" "from_yaml" {
  for_each          = { for r in local.rules : r.name => r }
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = each.value.ports
  security_group_id = "sg-1"
  cidr_ip           = each.value.cidr
}
`;

describe('knowable values', () => {
  it('fileset + yamldecode over a folder of YAML files: found at the rule, written at the YAML line', () => {
    const dir = workspace({
      'main.tf': FROM_FOLDER,
      'security-groups/web.yaml': 'ingress:\n  - name: https\n    ports: 443/443\n    cidr: 0.0.0.0/0\n',
      'security-groups/admin/bastion.yml': 'ingress:\n  - name: ssh\n    ports: 22/22\n    cidr: 0.0.0.0/0\n',
      'security-groups/README.md': 'not matched\n',
    });
    const r = lintJson(['.'], dir);
    assert.deepEqual(
      r.findings.map((f) => `${f.ruleId} ${f.resource} ${f.file}:${f.line} ${textAt(dir, f)}`),
      ['sg-risky-ports-check alicloud_security_group_rule.from_yaml["ssh"] main.tf:11 each.value.cidr'],
    );
    const written = r.findings[0]!.related.find((x) => x.message === 'the value is written here');
    assert.deepEqual([written?.file, written?.line], ['security-groups/admin/bastion.yml', 4]);
    assert.deepEqual(r.unverified, []);
  });

  it('fileset outside the project is cannot verify, its folder never listed', () => {
    const outer = workspace({
      'secret/a.yaml': 'cidr: 0.0.0.0/0\n',
      'infra/main.tf': `locals {
  f = fileset("../secret", "*.yaml")
}
resource "alicloud_security_group_rule" "r" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = length(local.f) > 0 ? "0.0.0.0/0" : "10.0.0.0/8"
}
`,
    });
    const r = lintJson(['.'], join(outer, 'infra'));
    assert.deepEqual(r.findings, []);
    assert.match(r.unverified[0]?.message ?? '', /cannot verify: reads a file outside the project: fileset/);
  });

  it('templatefile renders the template with its variables', () => {
    const dir = workspace({
      'main.tf': `locals {
  acl = yamldecode(templatefile("\${path.module}/acl.yaml.tftpl", { admin = "0.0.0.0/0", port = 22 }))
}
resource "alicloud_security_group_rule" "admin" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = local.acl.ports
  security_group_id = "sg-1"
  cidr_ip           = local.acl.cidr
}
`,
      'acl.yaml.tftpl': 'cidr: ${admin}\nports: "${port}/${port}"\n',
    });
    const r = lintJson(['.'], dir);
    assert.deepEqual(
      r.findings.map((f) => `${f.ruleId} ${f.resource}`),
      ['sg-risky-ports-check alicloud_security_group_rule.admin'],
    );
    assert.ok(r.findings[0]!.related.some((x) => x.file === 'acl.yaml.tftpl' || x.file === 'main.tf'));
  });

  it('a template of plain text is located in the file, as file() is', () => {
    const dir = workspace({
      'main.tf': `locals {
  acl = yamldecode(templatefile("\${path.module}/acl.yaml", {}))
}
resource "alicloud_security_group_rule" "admin" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = local.acl.cidr
}
`,
      'acl.yaml': '# who may connect\ncidr: 0.0.0.0/0\n',
    });
    const r = lintJson(['.'], dir);
    assert.equal(r.findings.length, 1);
    const f = r.findings[0]!;
    const at = f.related.find((x) => x.message === 'the value is written here');
    assert.deepEqual([at?.file, at?.line], ['acl.yaml', 2], JSON.stringify(f.related));
  });

  it('templatefile referring to anything but its variables is an error value, never a pass', () => {
    const dir = workspace({
      'main.tf': `variable "admin" {\n  default = "0.0.0.0/0"\n}\nresource "alicloud_security_group_rule" "r" {\n  type              = "ingress"\n  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  security_group_id = "sg-1"\n  cidr_ip           = try(templatefile("t.tftpl", {}), "0.0.0.0/0")\n}\n`,
      't.tftpl': '${var.admin}',
    });
    const r = lintJson(['.'], dir);
    assert.equal(r.findings.length, 1, 'try() falls back: the template may not read var.admin');
  });

  it('registry module v1 inputs: cidr_ips x ip_protocols x port_ranges, element by element', () => {
    const dir = workspace({
      'main.tf': `module "sg" {
  source          = "alibaba/security-group/alicloud"
  version         = "1.4.0"
  vpc_id          = "vpc-1"
  rule_directions = ["ingress", "ingress", "ingress"]
  ip_protocols    = ["tcp", "tcp", "tcp"]
  policies        = ["accept", "accept", "accept"]
  port_ranges     = ["22/22", "3389/3389", "443/443"]
  priorities      = [1, 1, 1]
  cidr_ips        = ["0.0.0.0/0", "10.0.0.0/8", "0.0.0.0/0"]
}
`,
    });
    const r = lintJson(['.'], dir);
    assert.deepEqual(
      r.findings.map((f) => `${f.ruleId} ${f.resource} ${f.line}:${textAt(dir, f)}`),
      ['sg-risky-ports-check module.sg 10:"0.0.0.0/0"'],
    );
    assert.match(r.findings[0]!.message, /SSH \(22\/tcp\)/);
  });

  it('registry module v1 inputs: a drop policy and a shorter list (element wraps, as v1.0-1.3 do)', () => {
    const dir = workspace({
      'main.tf': `module "sg" {
  source       = "alibaba/security-group/alicloud"
  version      = "~> 1.2"
  ip_protocols = ["tcp", "tcp"]
  port_ranges  = ["22/22", "3389/3389"]
  cidr_ips     = ["0.0.0.0/0"]
}
`,
    });
    const r = lintJson(['.'], dir);
    assert.deepEqual(r.findings.map((f) => f.message).sort(), [
      'opens RDP (3389/tcp) to the whole Internet (0.0.0.0/0)',
      'opens SSH (22/tcp) to the whole Internet (0.0.0.0/0)',
    ]);
    const withDrop = lintJson(
      ['.'],
      workspace({
        'main.tf': `module "sg" {
  source       = "alibaba/security-group/alicloud"
  version      = "1.0.0"
  ip_protocols = ["tcp", "tcp"]
  policies     = ["drop", "accept"]
  port_ranges  = ["22/22", "3389/3389"]
  cidr_ips     = ["0.0.0.0/0"]
}
`,
      }),
    );
    assert.deepEqual(
      withDrop.findings.map((f) => f.message),
      ['opens RDP (3389/tcp) to the whole Internet (0.0.0.0/0)'],
    );
  });
});
