// A module is a folder: editing variables.tf or terraform.tfvars re-lints main.tf at once, open or not.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { ensureBuilt, messageOf, startSession, uri, workspace, type Session } from './lsp-client';
import { SSH_VIA_VAR, variables } from './fixtures';

void describe('cross-file re-lint', () => {
  let s: Session;
  let main: string;
  let vars: string;
  before(async () => {
    ensureBuilt();
    s = await startSession(
      workspace({ 'main.tf': SSH_VIA_VAR, 'variables.tf': variables('0.0.0.0/0') }),
      {},
      ['--debounce-ms=0'],
    );
    main = join(s.root, 'main.tf');
    vars = join(s.root, 'variables.tf');
    s.open(main, SSH_VIA_VAR);
    s.open(vars, variables('0.0.0.0/0'));
  });
  after(() => s.close());

  void it('reports the finding in main.tf with related information at the variable default', async () => {
    const diags = await s.waitFor(main, (p) => p.diagnostics.length === 1);
    assert.equal(diags[0]!.code, 'sg-risky-ports-check');
    const rel = diags[0]!.relatedInformation ?? [];
    assert.equal(rel.length, 1);
    assert.equal(rel[0]!.location.uri, uri(vars));
    assert.deepEqual(rel[0]!.location.range.start, { line: 1, character: 12 });
  });

  void it('clears main.tf when the unsaved variable default becomes a private range', async () => {
    s.change(vars, 2, { start: { line: 1, character: 13 }, end: { line: 1, character: 22 } }, '10.0.0.0/8');
    const diags = await s.waitFor(main, (p) => p.diagnostics.length === 0);
    assert.deepEqual(diags, []);
  });

  void it('brings the finding back when the default is the world again', async () => {
    s.change(vars, 3, undefined, variables('::/0').replace('::/0', '0.0.0.0/0'));
    const diags = await s.waitFor(main, (p) => p.diagnostics.length === 1);
    assert.match(messageOf(diags[0]!), /0\.0\.0\.0\/0/);
  });

  void it('re-lints main.tf when a closed terraform.tfvars changes on disk (watched files)', async () => {
    s.change(vars, 4, undefined, variables('10.0.0.0/8'));
    await s.waitFor(main, (p) => p.diagnostics.length === 0);
    const tfvars = join(s.root, 'terraform.tfvars');
    writeFileSync(tfvars, 'admin_cidr = "0.0.0.0/0"\n');
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri(tfvars), type: 1 }],
    });
    const diags = await s.waitFor(main, (p) => p.diagnostics.length === 1);
    const rel = diags[0]!.relatedInformation ?? [];
    assert.ok(
      rel.some((r) => r.location.uri === uri(tfvars)),
      JSON.stringify(rel),
    );
  });
});

void describe('module outputs across folders', () => {
  const output = (cidr: string): string => `output "admin_cidr" {\n  value = "${cidr}"\n}\n`;
  const caller = `module "net" {
  source = "./net"
}
resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = module.net.admin_cidr
}
`;
  let s: Session;
  let main: string;
  let net: string;
  before(async () => {
    ensureBuilt();
    s = await startSession(workspace({ 'main.tf': caller, 'net/outputs.tf': output('10.0.0.0/8') }), {}, [
      '--debounce-ms=0',
    ]);
    main = join(s.root, 'main.tf');
    net = join(s.root, 'net', 'outputs.tf');
    s.open(main, caller);
    s.open(net, output('10.0.0.0/8'));
  });
  after(() => s.close());

  void it("re-lints the caller when the module's output is edited, pointing into the module", async () => {
    await s.waitFor(main, (p) => p.diagnostics.length === 0);
    s.change(net, 2, undefined, output('0.0.0.0/0'));
    const diags = await s.waitFor(main, (p) => p.diagnostics.length === 1);
    assert.deepEqual(diags[0]!.range.start, { line: 8, character: 22 });
    const rel = diags[0]!.relatedInformation ?? [];
    assert.ok(
      rel.some((r) => r.location.uri === uri(net) && r.location.range.start.line === 1),
      JSON.stringify(rel),
    );
  });
});

void describe('data files read with file()', () => {
  const yaml = (cidr: string): string => `rules:\n  - name: ssh\n    cidr: ${cidr}\n`;
  const main = `locals {
  rules = { for r in yamldecode(file("\${path.module}/access.yaml")).rules : r.name => r }
}
resource "alicloud_security_group_rule" "admin" {
  for_each          = local.rules
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = each.value.cidr
}
`;
  let s: Session;
  let mainPath: string;
  let yamlPath: string;
  before(async () => {
    ensureBuilt();
    s = await startSession(
      workspace({ 'main.tf': main, 'access.yaml': yaml('10.0.0.0/8') }),
      { trustedCidrs: ['203.0.113.0/24'] },
      ['--debounce-ms=0'],
    );
    mainPath = join(s.root, 'main.tf');
    yamlPath = join(s.root, 'access.yaml');
    s.open(mainPath, main);
  });
  after(() => s.close());

  void it('re-lints when the YAML changes on disk, and the fix edits the YAML where the value is', async () => {
    await s.waitFor(mainPath, (p) => p.diagnostics.length === 0);
    writeFileSync(yamlPath, yaml('0.0.0.0/0'));
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri(yamlPath), type: 2 }],
    });
    const diags = await s.waitFor(mainPath, (p) => p.diagnostics.length === 1);
    const rel = diags[0]!.relatedInformation ?? [];
    assert.ok(
      rel.some((r) => r.location.uri === uri(yamlPath) && r.location.range.start.line === 2),
      JSON.stringify(rel),
    );
    const actions = await s.codeActions(mainPath, diags[0]!.range, diags);
    const fix = actions.find(
      (a) => a.title === 'Replace 0.0.0.0/0 with trusted 203.0.113.0/24 in access.yaml',
    );
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    // The hover says where the value is written, with a link to that line of the YAML.
    const h = await s.hover(mainPath, diags[0]!.range.start.line, diags[0]!.range.start.character + 1);
    const shown = (h?.contents as { value: string } | undefined)?.value ?? '';
    assert.ok(shown.includes(`written at [access.yaml:3](${uri(yamlPath)}#L3)`), shown);
    assert.deepEqual(fix.edit?.changes?.[uri(yamlPath)], [
      {
        range: { start: { line: 2, character: 10 }, end: { line: 2, character: 19 } },
        newText: '203.0.113.0/24',
      },
    ]);
  });
});

void describe('where the world CIDR is written (tfvars)', () => {
  const rules = ['ssh', 'rdp']
    .map(
      (name, i) => `resource "alicloud_security_group_rule" "${name}" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "${['22/22', '3389/3389'][i]}"
  security_group_id = "sg-1"
  cidr_ip           = var.admin_cidr
}
`,
    )
    .join('');
  const main = `variable "admin_cidr" {}\n${rules}`;
  const tfvars = 'admin_cidr = "0.0.0.0/0"\n';
  let s: Session;
  let mainPath: string;
  let varsPath: string;
  before(async () => {
    ensureBuilt();
    s = await startSession(
      workspace({ 'main.tf': main, 'terraform.tfvars': tfvars }),
      { trustedCidrs: ['203.0.113.0/24'] },
      ['--debounce-ms=0'],
    );
    mainPath = join(s.root, 'main.tf');
    varsPath = join(s.root, 'terraform.tfvars');
    s.open(mainPath, main);
    s.open(varsPath, tfvars);
  });
  after(() => s.close());

  void it('squiggles the value in terraform.tfvars, names the rules, and fixes it there', async () => {
    await s.waitFor(mainPath, (p) => p.diagnostics.length === 2);
    const [d] = await s.waitFor(varsPath, (p) => p.diagnostics.length === 1);
    assert.deepEqual(d!.range, { start: { line: 0, character: 13 }, end: { line: 0, character: 24 } });
    assert.equal(d!.code, 'sg-risky-ports-check');
    assert.match(
      messageOf(d!),
      /^alicloud_security_group_rule\.(ssh|rdp) opens (SSH|RDP) .*: this value is set here; 1 more rule uses it$/,
    );
    assert.deepEqual(
      (d!.relatedInformation ?? []).map((r) => r.location.uri),
      [uri(mainPath), uri(mainPath)],
    );
    const actions = await s.codeActions(varsPath, d!.range, [d!]);
    const fix = actions.find(
      (a) =>
        a.title ===
        'Replace 0.0.0.0/0 with trusted 203.0.113.0/24 (the value is shared: changes 2 rules, alicloud_security_group_rule.rdp, alicloud_security_group_rule.ssh)',
    );
    assert.equal(
      actions.filter((a) => a.title.startsWith('Replace')).length,
      1,
      'one fix, whichever rule asks',
    );
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    const edits = fix.edit?.changes?.[uri(varsPath)] ?? [];
    assert.deepEqual(edits, [
      {
        range: { start: { line: 0, character: 14 }, end: { line: 0, character: 23 } },
        newText: '203.0.113.0/24',
      },
    ]);
    // Applying it clears both the value's squiggle and the rules'.
    s.change(varsPath, 2, undefined, 'admin_cidr = "203.0.113.0/24"\n');
    await s.waitFor(varsPath, (p) => p.diagnostics.length === 0);
    await s.waitFor(mainPath, (p) => p.diagnostics.length === 0);
  });
});
