// Multi-root workspaces and Restricted Mode at the protocol level: each folder is linted with its own
// settings (resource scope), and an untrusted workspace reads nothing outside its folders — not a
// module source, not a file() argument, not a symlink that leads out — until the client says it is
// trusted.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt, messageOf, startSession, uri, workspace, type Session } from './lsp-client';
import { rule } from './fixtures';

const SSH_AND_HTTP =
  rule(
    'ssh',
    '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = "0.0.0.0/0"',
  ) +
  rule(
    'http',
    '  ip_protocol       = "tcp"\n  port_range        = "8080/8080"\n  cidr_ip           = "0.0.0.0/0"',
  );

void describe('multi-root: each folder with its own settings', () => {
  let s: Session;
  before(async () => {
    ensureBuilt();
    const root = workspace({ 'a/main.tf': SSH_AND_HTTP, 'b/main.tf': SSH_AND_HTTP });
    s = await startSession(root, { ports: [22] }, ['--debounce-ms=0'], {
      folders: [join(root, 'a'), join(root, 'b')],
      folderSettings: { [uri(join(root, 'b'))]: { ports: [8080], exclude: [] } },
    });
  });
  after(() => s.close());

  void it('lints folder a with its ports and folder b with its own', async () => {
    const a = await s.waitFor(join(s.root, 'a/main.tf'), (p) => p.diagnostics.length === 1);
    assert.match(messageOf(a[0]!), /SSH \(22\/tcp\)/);
    const b = await s.waitFor(join(s.root, 'b/main.tf'), (p) => p.diagnostics.length === 1);
    assert.match(messageOf(b[0]!), /8080\/tcp/);
  });
});

void describe('Restricted Mode: nothing outside the workspace folder is read', () => {
  let s: Session;
  let app: string;
  let outside: string;
  before(async () => {
    ensureBuilt();
    const root = workspace({
      'ws/app/main.tf':
        'module "net" {\n  source = "../../outside/mod"\n  cidr   = "0.0.0.0/0"\n}\n' +
        'locals {\n  acl = yamldecode(file("${path.module}/acl.yaml"))\n}\n' +
        rule(
          'r',
          '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = local.acl.cidr',
        ),
      'outside/mod/main.tf':
        'variable "cidr" {}\n' +
        rule(
          'm',
          '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = var.cidr',
        ),
      'outside/acl.yaml': 'cidr: 0.0.0.0/0\n',
      'ws/inside/main.tf': SSH_AND_HTTP,
      // The project (as the CLI sees it) is the repository above the workspace folder.
      '.git/HEAD': 'ref: refs/heads/main\n',
    });
    // A link inside the repository to a file outside it is outside too.
    symlinkSync(join(root, 'outside/acl.yaml'), join(root, 'ws/app/acl.yaml'));
    app = join(root, 'ws/app/main.tf');
    outside = join(root, 'outside');
    s = await startSession(root, {}, ['--debounce-ms=0'], {
      folders: [join(root, 'ws')],
      initializationOptions: { trusted: false },
    });
  });
  after(() => s.close());

  void it('lints what is inside the folder as usual', async () => {
    await s.waitFor(join(s.root, 'ws/inside/main.tf'), (p) => p.diagnostics.length === 1);
  });

  void it('names the files it did not read, and shows no finding from them', async () => {
    const diags = await s.waitFor(app, (p) => p.diagnostics.some((d) => d.code === 'restricted-mode'));
    const note = diags.find((d) => d.code === 'restricted-mode')!;
    assert.equal(note.severity, 2);
    assert.match(messageOf(note), /Restricted Mode: not read, outside the workspace folder: /);
    assert.match(messageOf(note), /\.\.\/\.\.\/outside\/mod/);
    assert.match(messageOf(note), /acl\.yaml/);
    // Neither the module's rule nor the YAML's CIDR reached the analysis: no error-level finding,
    // and the rule that reads the YAML "cannot verify" (fail closed, never clean).
    assert.equal(diags.filter((d) => d.severity === 1).length, 0, JSON.stringify(diags));
    assert.ok(diags.some((d) => d.severity === 3 && /cannot verify/.test(messageOf(d))));
    // The module is there, only not read: nothing says it was not found.
    assert.ok(!diags.some((d) => /not found/.test(messageOf(d))), JSON.stringify(diags.map(messageOf)));
  });

  void it('an open buffer outside the folder is the user’s own text and is linted', async () => {
    const file = join(outside, 'opened/main.tf');
    mkdirSync(join(outside, 'opened'), { recursive: true });
    writeFileSync(file, SSH_AND_HTTP);
    s.open(file, SSH_AND_HTTP);
    await s.waitFor(file, (p) => p.diagnostics.some((d) => /SSH \(22\/tcp\)/.test(messageOf(d))));
  });

  void it('once the workspace is trusted, reads them and reports their findings', async () => {
    await s.conn.sendNotification('sgGuard/workspaceTrusted');
    const diags = await s.waitFor(app, (p) => p.diagnostics.filter((d) => d.severity === 1).length === 2);
    assert.ok(!diags.some((d) => d.code === 'restricted-mode'));
  });
});
