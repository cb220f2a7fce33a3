// ROS templates and Terraform plans in the language server: diagnostics, quick fixes and hover in
// `.ros.yaml` / `.ros.json` and any YAML or JSON with ROSTemplateFormatVersion; a plan opened in
// the editor is judged as `sg-guard lint plan.json` judges it, and its diagnostics go when it closes.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import type { CodeAction, Diagnostic, MarkupContent } from 'vscode-languageserver-protocol';
import { applyEdits, ensureBuilt, messageOf, startSession, workspace, type Session } from './lsp-client';
import { REPO } from '../helpers/paths';

const header = "ROSTemplateFormatVersion: '2015-09-01'\n";
const TEMPLATE = `${header}Parameters:
  AdminCidr:
    Type: String
    Default: 0.0.0.0/0
Resources:
  Web:
    Type: ALIYUN::ECS::SecurityGroup
    Properties:
      SecurityGroupIngress:
        - IpProtocol: tcp
          PortRange: 1/1024
          SourceCidrIp: !Ref AdminCidr
        - IpProtocol: tcp
          PortRange: -1/-1
          SourceCidrIp: 10.0.0.0/8
`;

const JSON_TEMPLATE = JSON.stringify(
  {
    ROSTemplateFormatVersion: '2015-09-01',
    Resources: {
      Rdp: {
        Type: 'ALIYUN::ECS::SecurityGroupIngress',
        Properties: {
          SecurityGroupId: 'sg-1',
          IpProtocol: 'tcp',
          PortRange: '3389/3389',
          SourceCidrIp: '0.0.0.0/0',
        },
      },
    },
  },
  null,
  2,
);

const TRUSTED = ['203.0.113.0/24'];

void describe('ROS templates in the editor', () => {
  let s: Session;
  let root: string;
  before(async () => {
    ensureBuilt();
    root = workspace({
      'stack.ros.yaml': TEMPLATE,
      'deploy/template.json': JSON_TEMPLATE,
      'notes/access.yaml': 'admins:\n  - 0.0.0.0/0\n',
    });
    s = await startSession(root, { trustedCidrs: TRUSTED }, ['--debounce-ms=0']);
  });
  after(() => s.close());

  void it('the workspace scan finds templates by name and by content, and shows their findings', async () => {
    const yaml = await s.waitFor(join(root, 'stack.ros.yaml'), (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      yaml.map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character} ${messageOf(d)}`),
      [
        'sg-risky-ports-check 12:24 opens SSH (22/tcp) to the whole Internet (0.0.0.0/0)',
        'sg-port-range-valid 14:21 invalid PortRange: tcp needs a port range such as "22/22" or "1/65535"; "-1/-1" is only for icmp, gre and all',
      ].sort((a, b) => (a < b ? 1 : -1)),
    );
    const json = await s.waitFor(join(root, 'deploy', 'template.json'), (p) => p.diagnostics.length > 0);
    assert.equal(json[0]!.code, 'sg-risky-ports-check');
    assert.equal(s.diagnostics.has(`file://${join(root, 'notes', 'access.yaml')}`), false);
  });

  void it('a new YAML file becomes a template as ROSTemplateFormatVersion is typed', async () => {
    const path = join(root, 'new.yaml');
    s.open(path, 'Resources: {}\n');
    const text = `${header}Resources:\n  R:\n    Type: ALIYUN::ECS::SecurityGroupIngress\n    Properties:\n      IpProtocol: udp\n      PortRange: 3389/3389\n      Ipv6SourceCidrIp: '::/0'\n`;
    s.change(path, 2, undefined, text);
    const diags = await s.waitFor(path, (p) => p.diagnostics.length === 1);
    assert.match(messageOf(diags[0]!), /RDP \(3389\/udp\)/);
    s.change(path, 3, undefined, text.replace("'::/0'", "'2001:db8::/32'"));
    await s.waitFor(path, (p) => p.diagnostics.length === 0);
  });

  void it('quick fixes: the trusted range where the parameter default is written, narrowing, a YAML comment', async () => {
    const path = join(root, 'stack.ros.yaml');
    s.open(path, TEMPLATE);
    const diags = await s.waitFor(path, (p) => p.diagnostics.length === 2);
    const ssh = diags.find((d) => d.code === 'sg-risky-ports-check')!;
    const actions: CodeAction[] = await s.codeActions(path, ssh.range, [ssh]);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Replace 0.0.0.0/0 with trusted 203.0.113.0/24'), titles.join('\n'));
    assert.ok(
      titles.some((t) => t.startsWith('Narrow PortRange to 23/1024')),
      titles.join('\n'),
    );
    const apply = (title: string): string => {
      const a = actions.find((x) => x.title.startsWith(title))!;
      return applyEdits(TEMPLATE, Object.values(a.edit!.changes!)[0]!);
    };
    assert.match(apply('Replace 0.0.0.0/0'), /Default: 203\.0\.113\.0\/24\n/);
    assert.match(apply('Narrow PortRange'), /PortRange: 23\/1024\n/);
    const suppressed = apply('Suppress sg-risky-ports-check');
    assert.match(
      suppressed,
      /\n {8}# sg-guard:ignore sg-risky-ports-check exp:\d{4}-\d{2}-\d{2} -- TODO: why this exposure is acceptable\n {8}- IpProtocol: tcp\n/,
    );
    // The fixed texts lint clean of that finding.
    s.change(path, 2, undefined, suppressed);
    await s.waitFor(path, (p) => !p.diagnostics.some((d: Diagnostic) => d.code === 'sg-risky-ports-check'));
    s.change(path, 3, undefined, TEMPLATE);
  });

  void it('narrowing `all` writes a YAML key beside its siblings, not Terraform', async () => {
    const path = join(root, 'all.ros.yaml');
    const text = `${header}Resources:\n  G:\n    Type: ALIYUN::ECS::SecurityGroup\n    Properties:\n      SecurityGroupIngress:\n        - IpProtocol: all\n          SourceCidrIp: 0.0.0.0/0\n`;
    s.open(path, text);
    // One diagnostic: the every-port rule, naming the risky ports it also opens.
    const diags = await s.waitFor(path, (p) =>
      p.diagnostics.some((d) => d.code === 'sg-public-access-check'),
    );
    assert.ok(!diags.some((x) => x.code === 'sg-risky-ports-check'));
    const d = diags.find((x) => x.code === 'sg-public-access-check')!;
    assert.match(messageOf(d), /among them$/);
    const actions = await s.codeActions(path, d.range, [d]);
    const narrow = actions.find((a) => a.title.startsWith('Change to tcp'))!;
    const fixed = applyEdits(text, Object.values(narrow.edit!.changes!)[0]!);
    assert.match(fixed, /\n {8}- IpProtocol: tcp\n {10}PortRange: \d+\/\d+\n {10}SourceCidrIp/);
  });

  void it('no comment is offered in a JSON template', async () => {
    const path = join(root, 'deploy', 'template.json');
    const diags = await s.waitFor(path, (p) => p.diagnostics.length > 0);
    const actions = await s.codeActions(path, diags[0]!.range, [diags[0]!]);
    assert.ok(!actions.some((a) => a.title.startsWith('Suppress')));
    assert.ok(actions.some((a) => a.title.startsWith('Replace 0.0.0.0/0')));
  });

  void it('hover names the ROS property, its value and where it came from', async () => {
    const path = join(root, 'stack.ros.yaml');
    const h = await s.hover(path, 12, 30);
    const value = (h?.contents as MarkupContent).value;
    assert.match(value, /\*\*SourceCidrIp\*\*/);
    assert.match(value, /"0\.0\.0\.0\/0"/);
    assert.match(value, /from parameter AdminCidr \(Default\)/);
    const header = await s.hover(path, 6, 3);
    const verdict = (header?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(verdict, /SG Guard verdict/);
    assert.match(verdict, /`Web\.SecurityGroupIngress\[0\]`: error — opens SSH \(22\/tcp\)/);
    assert.match(verdict, /`Web\.SecurityGroupIngress\[1\]`: warning — invalid PortRange/);
  });
});

void describe('a Terraform plan in the editor', () => {
  let s: Session;
  let root: string;
  before(async () => {
    ensureBuilt();
    root = workspace({});
    cpSync(join(REPO, 'test', 'fixtures', 'plans', 'modules'), root, { recursive: true });
    copyFileSync(join(root, 'plan.json'), join(root, 'plan-copy.json'));
    s = await startSession(root, {}, ['--debounce-ms=0']);
  });
  after(() => s.close());

  void it('a plan on disk is not linted by the scan (a build output)', async () => {
    await s.conn.sendRequest('sgGuard/lintWorkspace');
    const main = join(root, 'main.tf');
    const diags = await s.waitFor(main, () => true);
    assert.ok(!diags.some((d) => messageOf(d).includes('module.edge')), 'only the source is judged');
  });

  void it('opened, it is judged like `sg-guard lint plan.json`: located in the .tf source', async () => {
    const plan = join(root, 'plan.json');
    s.open(plan, readFileSync(plan, 'utf8'));
    const main = join(root, 'main.tf');
    const diags = await s.waitFor(main, (p) => p.diagnostics.some((d) => d.range.start.line === 36));
    const edge = diags.find((d) => d.range.start.line === 36)!;
    assert.equal(edge.code, 'sg-risky-ports-check');
    assert.ok(
      edge.relatedInformation?.some((r) => r.message.startsWith('planned value in plan.json')),
      JSON.stringify(edge.relatedInformation),
    );
  });

  void it('closed, its diagnostics go', async () => {
    const plan = join(root, 'plan.json');
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: `file://${plan}` } });
    await s.waitFor(join(root, 'main.tf'), (p) => !p.diagnostics.some((d) => d.range.start.line === 36));
  });
});
