// "Restrict to a trusted range…" at the protocol level, with no trusted range configured: offered on
// the finding and where its value is written, it suggests the ranges other rules of the workspace
// accept on that port, refuses the world and junk, edits where the value is written, and remembers
// the range in the project's .sg-guard.yaml (created, then extended), after which the plain
// "Replace with trusted" fix is offered.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { RestrictTarget, SuggestResult } from '../../server/src/lsp/protocol';
import { applyEdits, ensureBuilt, startSession, uri, workspace, type Session } from './lsp-client';
import { rule } from './fixtures';

const accepting = (name: string, ports: string, cidr: string): string =>
  rule(
    name,
    `  ip_protocol       = "tcp"\n  port_range        = "${ports}"\n  cidr_ip           = "${cidr}"`,
  );

void describe('Restrict to a trusted range…', () => {
  let s: Session;
  let main: string;
  let tfvars: string;
  let target: RestrictTarget;
  before(async () => {
    ensureBuilt();
    const root = workspace({
      'app/main.tf':
        'variable "admin_cidr" {}\n' +
        rule(
          'ssh',
          '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = var.admin_cidr',
        ),
      'app/terraform.tfvars': 'admin_cidr = "0.0.0.0/0"\n',
      'bastion/main.tf':
        accepting('a', '22/22', '198.51.100.0/24') +
        accepting('b', '20/30', '198.51.100.0/24') +
        accepting('c', '22/22', '192.0.2.0/24') +
        accepting('web', '443/443', '10.9.0.0/16') +
        accepting('wide', '22/22', '0.0.0.0/1'),
    });
    main = join(root, 'app/main.tf');
    tfvars = join(root, 'app/terraform.tfvars');
    s = await startSession(root, {}, ['--debounce-ms=0']);
  });
  after(() => s.close());

  const actionsAt = async (path: string): Promise<{ d: Diagnostic; actions: CodeAction[] }> => {
    const [d] = await s.waitFor(path, (p) => p.diagnostics.length === 1);
    return { d: d!, actions: await s.codeActions(path, d!.range, [d!]) };
  };

  void it('is offered, preferred, at the rule and where the value is written, without any setting', async () => {
    const { actions } = await actionsAt(main);
    const a = actions.find((x) => x.title === 'Restrict to a trusted range…');
    assert.ok(a?.command, JSON.stringify(actions.map((x) => x.title)));
    assert.equal(a.command.command, 'sgGuard.restrictToTrustedRange');
    assert.equal(a.isPreferred, true);
    assert.ok(!actions.some((x) => x.title.startsWith('Replace ')), 'no trusted range configured yet');
    target = a.command.arguments![0] as RestrictTarget;
    assert.equal(target.source, '0.0.0.0/0');
    assert.equal(target.family, 'ipv4');
    assert.equal(target.literal.file, tfvars);
    const atValue = await actionsAt(tfvars);
    assert.ok(atValue.actions.some((x) => x.title === 'Restrict to a trusted range…'));
  });

  void it('suggests the ranges the workspace accepts on that port, most used first', async () => {
    const r = await s.conn.sendRequest<SuggestResult | null>('sgGuard/suggestTrustedRanges', target);
    assert.deepEqual(r?.suggestions, [
      { cidr: '198.51.100.0/24', from: 'workspace', rules: 2 },
      { cidr: '192.0.2.0/24', from: 'workspace', rules: 1 },
    ]);
    assert.equal(r?.configFile, join(s.root, '.sg-guard.yaml'));
  });

  void it('refuses the world, junk, the other family and a range too wide to trust', async () => {
    for (const [cidr, want] of [
      ['0.0.0.0/0', /whole Internet/],
      ['office', /not a CIDR range/],
      ['2001:db8::/32', /is IPv6, but this rule's source is IPv4/],
      ['0.0.0.0/1', /too wide/],
    ] as const) {
      const r = await s.conn.sendRequest<{ problem?: string; edit?: unknown }>('sgGuard/restrict', {
        target,
        cidr,
      });
      assert.match(r.problem ?? '', want, cidr);
      assert.equal(r.edit, undefined);
    }
  });

  void it('edits where the value is written, and the finding goes', async () => {
    const r = await s.conn.sendRequest<{ edit: WorkspaceEdit; cidr: string }>('sgGuard/restrict', {
      target,
      cidr: ' 10.20.0.0/16 ',
    });
    assert.equal(r.cidr, '10.20.0.0/16');
    const edits = r.edit.changes?.[uri(tfvars)] ?? [];
    const text = applyEdits(readFileSync(tfvars, 'utf8'), edits);
    assert.equal(text, 'admin_cidr = "10.20.0.0/16"\n');
    s.open(tfvars, text);
    await s.waitFor(main, (p) => p.diagnostics.length === 0);
  });

  void it('remembers it in a new .sg-guard.yaml, then the plain fix offers it', async () => {
    const config = join(s.root, '.sg-guard.yaml');
    const r = await s.conn.sendRequest<{ edit: WorkspaceEdit; file: string }>(
      'sgGuard/rememberTrustedRange',
      {
        dir: target.dir,
        cidr: '10.20.0.0/16',
      },
    );
    assert.equal(r.file, config);
    const changes = r.edit.documentChanges as { kind?: string; edits?: { newText: string }[] }[];
    assert.equal(changes[0]!.kind, 'create');
    const written = changes[1]!.edits![0]!.newText;
    assert.match(written, /^# SG Guard project configuration/);
    assert.match(written, /\ntrustedCidrs:\n {2}- 10\.20\.0\.0\/16\n$/);
    assert.ok(!existsSync(config), 'the client applies the edit; the server writes nothing');
    writeFileSync(config, written);
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri(config), type: 1 }],
    });
    // Back to the world: the plain fix now names the remembered range.
    s.change(tfvars, 2, undefined, 'admin_cidr = "0.0.0.0/0"\n');
    const { actions } = await actionsAt(main);
    assert.ok(
      actions.some((a) => a.title === 'Replace 0.0.0.0/0 with trusted 10.20.0.0/16 in terraform.tfvars'),
      JSON.stringify(actions.map((a) => a.title)),
    );
    const again = await s.conn.sendRequest<{ already?: boolean }>('sgGuard/rememberTrustedRange', {
      dir: target.dir,
      cidr: '10.20.0.0/16',
    });
    assert.equal(again.already, true);
  });

  void it('adds to an existing config, keeping its comments', async () => {
    const config = join(s.root, '.sg-guard.yaml');
    writeFileSync(
      config,
      '# ours\nports: [22, 3389] # the defaults\ntrustedCidrs:\n  - 10.20.0.0/16 # office\n',
    );
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri(config), type: 2 }],
    });
    const r = await s.conn.sendRequest<{ edit: WorkspaceEdit }>('sgGuard/rememberTrustedRange', {
      dir: target.dir,
      cidr: '192.0.2.0/24',
    });
    const text = applyEdits(readFileSync(config, 'utf8'), r.edit.changes![uri(config)]!);
    assert.equal(
      text,
      '# ours\nports: [22, 3389] # the defaults\ntrustedCidrs:\n  - 10.20.0.0/16 # office\n  - 192.0.2.0/24\n',
    );
  });
});
