/** Local module calls: values flow from the call site, traces point at the argument, guards hold. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, byAddress, memorySource, textAt, val } from './helpers';
import { analyseModule } from '../../server/src/evaluate/index';

const child = {
  '/w/modules/sg/main.tf': `variable "cidr" {}
variable "port" {
  default = 22
}
resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "\${var.port}/\${var.port}"
  cidr_ip           = var.cidr
  security_group_id = var.sg
}
variable "sg" {}
`,
};

void test('a value flows from the call site; the trace starts at the call-site argument', () => {
  const files = {
    ...child,
    '/w/main.tf': `locals {
  world = "0.0.0.0/0"
}
module "admin" {
  source = "./modules/sg"
  cidr   = local.world
  sg     = alicloud_security_group.default.id
}`,
  };
  const a = analyse(files);
  const c = byAddress(a, 'module.admin.alicloud_security_group_rule.ssh');
  assert.equal(val(c.sourceCidr), '0.0.0.0/0');
  assert.equal(val(c.portRange), '22/22');
  assert.equal(c.sourceCidr.trace[0]?.kind, 'module-argument');
  assert.equal(textAt(files, c.sourceCidr.trace[0].loc), 'local.world');
  assert.equal(c.sourceCidr.trace[1]?.label, 'local.world');
  assert.equal(textAt(files, c.sourceCidr.literal), '"0.0.0.0/0"');
  assert.equal(textAt(files, c.sourceCidr.loc), 'var.cidr');
  assert.equal(c.modulePath.length, 1);
  assert.equal(c.modulePath[0]!.name, 'admin');
  assert.equal(textAt(files, c.modulePath[0]!.call)?.startsWith('module "admin"'), true);
  // The group is the root's resource: rules inside and outside the module group together.
  assert.equal(c.groupKey, 'alicloud_security_group.default.id');
  assert.deepEqual(a.calledModuleDirs, ['/w/modules/sg']);
  assert.ok(a.dependencies.includes('/w/modules/sg/main.tf'));
});

void test('module calls with count and for_each give per-instance addresses and values', () => {
  const files = {
    ...child,
    '/w/main.tf': `module "fe" {
  for_each = { a = "0.0.0.0/0", b = "10.0.0.0/8" }
  source   = "./modules/sg"
  cidr     = each.value
}
module "n" {
  count  = 2
  source = "./modules/sg/"
  cidr   = "1.1.1.\${count.index}/32"
}`,
  };
  const a = analyse(files);
  assert.deepEqual(
    a.candidates.map((c) => c.address),
    [
      'module.fe["a"].alicloud_security_group_rule.ssh',
      'module.fe["b"].alicloud_security_group_rule.ssh',
      'module.n[0].alicloud_security_group_rule.ssh',
      'module.n[1].alicloud_security_group_rule.ssh',
    ],
  );
  assert.equal(val(byAddress(a, 'module.fe["a"].alicloud_security_group_rule.ssh').sourceCidr), '0.0.0.0/0');
  assert.equal(val(byAddress(a, 'module.n[1].alicloud_security_group_rule.ssh').sourceCidr), '1.1.1.1/32');
  // An unset required variable inside a child is unknown and names the module.
  assert.deepEqual(
    byAddress(a, 'module.n[0].alicloud_security_group_rule.ssh').groupKey,
    'module.n[0].var.sg',
  );
});

void test('nested local modules', () => {
  const files = {
    ...child,
    '/w/modules/wrap/main.tf': 'variable "c" {}\nmodule "inner" {\n  source = "../sg"\n  cidr   = var.c\n}\n',
    '/w/main.tf': 'module "outer" {\n  source = "./modules/wrap"\n  c      = "::/0"\n}\n',
  };
  const a = analyse(files);
  const c = byAddress(a, 'module.outer.module.inner.alicloud_security_group_rule.ssh');
  assert.equal(val(c.sourceCidr), '::/0');
  assert.deepEqual(
    c.sourceCidr.trace.map((s) => s.kind),
    ['module-argument', 'module-argument'],
  );
  assert.deepEqual(a.calledModuleDirs.sort(), ['/w/modules/sg', '/w/modules/wrap']);
});

void test('a missing module directory is a warning, not a crash', () => {
  const files = { '/w/main.tf': 'module "gone" {\n  source = "./nowhere"\n}\n' };
  const a = analyse(files);
  assert.equal(a.candidates.length, 0);
  assert.equal(a.problems.length, 1);
  assert.equal(a.problems[0]!.severity, 'warning');
  assert.equal(textAt(files, a.problems[0]!.loc), '"./nowhere"');
});

void test('a module that calls itself is stopped and reported', () => {
  const files = {
    '/w/main.tf':
      'module "me" {\n  source = "./"\n}\nresource "alicloud_security_group_rule" "r" {\n  cidr_ip = "0.0.0.0/0"\n}\n',
  };
  const a = analyse(files);
  assert.equal(a.candidates.length, 1);
  assert.match(a.problems[0]!.message, /calls itself/);
});

void test('remote (non-registry-SG) modules are ignored', () => {
  const a = analyse({ '/w/main.tf': 'module "vpc" {\n  source = "alibaba/vpc/alicloud"\n}\n' });
  assert.equal(a.candidates.length, 0);
  assert.equal(a.problems.length, 0);
});

void test('open buffers override disk: all reads go through the FileSource', () => {
  const src = memorySource({
    '/w/main.tf': 'resource "alicloud_security_group_rule" "r" {\n  cidr_ip = "0.0.0.0/0"\n}\n',
  });
  const a = analyseModule('/w', src);
  assert.equal(a.candidates.length, 1);
  assert.deepEqual(src.reads, ['/w/main.tf']);
});

void test('a directory that does not exist gives an empty analysis', () => {
  const a = analyse({}, undefined, '/nope');
  assert.equal(a.candidates.length, 0);
});
