// Settings are pulled with workspace/configuration; a change re-lints without a restart. The
// background scan publishes findings for files that were never opened.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { ensureBuilt, messageOf, startSession, uri, workspace, type Session } from './lsp-client';
import { rule } from './fixtures';

const SSH = rule(
  'ssh',
  '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = "0.0.0.0/0"',
);
const HTTP = rule(
  'http',
  '  ip_protocol       = "tcp"\n  port_range        = "8080/8080"\n  cidr_ip           = "0.0.0.0/0"',
);
const UNKNOWN =
  rule('x', '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = var.cidr') +
  'variable "cidr" {}\n';

void describe('settings and the workspace scan', () => {
  let s: Session;
  const settings: Record<string, unknown> = { exclude: ['legacy/**'] };
  before(async () => {
    ensureBuilt();
    s = await startSession(
      workspace({
        'envs/prod/main.tf': SSH + HTTP,
        'legacy/main.tf': SSH,
        'unknown/main.tf': UNKNOWN,
        // Not loaded by Terraform unless asked for (-var-file), nor by us unless varFiles says so.
        'unknown/prod.tfvars': 'cidr = "0.0.0.0/0"\n',
      }),
      settings,
      ['--debounce-ms=0'],
    );
  });
  after(() => s.close());

  const prod = (): string => join(s.root, 'envs/prod/main.tf');
  const changed = async (patch: Record<string, unknown>): Promise<void> => {
    Object.assign(settings, patch);
    await s.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  };

  void it('publishes findings of never-opened files from the background scan, honouring exclude', async () => {
    const diags = await s.waitFor(prod(), (p) => p.diagnostics.length === 1);
    assert.match(messageOf(diags[0]!), /SSH \(22\/tcp\)/);
    await s.waitFor(join(s.root, 'unknown/main.tf'), (p) => p.diagnostics.length === 1);
    assert.equal(s.diagnostics.get(uri(join(s.root, 'legacy/main.tf')))?.diagnostics.length ?? 0, 0);
  });

  void it('reports an info-level "cannot verify" for an unknown value, and drops it when turned off', async () => {
    const file = join(s.root, 'unknown/main.tf');
    const [d] = await s.waitFor(file, (p) => p.diagnostics.length === 1);
    assert.equal(d!.severity, 3);
    assert.match(messageOf(d!), /cannot verify/);
    await changed({ unverifiedInfo: false });
    await s.waitFor(file, (p) => p.diagnostics.length === 0);
    await changed({ unverifiedInfo: true });
    await s.waitFor(file, (p) => p.diagnostics.length === 1);
  });

  void it('re-lints with new risky ports', async () => {
    await changed({ ports: [8080] });
    const diags = await s.waitFor(prod(), (p) => p.diagnostics.some((d) => /8080/.test(messageOf(d))));
    assert.equal(diags.length, 1);
    await changed({ ports: [22, 8080] });
    await s.waitFor(prod(), (p) => p.diagnostics.length === 2);
  });

  void it('applies per-rule severity and off', async () => {
    await changed({ severity: { 'sg-risky-ports-check': 'warning' } });
    const warned = await s.waitFor(prod(), (p) => p.diagnostics.every((d) => d.severity === 2));
    assert.equal(warned.length, 2);
    await changed({ severity: { 'sg-risky-ports-check': 'off' } });
    await s.waitFor(prod(), (p) => p.diagnostics.length === 0);
  });

  void it('lints a newly un-excluded folder when exclude changes', async () => {
    await changed({ severity: {}, exclude: [] });
    await s.waitFor(join(s.root, 'legacy/main.tf'), (p) => p.diagnostics.length === 1);
  });

  void it('answers the lint-workspace request with counts', async () => {
    const r = await s.conn.sendRequest<{ modules: number; findings: number }>('sgGuard/lintWorkspace');
    assert.deepEqual(r, { modules: 3, findings: 3 });
  });

  void it('evaluates every module with the varFiles found in its folder, as -var-file does', async () => {
    const file = join(s.root, 'unknown/main.tf');
    await changed({ varFiles: ['prod.tfvars'] });
    const [d] = await s.waitFor(file, (p) => p.diagnostics.length === 1 && p.diagnostics[0]!.severity === 1);
    assert.match(messageOf(d!), /opens SSH \(22\/tcp\) to the whole Internet \(0\.0\.0\.0\/0\)/);
    const tfvars = uri(join(s.root, 'unknown/prod.tfvars'));
    assert.ok(
      d!.relatedInformation?.some((r) => r.location.uri === tfvars && r.message === 'prod.tfvars: cidr'),
      JSON.stringify(d!.relatedInformation),
    );
    // A module without prod.tfvars is evaluated as before.
    assert.equal(s.diagnostics.get(uri(prod()))?.diagnostics.length, 2);
    await changed({ varFiles: [] });
    await s.waitFor(file, (p) => p.diagnostics.length === 1 && p.diagnostics[0]!.severity === 3);
  });
});
