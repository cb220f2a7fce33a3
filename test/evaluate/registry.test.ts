/**
 * The registry module `alibaba/security-group/alicloud`: each input form, submodules, locations,
 * and a differential check: our reproduction of its logic must generate the same rules as
 * evaluating the module's real source (from the corpus) as a local module.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse, memorySource, textAt, val } from './helpers';
import { CORPUS, needShared } from '../helpers/paths';
import { diskSource } from '../../server/src/api/index';
import { analyseModule } from '../../server/src/evaluate/index';
import { matchRegistrySource } from '../../server/src/evaluate/registry';
import type { FieldValue, RuleCandidate } from '../../server/src/model/types';

const f = (x: FieldValue<unknown>): string => (x.state === 'known' ? String(x.value) : x.state);
const sig = (c: RuleCandidate): string =>
  [c.direction, c.protocol, c.portRange, c.sourceCidr, c.sourceGroupId, c.priority].map(f).join(' ');
const ingress = (cs: RuleCandidate[]): string[] => cs.filter((c) => val(c.direction) === 'ingress').map(sig);

void test('source spellings are recognised', () => {
  const yes: [string, string | undefined][] = [
    ['alibaba/security-group/alicloud', undefined],
    ['terraform-alicloud-modules/security-group/alicloud', undefined],
    ['registry.terraform.io/alibaba/security-group/alicloud', undefined],
    ['alibaba/security-group/alicloud//modules/ssh', 'ssh'],
    ['github.com/terraform-alicloud-modules/terraform-alicloud-security-group', undefined],
    [
      'git::https://github.com/terraform-alicloud-modules/terraform-alicloud-security-group.git//modules/rdp?ref=v2.4.0',
      'rdp',
    ],
  ];
  for (const [s, sub] of yes) assert.deepEqual(matchRegistrySource(s), sub ? { submodule: sub } : {}, s);
  for (const s of ['alibaba/vpc/alicloud', './security-group', 'alibaba/security-group-rule/alicloud']) {
    assert.equal(matchRegistrySource(s), undefined, s);
  }
});

void test('ingress_cidr_blocks x ingress_rules: one candidate per pair, priority 1 by default', () => {
  const files = {
    '/w/main.tf': `module "web_sg" {
  source              = "alibaba/security-group/alicloud"
  ingress_cidr_blocks = ["0.0.0.0/0", "10.0.0.0/8"]
  ingress_rules       = ["ssh-tcp", "rdp-udp", "all-all"]
}`,
  };
  const a = analyse(files);
  assert.deepEqual(ingress(a.candidates), [
    'ingress tcp 22/22 0.0.0.0/0 absent 1',
    'ingress tcp 22/22 10.0.0.0/8 absent 1',
    'ingress udp 3389/3389 0.0.0.0/0 absent 1',
    'ingress udp 3389/3389 10.0.0.0/8 absent 1',
    'ingress all -1/-1 0.0.0.0/0 absent 1',
    'ingress all -1/-1 10.0.0.0/8 absent 1',
  ]);
  const c = a.candidates[0]!;
  assert.equal(c.kind, 'registry-module');
  assert.equal(c.address, 'module.web_sg');
  assert.equal(c.groupKey, 'module.web_sg');
  assert.equal(textAt(files, c.sourceCidr.loc), '"0.0.0.0/0"');
  assert.equal(textAt(files, c.sourceCidr.literal), '"0.0.0.0/0"');
  assert.equal(textAt(files, c.portRange.loc), '"ssh-tcp"');
  assert.equal(textAt(files, c.block)?.startsWith('module "web_sg"'), true);
});

void test('ingress_with_cidr_blocks: comma lists, rule names, explicit ports, default priority 50', () => {
  const files = {
    '/w/main.tf': `module "sg" {
  source              = "alibaba/security-group/alicloud"
  ingress_cidr_blocks = ["172.16.0.0/12"]
  ingress_with_cidr_blocks = [
    { rule = "rdp-tcp", cidr_blocks = "0.0.0.0/0,10.0.0.0/8", priority = 5 },
    { from_port = 22, to_port = 22, protocol = "tcp" },
    { from_port = 1, to_port = 100, protocol = "tcp", cidr_blocks = "0.0.0.0/0" },
  ]
}`,
  };
  const a = analyse(files);
  assert.deepEqual(ingress(a.candidates), [
    'ingress tcp 3389/3389 0.0.0.0/0 absent 5',
    'ingress tcp 3389/3389 10.0.0.0/8 absent 5',
    'ingress tcp 22/22 172.16.0.0/12 absent 50',
    'ingress tcp 1/100 0.0.0.0/0 absent 50',
  ]);
  // A comma list points at the whole string; a lone CIDR is its own literal.
  assert.equal(textAt(files, a.candidates[0]!.sourceCidr.loc), '"0.0.0.0/0,10.0.0.0/8"');
  assert.equal(a.candidates[0]!.sourceCidr.literal, undefined);
  assert.equal(textAt(files, a.candidates[3]!.sourceCidr.literal), '"0.0.0.0/0"');
  assert.equal(textAt(files, a.candidates[3]!.portRange.loc), '1');
});

void test('ingress_with_cidr_blocks_and_ports: ports string, ingress_ports default, protocol tcp, priority 1', () => {
  const files = {
    '/w/main.tf': `module "sg" {
  source              = "alibaba/security-group/alicloud"
  ingress_cidr_blocks = ["0.0.0.0/0"]
  ingress_ports       = [80]
  ingress_with_cidr_blocks_and_ports = [
    { ports = "22,3389", cidr_blocks = "0.0.0.0/0" },
    { protocol = "udp" },
  ]
}`,
  };
  assert.deepEqual(ingress(analyse(files).candidates), [
    'ingress tcp 22/22 0.0.0.0/0 absent 1',
    'ingress tcp 3389/3389 0.0.0.0/0 absent 1',
    'ingress udp 80/80 0.0.0.0/0 absent 1',
  ]);
});

void test('source security group rules and create = false', () => {
  const a = analyse({
    '/w/main.tf': `module "sg" {
  source = "alibaba/security-group/alicloud"
  ingress_with_source_security_group_id = [{ rule = "ssh-tcp", source_security_group_id = "sg-peer" }]
}
module "off" {
  source              = "alibaba/security-group/alicloud"
  create              = false
  ingress_cidr_blocks = ["0.0.0.0/0"]
  ingress_rules       = ["ssh-tcp"]
}`,
  });
  assert.deepEqual(ingress(a.candidates), ['ingress tcp 22/22 absent sg-peer 50']);
});

void test('submodules add their own rules; values may come from variables; count/for_each addresses', () => {
  const files = {
    '/w/main.tf': `variable "cidrs" {
  default = ["0.0.0.0/0"]
}
module "ssh" {
  source              = "alibaba/security-group/alicloud//modules/ssh"
  ingress_cidr_blocks = var.cidrs
}
module "rdp" {
  for_each            = toset(["a"])
  source              = "terraform-alicloud-modules/security-group/alicloud//modules/rdp"
  ingress_cidr_blocks = ["::/0"]
  ingress_rules       = ["ssh-tcp"]
}`,
  };
  const a = analyse(files);
  const ssh = a.candidates.filter((c) => c.address === 'module.ssh');
  assert.deepEqual(ingress(ssh), ['ingress tcp 22/22 0.0.0.0/0 absent 1']);
  assert.equal(textAt(files, ssh[0]!.sourceCidr.loc), 'var.cidrs');
  assert.equal(textAt(files, ssh[0]!.sourceCidr.literal), '"0.0.0.0/0"');
  assert.equal(ssh[0]!.sourceCidr.trace[0]?.kind, 'variable-default');
  assert.equal(textAt(files, ssh[0]!.portRange.loc), '"alibaba/security-group/alicloud//modules/ssh"');
  const rdp = a.candidates.filter((c) => c.address === 'module.rdp["a"]');
  assert.deepEqual(ingress(rdp), [
    'ingress tcp 3389/3389 ::/0 absent 1',
    'ingress udp 3389/3389 ::/0 absent 1',
    'ingress tcp 22/22 ::/0 absent 1',
  ]);
});

void test('unknown inputs give flagged candidates with deps, never a crash', () => {
  const a = analyse({
    '/w/main.tf': `variable "cidrs" {}
module "sg" {
  source              = "alibaba/security-group/alicloud"
  ingress_cidr_blocks = var.cidrs
  ingress_rules       = ["ssh-tcp"]
}`,
  });
  assert.equal(a.candidates.length, 1);
  const c = a.candidates[0]!;
  assert.equal(c.sourceCidr.state, 'unknown');
  assert.deepEqual(c.sourceCidr.deps, ['var.cidrs']);
  assert.equal(val(c.portRange), '22/22');
  assert.equal(c.instancesUnknown, true);
});

// Differential: the module's own examples, evaluated against its real source (`../../`) and
// against our reproduction (source rewritten to the registry address) must agree.
const corpusModule = join(CORPUS, 'terraform-alicloud-modules+terraform-alicloud-security-group');

void test('registry reproduction matches the real module source on its examples', (t) => {
  if (!needShared(t, corpusModule)) return;
  let compared = 0;
  for (const ex of readdirSync(join(corpusModule, 'examples'))) {
    const dir = join(corpusModule, 'examples', ex);
    const known = (cs: RuleCandidate[]): string[] =>
      cs
        .filter((c) => !c.instancesUnknown)
        .map(sig)
        .sort();
    const real = known(analyseModule(dir, diskSource()).candidates);
    const files: Record<string, string> = {};
    for (const n of readdirSync(dir)) {
      files[`/x/${n}`] = readFileSync(join(dir, n), 'utf8')
        .replace(/"\.\.\/\.\.\/?"/g, '"alibaba/security-group/alicloud"')
        .replace(/"\.\.\/\.\.\/modules\/([\w-]+)"/g, '"alibaba/security-group/alicloud//modules/$1"');
    }
    const ours = known(analyseModule('/x', memorySource(files)).candidates);
    assert.deepEqual(ours, real, `example ${ex}`);
    compared += real.length;
  }
  assert.ok(compared > 40, `compared ${compared} rules`);
});
