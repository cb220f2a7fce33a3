/**
 * `module.<name>.<output>` of local modules: values flow out of a child (from its defaults, or from
 * the arguments the parent gave it), with count/for_each instances, traces into the output, and
 * guards against loops. Registry modules and undeclared calls stay opaque unknowns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, byAddress, localIn, plain, ruleWith, textAt, val } from './helpers';

const net = {
  '/w/modules/net/main.tf': `variable "open" {
  default = true
}
variable "office" {
  default = "203.0.113.0/24"
}
output "admin_cidr" {
  value = var.open ? "0.0.0.0/0" : var.office
}
output "office" {
  value = var.office
}
output "costly" {
  value = alicloud_vpc.main.cidr_block
}
`,
};

void test('an output flows to the rule, with a trace into the module', () => {
  const files = {
    ...net,
    '/w/main.tf': `module "net" {\n  source = "./modules/net"\n}\n${ruleWith('module.net.admin_cidr')}`,
  };
  const a = analyse(files);
  const c = byAddress(a, 'alicloud_security_group_rule.r');
  assert.equal(val(c.sourceCidr), '0.0.0.0/0');
  assert.equal(textAt(files, c.sourceCidr.loc), 'module.net.admin_cidr');
  assert.equal(c.sourceCidr.trace[0]?.kind, 'module-output');
  assert.equal(c.sourceCidr.trace[0]?.label, 'module.net output admin_cidr');
  assert.equal(textAt(files, c.sourceCidr.trace[0]?.loc), 'var.open ? "0.0.0.0/0" : var.office');
  assert.equal(textAt(files, c.sourceCidr.literal), '"0.0.0.0/0"');
  assert.ok(a.dependencies.includes('/w/modules/net/main.tf'), 'the module file is a dependency');
});

void test("the parent's arguments reach the output through the child's variables", () => {
  const files = {
    ...net,
    '/w/main.tf': `variable "office_cidr" {
  default = "198.51.100.0/24"
}
module "net" {
  source = "./modules/net"
  open   = false
  office = var.office_cidr
}
${ruleWith('module.net.admin_cidr')}`,
  };
  const c = byAddress(analyse(files), 'alicloud_security_group_rule.r');
  assert.equal(val(c.sourceCidr), '198.51.100.0/24');
  assert.deepEqual(
    c.sourceCidr.trace.map((t) => t.label),
    ['module.net output admin_cidr', 'module.net argument office', 'var.office_cidr (default)'],
  );
});

void test('count and for_each calls are lists and maps of their outputs', () => {
  const extra = `module "n" {
  count  = 2
  source = "./modules/net"
  office = "10.0.\${count.index}.0/24"
}
module "fe" {
  for_each = { a = true, b = false }
  source   = "./modules/net"
  open     = each.value
}
`;
  const files = {
    ...net,
    '/w/main.tf': `locals {\n  v = [module.n[1].office, module.n[*].office, module.fe["b"].admin_cidr, keys(module.fe)]\n}\n${extra}`,
  };
  const a = analyse({ ...files, '/w/rule.tf': ruleWith('module.fe["a"].admin_cidr') });
  assert.equal(val(byAddress(a, 'alicloud_security_group_rule.r').sourceCidr), '0.0.0.0/0');
  const local = evalLocalIn(files);
  assert.deepEqual(local, ['10.0.1.0/24', ['10.0.0.0/24', '10.0.1.0/24'], '203.0.113.0/24', ['a', 'b']]);
});

void test('unknowns: an output that depends on a resource, an unknown count, a registry module, no such call', () => {
  const files = {
    ...net,
    '/w/main.tf': `variable "n" {}
module "net" {
  source = "./modules/net"
}
module "many" {
  count  = var.n
  source = "./modules/net"
}
module "sg" {
  source = "alibaba/security-group/alicloud"
}
locals {
  v = [module.net.costly, module.many[0].office, module.sg.this_security_group_id, module.nope.x]
}`,
  };
  assert.deepEqual(evalLocalIn(files), [
    '?module.net.alicloud_vpc.main.cidr_block',
    '?var.n',
    '?module.sg.this_security_group_id',
    '?module.nope.x',
  ]);
});

void test('a missing output is an error that try() catches', () => {
  const files = {
    ...net,
    '/w/main.tf': `module "net" {
  source = "./modules/net"
}
locals {
  v = [try(module.net.nope, "fallback"), module.net.office]
}`,
  };
  assert.deepEqual(evalLocalIn(files), ['fallback', '203.0.113.0/24']);
});

void test('module.x.y evaluates output y alone; module.x evaluates them all', () => {
  // The other output loops through the child's locals: evaluating it reports the loop.
  const child = {
    '/w/modules/m/main.tf': `locals {
  a = local.b
  b = local.a
}
output "loop" {
  value = local.a
}
output "cidr" {
  value = "0.0.0.0/0"
}
`,
  };
  const call = 'module "m" {\n  source = "./modules/m"\n}\n';
  const one = analyse({ ...child, '/w/main.tf': call + ruleWith('module.m.cidr') });
  assert.equal(val(byAddress(one, 'alicloud_security_group_rule.r').sourceCidr), '0.0.0.0/0');
  assert.deepEqual(one.problems, []);
  const all = analyse({ ...child, '/w/main.tf': call + ruleWith('module.m["cidr"]') });
  assert.equal(val(byAddress(all, 'alicloud_security_group_rule.r').sourceCidr), '0.0.0.0/0');
  assert.deepEqual(
    all.problems.map((p) => p.message),
    ['local.a refers to itself through local.b'],
  );
});

void test('modules that feed each other in a loop, or call themselves, give unknowns and end', () => {
  const files = {
    '/w/modules/echo/main.tf': `variable "in" {}
output "out" {
  value = var.in
}
`,
    '/w/modules/self/main.tf': `module "again" {
  source = "../self"
}
output "out" {
  value = module.again.out
}
`,
    '/w/main.tf': `module "a" {
  source = "./modules/echo"
  in     = module.b.out
}
module "b" {
  source = "./modules/echo"
  in     = module.a.out
}
module "c" {
  source = "./modules/echo"
  in     = module.c.out
}
module "s" {
  source = "./modules/self"
}
locals {
  v = [module.a.out, module.c.out, module.s.out]
}`,
  };
  const got = evalLocalIn(files) as string[];
  assert.equal(got.length, 3);
  for (const v of got) assert.match(v, /^\?/, `unknown, got ${JSON.stringify(v)}`);
});

/** `local.v` of the root module of `files`, as plain data. */
function evalLocalIn(files: Record<string, string>): unknown {
  return plain(localIn(files));
}
