/**
 * `sg-guard lint --fix` and `--fix-dry-run` on every place a world CIDR can be written: inline, a
 * variable default, terraform.tfvars, *.auto.tfvars, a YAML and a JSON data file, CRLF and BOM files;
 * a value shared by two rules says so; downloaded modules and files outside the project are left
 * alone; a second run changes nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lint, lintJson } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

const TRUSTED = ['--trusted-cidr', '203.0.113.0/24'];
const rule = (name: string, cidr: string, port = '22/22', attr = 'cidr_ip'): string =>
  `resource "alicloud_security_group_rule" "${name}" {\n  type              = "ingress"\n  ip_protocol       = "tcp"\n  port_range        = "${port}"\n  security_group_id = "sg-1"\n  ${attr.padEnd(17)} = ${cidr}\n}\n`;
const VAR = (def: string): string => `variable "admin_cidr" {\n  default = ${def}\n}\n`;

/** Every file under `root` (relative path → bytes as text), to compare before and after. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(root, p)] = readFileSync(p, 'latin1');
    }
  };
  walk(root);
  return out;
}

/** Runs --fix, checks the findings went and a second run changes nothing; returns the changed files. */
function fixes(ws: string, args: string[] = []): { stderr: string; changed: Record<string, string> } {
  const before = snapshot(ws);
  const r = lint(['.', '--fix', ...TRUSTED, ...args], ws);
  const after = snapshot(ws);
  const changed: Record<string, string> = {};
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) changed[k] = v;
  const again = lint(['.', '--fix', ...TRUSTED, ...args], ws);
  assert.deepEqual(snapshot(ws), after, 'a second --fix changes nothing');
  assert.match(again.stderr, /--fix found nothing it can change/);
  return { stderr: r.stderr, changed };
}

describe('lint --fix, where the value is written', () => {
  it('inline: only the CIDR changes, alignment and comments kept; the report shows what is left', () => {
    const text = `# office access\n${rule('ssh', '"0.0.0.0/0" # was open')}`;
    const ws = workspace({ 'main.tf': text });
    const r = lint(['.', '--fix', ...TRUSTED], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(ws, 'main.tf'), 'utf8'), text.replace('0.0.0.0/0', '203.0.113.0/24'));
    assert.match(r.stderr, /^sg-guard lint: fixed 1 finding in 1 file: main\.tf$/m);
    assert.match(r.stdout, /0 errors, 0 warnings/);
    assert.deepEqual(lintJson(['.'], ws).findings, []);
  });

  it('a variable default', () => {
    const ws = workspace({ 'main.tf': rule('ssh', 'var.admin_cidr'), 'variables.tf': VAR('"0.0.0.0/0"') });
    assert.deepEqual(fixes(ws).changed, { 'variables.tf': VAR('"203.0.113.0/24"') });
  });

  it('terraform.tfvars and *.auto.tfvars (the one that wins is the one fixed, then the next)', () => {
    const ws = workspace({
      'main.tf': rule('ssh', 'var.admin_cidr'),
      'variables.tf': VAR('"10.0.0.0/8"'),
      'terraform.tfvars': 'admin_cidr = "0.0.0.0/0"   # office\n',
      'prod.auto.tfvars': 'admin_cidr = "0.0.0.0/0"\n',
    });
    const { changed } = fixes(ws);
    assert.deepEqual(changed, { 'prod.auto.tfvars': 'admin_cidr = "203.0.113.0/24"\n' });
    // terraform.tfvars is overridden by the auto file: its value opens nothing, and stays.
  });

  it('a YAML data file read with file() + yamldecode, keeping comments and quoting', () => {
    const yaml =
      '# who may reach SSH\nrules:\n  - name: ssh\n    cidr: 0.0.0.0/0  # temporary\n  - name: web\n    cidr: "10.0.0.0/8"\n';
    const ws = workspace({
      'main.tf': `locals {\n  rules = { for r in yamldecode(file("\${path.module}/access.yaml")).rules : r.name => r }\n}\n${rule('admin', 'each.value.cidr').replace('{\n', '{\n  for_each          = local.rules\n')}`,
      'access.yaml': yaml,
    });
    assert.deepEqual(fixes(ws).changed, { 'access.yaml': yaml.replace('0.0.0.0/0', '203.0.113.0/24') });
  });

  it('a JSON data file read with jsondecode', () => {
    const json = '{\n  "admin": ["10.1.0.0/16", "0.0.0.0/0"]\n}\n';
    const ws = workspace({
      'main.tf': rule('ssh', 'jsondecode(file("cidrs.json")).admin[1]'),
      'cidrs.json': json,
    });
    assert.deepEqual(fixes(ws).changed, { 'cidrs.json': json.replace('0.0.0.0/0', '203.0.113.0/24') });
  });

  it('CRLF and BOM files are written back with their line endings and byte-order mark', () => {
    const crlf = '\ufeff' + rule('ssh', 'var.admin_cidr').replace(/\n/g, '\r\n');
    const vars = '\ufeff' + VAR('"0.0.0.0/0"').replace(/\n/g, '\r\n');
    const ws = workspace({ 'main.tf': crlf, 'variables.tf': vars });
    const { changed } = fixes(ws);
    const want = Buffer.from(vars.replace('0.0.0.0/0', '203.0.113.0/24'), 'utf8').toString('latin1');
    assert.deepEqual(changed, { 'variables.tf': want });
  });

  it('a value shared by two rules is fixed once, and the run says which rules it changes', () => {
    const ws = workspace({
      'main.tf': rule('ssh', 'var.admin_cidr') + rule('web', 'var.admin_cidr', '443/443'),
      'variables.tf': VAR('"0.0.0.0/0"'),
    });
    const { stderr, changed } = fixes(ws);
    assert.deepEqual(Object.keys(changed), ['variables.tf']);
    assert.match(
      stderr,
      /the value at variables\.tf:2:14 is shared: the fix changes 2 rules \(alicloud_security_group_rule\.ssh, alicloud_security_group_rule\.web\)/,
    );
  });

  it('IPv6 sources get an IPv6 trusted range, and are left (saying why) when none is configured', () => {
    const ws = workspace({ 'main.tf': rule('rdp6', '"::/0"', '3389/3389', 'ipv6_cidr_ip') });
    const r = lint(['.', '--fix', ...TRUSTED], ws);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /left main\.tf:6:23 alicloud_security_group_rule\.rdp6 \(sg-risky-ports-check\): no trusted IPv6 range configured/,
    );
    assert.deepEqual(fixes(ws, ['--trusted-cidr', '2001:db8::/32']).changed, {
      'main.tf': rule('rdp6', '"2001:db8::/32"', '3389/3389', 'ipv6_cidr_ip'),
    });
  });
});

describe('lint --fix leaves alone', () => {
  it('a downloaded module (.terraform/), saying so', () => {
    const manifest = JSON.stringify({
      Modules: [
        { Key: '', Source: '', Dir: '.' },
        {
          Key: 'bastion',
          Source: 'git::https://git.example.com/bastion.git',
          Dir: '.terraform/modules/bastion',
        },
      ],
    });
    const ws = workspace({
      'main.tf': 'module "bastion" {\n  source = "git::https://git.example.com/bastion.git"\n}\n',
      '.terraform/modules/modules.json': manifest,
      '.terraform/modules/bastion/main.tf': `variable "cidr" {\n  default = "0.0.0.0/0"\n}\n${rule('ssh', 'var.cidr')}`,
    });
    const before = snapshot(ws);
    const r = lint(['.', '--fix', ...TRUSTED], ws);
    assert.equal(r.code, 1, 'the finding stays');
    assert.deepEqual(snapshot(ws), before);
    assert.match(r.stderr, /: the value is written in a downloaded module \(\.terraform\/\)/);
  });

  it('a file outside the project (a --var-file elsewhere)', () => {
    const outside = workspace({ 'prod.tfvars': 'admin_cidr = "0.0.0.0/0"\n' });
    const ws = workspace({ 'main.tf': rule('ssh', 'var.admin_cidr'), 'variables.tf': VAR('"10.0.0.0/8"') });
    mkdirSync(join(ws, '.git'));
    const r = lint(['.', '--fix', ...TRUSTED, '--var-file', join(outside, 'prod.tfvars')], ws);
    assert.equal(r.code, 1);
    assert.equal(readFileSync(join(outside, 'prod.tfvars'), 'utf8'), 'admin_cidr = "0.0.0.0/0"\n');
    assert.match(r.stderr, /the value is written outside the project/);
  });

  it('everything, when no trusted range is configured, and says how to configure one', () => {
    const ws = workspace({ 'main.tf': rule('ssh', '"0.0.0.0/0"') });
    const before = snapshot(ws);
    const r = lint(['.', '--fix'], ws);
    assert.equal(r.code, 1);
    assert.deepEqual(snapshot(ws), before);
    assert.match(
      r.stderr,
      /--fix changes nothing: no trusted range configured \(add trustedCidrs to \.sg-guard\.yaml, or pass --trusted-cidr/,
    );
  });
});

describe('lint --fix-dry-run', () => {
  it('prints a unified diff that applies, changes nothing, and exits as the fixed run would', () => {
    const ws = workspace({
      'main.tf': rule('ssh', 'var.admin_cidr') + rule('open', '"0.0.0.0/0"', '3389/3389'),
      'variables.tf': VAR('"0.0.0.0/0"'),
    });
    const before = snapshot(ws);
    const r = lint(['.', '--fix-dry-run', ...TRUSTED], ws);
    assert.equal(r.code, 0, 'nothing would be left');
    assert.deepEqual(snapshot(ws), before, 'nothing changed');
    assert.match(r.stdout, /^--- a\/main\.tf\n\+\+\+ b\/main\.tf\n@@ /m);
    assert.ok(
      r.stdout.includes('\n-  cidr_ip           = "0.0.0.0/0"\n+  cidr_ip           = "203.0.113.0/24"\n'),
      r.stdout,
    );
    assert.match(r.stdout, /^--- a\/variables\.tf\n/m);
    assert.match(r.stderr, /would fix 2 findings in 2 files/);
    const check = spawnSync('git', ['apply', '--check', '-'], { cwd: ws, input: r.stdout, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
    spawnSync('git', ['apply', '-'], { cwd: ws, input: r.stdout });
    assert.deepEqual(lintJson(['.'], ws).findings, [], 'applied, the diff fixes everything');
  });
});
