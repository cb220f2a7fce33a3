/**
 * Terraform plans and state (`terraform show -json`, `terraform.tfstate`) through the core: every
 * alicloud_security_group_rule the plan leaves in place is judged with its final values, located in
 * the .tf source beside the plan when it is there, else at its JSON path. The fixtures are written
 * by hand from Terraform's published JSON output format (developer.hashicorp.com/terraform/internals/json-format).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectDocument, diskSource, lintDocument, type Finding } from '../../server/src/api/index';
import { REPO } from '../helpers/paths';
import { memorySource } from '../helpers/memory-source';
import { workspace } from '../helpers/workspace';

const PLANS = join(REPO, 'test', 'fixtures', 'plans');
const TODAY = { today: '2026-11-29' };

function lintPlan(path: string) {
  const r = lintDocument(path, diskSource(), TODAY);
  assert.ok(r, `${path} is linted`);
  return r;
}

/** `file:line resource ruleId:severity @ text` for each finding, sorted. */
function summary(fs: Finding[]): string[] {
  return fs
    .map((f) => {
      const text = readFileSync(f.loc.file, 'utf8');
      const line = text.slice(0, f.loc.range.start).split('\n').length;
      const at = text.slice(f.loc.range.start, f.loc.range.end).split('\n')[0];
      return `${f.loc.file.slice(PLANS.length + 1)}:${line} ${f.resource} ${f.ruleId}:${f.severity} @ ${at}`;
    })
    .sort();
}

describe('plan with its source beside it', () => {
  const r = lintPlan(join(PLANS, 'modules', 'plan.json'));

  it('judges every created, updated, replaced and unchanged rule with its planned value', () => {
    assert.deepEqual(summary(r.findings), [
      'modules/main.tf:29 module.net.alicloud_security_group_rule.ssh["admin"] sg-risky-ports-check:error @ var.admin_cidr',
      'modules/main.tf:37 module.edge.alicloud_security_group_rule.rdp[0] sg-risky-ports-check:error @ module "edge" {',
      'modules/main.tf:72 alicloud_security_group_rule.rdp[1] sg-risky-ports-check:error @ count.index == 0 ? "10.0.0.0/8" : "0.0.0.0/0"',
      'modules/main.tf:81 alicloud_security_group_rule.legacy sg-risky-ports-check:error @ "0.0.0.0/0"',
    ]);
  });

  it('ignores deleted rules: old_world is in the prior state only', () => {
    const all = [...r.findings, ...r.unverified, ...r.suppressed];
    assert.ok(!all.some((f) => f.resource.includes('old_world')));
    assert.ok(!r.candidates.some((c) => c.address.includes('old_world')));
  });

  it('keeps count and for_each keys in full addresses', () => {
    assert.deepEqual(r.candidates.map((c) => c.address).sort(), [
      'alicloud_security_group_rule.bastion',
      'alicloud_security_group_rule.legacy',
      'alicloud_security_group_rule.nat_any',
      'alicloud_security_group_rule.nat_ssh',
      'alicloud_security_group_rule.rdp[0]',
      'alicloud_security_group_rule.rdp[1]',
      'module.edge.alicloud_security_group_rule.rdp[0]',
      'module.net.alicloud_security_group_rule.ssh["admin"]',
      'module.net.alicloud_security_group_rule.ssh["https"]',
    ]);
  });

  it('says "cannot verify" for a source known only after apply, never for "${eip}/32"', () => {
    assert.deepEqual(summary(r.unverified), [
      'modules/main.tf:62 alicloud_security_group_rule.nat_any sg-risky-ports-check:info @ alicloud_eip_address.nat.ip_address',
    ]);
    assert.match(r.unverified[0]!.message, /alicloud_eip_address\.nat\.ip_address \(known after apply\)/);
  });

  it('honours suppression comments in the .tf source (bastion is unchanged and still open)', () => {
    assert.deepEqual(
      r.suppressed.map((f) => [f.resource, f.suppression?.reason]),
      [['alicloud_security_group_rule.bastion', 'bastion, reviewed']],
    );
  });

  it('links each finding to the planned value and gives its JSON path', () => {
    const ssh = r.findings.find((f) => f.resource.endsWith('ssh["admin"]'))!;
    assert.equal(ssh.docPath, '$.resource_changes[11].change.after.cidr_ip');
    const planned = ssh.related.find((x) => x.message.startsWith('planned value in plan.json'))!;
    const text = readFileSync(planned.loc.file, 'utf8');
    assert.equal(text.slice(planned.loc.range.start, planned.loc.range.end), '"0.0.0.0/0"');
    assert.ok(
      ssh.related.some(
        (x) =>
          x.message.endsWith('is declared here') && x.loc.file.endsWith(join('modules', 'net', 'main.tf')),
      ),
    );
  });

  it('offers the fix where a literal is written in the source, never in the plan', () => {
    const legacy = r.findings.find((f) => f.resource.endsWith('.legacy'))!;
    assert.ok(legacy.fix?.cidrLiteral?.file.endsWith('main.tf'));
    const rdp = r.findings.find((f) => f.resource.endsWith('rdp[1]'))!;
    assert.equal(rdp.fix?.cidrLiteral, undefined, 'a conditional is not a literal');
  });
});

describe('plan alone (no source beside it)', () => {
  const dir = workspace({});
  copyFileSync(join(PLANS, 'modules', 'plan.json'), join(dir, 'plan.json'));
  const r = lintPlan(join(dir, 'plan.json'));

  it('reports at the JSON path of each planned value', () => {
    const text = readFileSync(join(dir, 'plan.json'), 'utf8');
    const got = r.findings
      .map((f) => `${f.resource} ${f.docPath} @ ${text.slice(f.loc.range.start, f.loc.range.end)}`)
      .sort();
    assert.deepEqual(got, [
      'alicloud_security_group_rule.bastion $.resource_changes[1].change.after.cidr_ip @ "0.0.0.0/0"',
      'alicloud_security_group_rule.legacy $.resource_changes[2].change.after.cidr_ip @ "0.0.0.0/0"',
      'alicloud_security_group_rule.rdp[1] $.resource_changes[7].change.after.cidr_ip @ "0.0.0.0/0"',
      'module.edge.alicloud_security_group_rule.rdp[0] $.resource_changes[10].change.after.cidr_ip @ "0.0.0.0/0"',
      'module.net.alicloud_security_group_rule.ssh["admin"] $.resource_changes[11].change.after.cidr_ip @ "0.0.0.0/0"',
    ]);
    assert.ok(
      r.findings.every((f) => f.fix?.cidrLiteral === undefined),
      'nothing to fix in a plan',
    );
  });

  it('without the source, "${eip}/32" cannot be told apart: cannot verify, never clean', () => {
    assert.deepEqual(r.unverified.map((f) => f.resource).sort(), [
      'alicloud_security_group_rule.nat_any',
      'alicloud_security_group_rule.nat_ssh',
    ]);
  });
});

describe('state', () => {
  for (const name of ['terraform.tfstate', 'state.json']) {
    it(`${name}: judged like a plan, shadowing by a drop rule of the same group included`, () => {
      const r = lintPlan(join(PLANS, 'state', name));
      const got = [...r.findings, ...r.unverified].map((f) => `${f.resource} ${f.severity}`).sort();
      assert.deepEqual(got, [
        'alicloud_security_group_rule.rdp[1] info',
        'alicloud_security_group_rule.web_v6 error',
        'module.net.alicloud_security_group_rule.ssh["admin"] error',
      ]);
      const text = readFileSync(join(PLANS, 'state', name), 'utf8');
      const v6 = r.findings.find((f) => f.resource.endsWith('web_v6'))!;
      assert.equal(text.slice(v6.loc.range.start, v6.loc.range.end), '"::/0"');
    });
  }
});

/** A minimal plan holding the given resource_changes. */
const plan = (changes: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ format_version: '1.2', terraform_version: '1.7.5', resource_changes: changes, ...extra });
const rule = (
  after: Record<string, unknown> | null,
  actions: string[],
  more: Record<string, unknown> = {},
) => ({
  address: 'alicloud_security_group_rule.r',
  mode: 'managed',
  type: 'alicloud_security_group_rule',
  name: 'r',
  change: { actions, before: null, after, after_unknown: {} },
  ...more,
});
const world = {
  type: 'ingress',
  ip_protocol: 'tcp',
  port_range: '22/22',
  cidr_ip: '0.0.0.0/0',
  security_group_id: 'sg-1',
};

function lintText(text: string) {
  const r = lintDocument('/p/plan.json', memorySource({ '/p/plan.json': text }), TODAY);
  assert.ok(r);
  return r;
}

describe('plan semantics', () => {
  const table: { name: string; text: string; findings: number; unverified?: number; errors?: number }[] = [
    { name: 'create', text: plan([rule(world, ['create'])]), findings: 1 },
    { name: 'update', text: plan([rule(world, ['update'])]), findings: 1 },
    { name: 'replace (delete, create)', text: plan([rule(world, ['delete', 'create'])]), findings: 1 },
    { name: 'replace (create, delete)', text: plan([rule(world, ['create', 'delete'])]), findings: 1 },
    { name: 'unchanged (no-op)', text: plan([rule(world, ['no-op'])]), findings: 1 },
    { name: 'delete', text: plan([rule(null, ['delete'])]), findings: 0 },
    {
      name: 'a deposed object (being destroyed)',
      text: plan([rule(world, ['delete', 'create'], { deposed: '00000001' })]),
      findings: 0,
    },
    {
      name: 'a data source of the same type name',
      text: plan([rule(world, ['read'], { mode: 'data' })]),
      findings: 0,
    },
    {
      name: 'cidr_ip known only after apply',
      text: plan([
        {
          ...rule({ ...world, cidr_ip: null }, ['create']),
          change: {
            actions: ['create'],
            after: { ...world, cidr_ip: null },
            after_unknown: { cidr_ip: true },
          },
        },
      ]),
      findings: 0,
      unverified: 1,
    },
    {
      name: 'a private source',
      text: plan([rule({ ...world, cidr_ip: '10.0.0.0/8' }, ['create'])]),
      findings: 0,
    },
    {
      name: 'format_version 2.0 is refused, as the format asks',
      text: JSON.stringify({ format_version: '2.0', resource_changes: [rule(world, ['create'])] }),
      findings: 0,
      errors: 1,
    },
    {
      name: 'a state file of version 3 is refused',
      text: JSON.stringify({ version: 3, terraform_version: '0.11.14', resources: [] }),
      findings: 0,
      errors: 1,
    },
  ];
  for (const t of table) {
    it(t.name, () => {
      const r = lintText(t.text);
      assert.equal(r.findings.length, t.findings, JSON.stringify(r.findings.map((f) => f.message)));
      assert.equal(r.unverified.length, t.unverified ?? 0);
      assert.equal(r.parseErrors.length, t.errors ?? 0);
    });
  }

  it('a truncated plan is a syntax error, and what could be read is still judged', () => {
    const text = plan([rule(world, ['create'])]);
    const r = lintText(text.slice(0, text.length - 3));
    assert.ok(r.parseErrors.length > 0);
    assert.equal(r.findings.length, 1);
  });
});

describe('recognising a document by its content', () => {
  const table: [string, string, string | undefined][] = [
    ['plan.json', plan([]), 'terraform-plan'],
    ['out.json', '{"format_version":"1.0","terraform_version":"1.7.5","values":{}}', 'terraform-plan'],
    ['terraform.tfstate', '{"version": 4, "terraform_version": "1.7.5", "resources": []}', 'terraform-plan'],
    ['stack.json', '{"ROSTemplateFormatVersion": "2015-09-01", "Resources": {}}', 'ros-template'],
    ['stack.yaml', "ROSTemplateFormatVersion: '2015-09-01'\nResources: {}\n", 'ros-template'],
    ['new.ros.yaml', '', 'ros-template'],
    ['package.json', '{"name": "x", "values": {"format_version": 1}}', undefined],
    ['data.json', '{"rules": [{"format_version": "1.0", "planned_values": {}}]}', undefined],
    ['access.yaml', 'rules:\n  - cidr: 0.0.0.0/0\n', undefined],
    ['nested.yaml', 'x:\n  ROSTemplateFormatVersion: 1\n', undefined],
  ];
  for (const [path, text, kind] of table) {
    it(`${path} → ${String(kind)}`, () => assert.equal(detectDocument(path, text), kind));
  }
});
