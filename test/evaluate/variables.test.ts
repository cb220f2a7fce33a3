/** Variable precedence (all six sources), raw-string parsing, type conversion, locals and cycles. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, byAddress, localIn, plain, ruleWith, textAt, val } from './helpers';
import type { VariableInputs } from '../../server/src/model/types';

const decl = 'variable "cidr" {\n  default = "1.0.0.0/8"\n}\n';

/** Which source wins, given the files and inputs present. */
const precedence: [string, Record<string, string>, VariableInputs | undefined, string, string][] = [
  ['default alone', {}, undefined, '1.0.0.0/8', 'variable-default'],
  ['env beats default', {}, { env: { cidr: '2.0.0.0/8' } }, '2.0.0.0/8', 'env'],
  [
    'terraform.tfvars beats env',
    { '/w/terraform.tfvars': 'cidr = "3.0.0.0/8"\n' },
    { env: { cidr: '2.0.0.0/8' } },
    '3.0.0.0/8',
    'tfvars',
  ],
  [
    'terraform.tfvars.json beats terraform.tfvars',
    { '/w/terraform.tfvars': 'cidr = "3.0.0.0/8"\n', '/w/terraform.tfvars.json': '{"cidr": "4.0.0.0/8"}' },
    undefined,
    '4.0.0.0/8',
    'tfvars',
  ],
  [
    '*.auto.tfvars beat terraform.tfvars.json, later name wins',
    {
      '/w/terraform.tfvars.json': '{"cidr": "4.0.0.0/8"}',
      '/w/b.auto.tfvars': 'cidr = "6.0.0.0/8"\n',
      '/w/a.auto.tfvars.json': '{"cidr": "5.0.0.0/8"}',
    },
    undefined,
    '6.0.0.0/8',
    'tfvars',
  ],
  [
    '--var-file beats auto files, later file wins',
    {
      '/w/z.auto.tfvars': 'cidr = "6.0.0.0/8"\n',
      '/o/1.tfvars': 'cidr = "7.0.0.0/8"\n',
      '/o/2.tfvars': 'cidr = "8.0.0.0/8"\n',
    },
    { varFiles: ['/o/1.tfvars', '/o/2.tfvars'] },
    '8.0.0.0/8',
    'tfvars',
  ],
  [
    '--var beats everything, later wins',
    { '/o/1.tfvars': 'cidr = "7.0.0.0/8"\n' },
    {
      varFiles: ['/o/1.tfvars'],
      vars: [
        { name: 'cidr', value: '9.0.0.0/8' },
        { name: 'cidr', value: '0.0.0.0/0' },
      ],
    },
    '0.0.0.0/0',
    'cli-var',
  ],
];

for (const [name, extraFiles, inputs, expected, kind] of precedence) {
  void test(`variable precedence: ${name}`, () => {
    const files = { '/w/main.tf': ruleWith('var.cidr', decl), ...extraFiles };
    const c = byAddress(analyse(files, inputs), 'alicloud_security_group_rule.r');
    assert.equal(val(c.sourceCidr), expected);
    assert.equal(c.sourceCidr.trace[0]?.kind, kind);
    // Wherever a literal was written, the literal location slices back to it.
    if (c.sourceCidr.literal) assert.equal(textAt(files, c.sourceCidr.literal), JSON.stringify(expected));
    else assert.ok(kind === 'env' || kind === 'cli-var');
  });
}

void test('tfvars trace step points at the value in the tfvars file', () => {
  const files = {
    '/w/main.tf': ruleWith('var.cidr', decl),
    '/w/terraform.tfvars': '# c\ncidr = "0.0.0.0/0"\n',
  };
  const a = analyse(files);
  const c = byAddress(a, 'alicloud_security_group_rule.r');
  assert.equal(textAt(files, c.sourceCidr.trace[0]!.loc), '"0.0.0.0/0"');
  assert.equal(c.sourceCidr.trace[0]!.label, 'terraform.tfvars: cidr');
  assert.ok(a.files.has('/w/terraform.tfvars'));
  assert.ok(a.dependencies.includes('/w/terraform.tfvars'));
});

void test('a variable with no value is unknown and names itself', () => {
  const c = byAddress(
    analyse({ '/w/main.tf': ruleWith('var.cidr', 'variable "cidr" {}') }),
    'alicloud_security_group_rule.r',
  );
  assert.equal(c.sourceCidr.state, 'unknown');
  assert.deepEqual(c.sourceCidr.deps, ['var.cidr']);
});

void test('complex types from TF_VAR / --var are parsed as HCL; primitives stay strings', () => {
  const files = {
    '/w/main.tf': ruleWith(
      'var.cidrs[1]',
      'variable "cidrs" {\n  type = list(string)\n}\nvariable "prio" {\n  type = number\n}\n',
    ).replace('port_range', 'priority = var.prio\n  port_range'),
  };
  const c = byAddress(
    analyse(files, { env: { cidrs: '["10.0.0.0/8", "0.0.0.0/0"]' }, vars: [{ name: 'prio', value: '5' }] }),
    'alicloud_security_group_rule.r',
  );
  assert.equal(val(c.sourceCidr), '0.0.0.0/0');
  assert.equal(val(c.priority), 5);
});

void test('type conversion: number from string, optional() defaults', () => {
  const files = {
    '/w/main.tf': `variable "rule" {
  type = object({ cidr = optional(string, "0.0.0.0/0"), prio = number })
  default = { prio = "7" }
}
resource "alicloud_security_group_rule" "r" {
  cidr_ip  = var.rule.cidr
  priority = var.rule.prio
}`,
  };
  const c = byAddress(analyse(files), 'alicloud_security_group_rule.r');
  assert.equal(val(c.sourceCidr), '0.0.0.0/0');
  assert.equal(val(c.priority), 7);
});

void test('locals across files in any order, with the local hop in the trace', () => {
  const files = {
    '/w/a.tf': ruleWith('local.world'),
    '/w/b.tf': 'locals {\n  world = local.base\n}\n',
    '/w/c.tf': 'locals {\n  base = "0.0.0.0/0"\n}\n',
  };
  const c = byAddress(analyse(files), 'alicloud_security_group_rule.r');
  assert.equal(val(c.sourceCidr), '0.0.0.0/0');
  assert.deepEqual(
    c.sourceCidr.trace.map((s) => s.label),
    ['local.world', 'local.base'],
  );
  assert.equal(textAt(files, c.sourceCidr.literal), '"0.0.0.0/0"');
  assert.equal(textAt(files, c.sourceCidr.loc), 'local.world');
});

void test('a local cycle is reported once, not looped, and its value is unknown', () => {
  const files = { '/w/main.tf': ruleWith('local.a', 'locals {\n  a = local.b\n  b = "${local.a}/0"\n}\n') };
  const a = analyse(files);
  const c = byAddress(a, 'alicloud_security_group_rule.r');
  assert.equal(c.sourceCidr.state, 'unknown');
  assert.equal(a.problems.length, 1);
  assert.match(a.problems[0]!.message, /local\.a refers to itself through local\.b/);
  assert.equal(textAt(files, a.problems[0]!.loc), 'a');
});

void test('only what rules need is evaluated: a broken output does not matter', () => {
  const files = { '/w/main.tf': ruleWith('"0.0.0.0/0"', 'output "x" {\n  value = local.nope.x\n}\n') };
  const a = analyse(files);
  assert.equal(val(byAddress(a, 'alicloud_security_group_rule.r').sourceCidr), '0.0.0.0/0');
  assert.equal(a.problems.length, 0);
});

void test('terraform.workspace: TF_WORKSPACE, else the selected workspace, else "default"', () => {
  const main = `variable "admin_cidrs" {
  default = { default = "10.0.0.0/8", prod = "0.0.0.0/0" }
}
locals {
  v = var.admin_cidrs[terraform.workspace]
}`;
  assert.equal(plain(localIn({ '/w/main.tf': main })), '10.0.0.0/8');
  const selected = { '/w/main.tf': main, '/w/.terraform/environment': 'prod\n' };
  const v = localIn(selected);
  assert.equal(plain(v), '0.0.0.0/0');
  assert.equal(plain(localIn(selected, 'v', { workspace: 'default' })), '10.0.0.0/8', 'TF_WORKSPACE wins');
  const a = analyse({
    '/w/main.tf': `resource "alicloud_security_group_rule" "r" {\n  cidr_ip = terraform.workspace\n}\n`,
    '/w/.terraform/environment': 'prod',
  });
  assert.ok(a.dependencies.includes('/w/.terraform/environment'), 'selecting a workspace re-lints');
});
