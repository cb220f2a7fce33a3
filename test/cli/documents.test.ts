/**
 * Plans, state and ROS templates through `sg-guard lint`: recognised by content, reported in every
 * format with their addresses and (SARIF) the value's path in the document, and the exit codes of
 * the CLI contract.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { REPO } from '../helpers/paths';
import { lint, lintJson } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

const PLANS = join(REPO, 'test', 'fixtures', 'plans');

describe('sg-guard lint PLAN', () => {
  it('lints a plan named on the command line and fails on its findings', () => {
    const r = lintJson([join('test', 'fixtures', 'plans', 'modules', 'plan.json')], REPO);
    assert.equal(r.code, 1);
    assert.deepEqual(r.findings.map((f) => `${f.file}:${f.line} ${f.resource}`).sort(), [
      'test/fixtures/plans/modules/main.tf:29 module.net.alicloud_security_group_rule.ssh["admin"]',
      'test/fixtures/plans/modules/main.tf:37 module.edge.alicloud_security_group_rule.rdp[0]',
      'test/fixtures/plans/modules/main.tf:72 alicloud_security_group_rule.rdp[1]',
      'test/fixtures/plans/modules/main.tf:81 alicloud_security_group_rule.legacy',
    ]);
    const edge = r.findings.find((f) => f.resource.startsWith('module.edge'))!;
    assert.equal(edge.docPath, '$.resource_changes[10].change.after.cidr_ip');
  });

  it('SARIF carries the address and the JSON path as logical locations', () => {
    const dir = workspace({});
    copyFileSync(join(PLANS, 'modules', 'plan.json'), join(dir, 'plan.json'));
    const r = lint(['plan.json', '--format', 'sarif'], dir);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as Log;
    const results = log.runs[0]!.results!;
    const edge = results.find((x) => x.message.text?.startsWith('module.edge'))!;
    assert.deepEqual(edge.locations![0]!.logicalLocations, [
      { fullyQualifiedName: 'module.edge.alicloud_security_group_rule.rdp[0]', kind: 'resource' },
      { fullyQualifiedName: '$.resource_changes[10].change.after.cidr_ip', kind: 'property' },
    ]);
    assert.equal(edge.locations![0]!.physicalLocation!.artifactLocation!.uri, 'plan.json');
  });

  it('a state file is a document too', () => {
    const r = lintJson([join(PLANS, 'state', 'terraform.tfstate')], REPO);
    assert.equal(r.code, 1);
    assert.equal(r.findings.filter((f) => f.severity === 'error').length, 2);
  });

  it('a folder is linted for its source; plans in it are not picked up', () => {
    const dir = workspace({});
    cpSync(join(PLANS, 'modules'), dir, { recursive: true });
    const r = lintJson(['.'], dir);
    assert.ok(r.findings.every((f) => f.file.endsWith('.tf')));
    assert.ok(
      !r.findings.some((f) => f.resource.startsWith('module.edge')),
      'the remote module is not downloaded',
    );
  });

  it('an unsupported format version fails the run as a syntax error', () => {
    const dir = workspace({ 'plan.json': '{"format_version": "2.0", "resource_changes": []}' });
    const r = lintJson(['plan.json'], dir);
    assert.equal(r.code, 1);
    assert.match(r.parseErrors[0]!.message, /unsupported format_version "2\.0"/);
  });

  it('a JSON file that is neither plan, state nor template is bad usage', () => {
    const dir = workspace({ 'data.json': '{"rules": []}' });
    const r = lint(['data.json'], dir);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /is not a directory, a Terraform file .*, a Terraform plan or state .* or a ROS template/,
    );
  });
});

describe('sg-guard lint ROS templates', () => {
  it('a folder is searched for templates, by name and by content', () => {
    const dir = workspace({
      'infra/stack.ros.yaml':
        "ROSTemplateFormatVersion: '2015-09-01'\nResources:\n  R:\n    Type: ALIYUN::ECS::SecurityGroupIngress\n    Properties:\n      IpProtocol: tcp\n      PortRange: 22/22\n      SourceCidrIp: 0.0.0.0/0\n",
      'infra/template.json':
        '{"ROSTemplateFormatVersion": "2015-09-01", "Resources": {"R": {"Type": "ALIYUN::ECS::SecurityGroupIngress", "Properties": {"IpProtocol": "tcp", "PortRange": "3389/3389", "SourceCidrIp": "0.0.0.0/0"}}}}',
      'infra/access.yaml': 'admins:\n  - 0.0.0.0/0\n',
      'node_modules/x/template.yaml': "ROSTemplateFormatVersion: '2015-09-01'\n",
    });
    const r = lintJson(['.'], dir);
    assert.deepEqual(r.findings.map((f) => `${f.file}:${f.line} ${f.resource} ${f.ports.join(',')}`).sort(), [
      'infra/stack.ros.yaml:8 R 22',
      'infra/template.json:1 R 3389',
    ]);
  });

  it('examples/ros: text output names the resource and the rule, and counts templates', () => {
    const r = lint([join('examples', 'ros')], REPO);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Web\.SecurityGroupIngress\[2\] opens SSH \(22\/tcp\) to the whole Internet/);
    assert.match(r.stdout, /in 4 files \(0 modules, 4 plans or templates\)/);
  });

  it('--exclude leaves a template out', () => {
    const r = lintJson([join('examples', 'ros'), '--exclude', 'examples/ros/basic.ros.yaml'], REPO);
    assert.ok(!r.findings.some((f) => f.file.endsWith('basic.ros.yaml')));
    assert.ok(r.findings.some((f) => f.file.endsWith('json.ros.json')));
  });
});
