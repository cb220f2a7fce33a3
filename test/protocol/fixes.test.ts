// Quick fixes: each action's edit, applied as the editor would, makes that finding go away.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits, ensureBuilt, messageOf, startSession, workspace, type Session } from './lsp-client';
import { rule, SSH_VIA_VAR, variables } from './fixtures';

const TRUSTED = ['203.0.113.0/24', '2001:db8::/32'];

/** Applies a code action to open buffers (opening files as needed) and returns the new versions. */
class Editor {
  private readonly buffers = new Map<string, { text: string; version: number }>();
  constructor(private readonly s: Session) {}
  open(path: string): void {
    const text = readFileSync(path, 'utf8');
    this.buffers.set(path, { text, version: 1 });
    this.s.open(path, text);
  }
  text(path: string): string {
    return this.buffers.get(path)!.text;
  }
  apply(action: CodeAction): string[] {
    const changed: string[] = [];
    for (const [u, edits] of Object.entries(action.edit?.changes ?? {})) {
      const path = fileURLToPath(u);
      if (!this.buffers.has(path)) this.open(path);
      const b = this.buffers.get(path)!;
      b.text = applyEdits(b.text, edits);
      b.version++;
      this.s.change(path, b.version, undefined, b.text);
      changed.push(path);
    }
    return changed;
  }
}

async function fixesFor(
  s: Session,
  path: string,
  pred: (d: Diagnostic) => boolean,
): Promise<{ d: Diagnostic; actions: CodeAction[] }> {
  const diags = await s.waitFor(path, (p) => p.diagnostics.some(pred));
  const d = diags.find(pred)!;
  const actions = await s.codeActions(path, d.range, [d]);
  return { d, actions };
}

const world = rule(
  'ssh',
  '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = "0.0.0.0/0"',
);
const world6 = rule(
  'rdp6',
  '  ip_protocol       = "tcp"\n  port_range        = "3389/3389"\n  ipv6_cidr_ip      = "::/0"',
);
const all = rule('all', '  ip_protocol       = "all"\n  cidr_ip           = "0.0.0.0/0"');
const wide = rule(
  'wide',
  '  ip_protocol       = "tcp"\n  port_range        = "1/65535"\n  cidr_ip           = "0.0.0.0/0"',
);

void describe('quick fixes', () => {
  let s: Session;
  before(async () => {
    ensureBuilt();
    s = await startSession(
      workspace({
        'inline/main.tf': world,
        'ipv6/main.tf': world6,
        'default/main.tf': SSH_VIA_VAR,
        'default/variables.tf': variables('0.0.0.0/0'),
        'tfvars/main.tf': SSH_VIA_VAR,
        'tfvars/variables.tf': variables('10.0.0.0/8'),
        'tfvars/terraform.tfvars': 'admin_cidr = "0.0.0.0/0" # office only\n',
        'suppress/main.tf': `locals {\n  x = 1\n}\n\n${world}`,
        'all/main.tf': all,
        'wide/main.tf': wide,
      }),
      { trustedCidrs: TRUSTED },
      ['--debounce-ms=0'],
    );
  });
  after(() => s.close());

  const isRisky = (d: Diagnostic): boolean => d.code === 'sg-risky-ports-check';

  void it('replaces an inline world CIDR with a trusted one, and the diagnostic goes', async () => {
    const main = join(s.root, 'inline/main.tf');
    const ed = new Editor(s);
    ed.open(main);
    const { actions } = await fixesFor(s, main, isRisky);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Replace 0.0.0.0/0 with trusted 203.0.113.0/24'), titles.join('\n'));
    assert.ok(!titles.some((t) => t.includes('2001:db8::/32')), 'no IPv6 range offered for an IPv4 source');
    assert.ok(!titles.some((t) => t.startsWith('Narrow')), 'nothing to narrow on 22/22');
    assert.ok(actions.every((a) => a.kind === 'quickfix'));
    ed.apply(actions.find((a) => a.title.startsWith('Replace'))!);
    assert.match(ed.text(main), /cidr_ip {11}= "203\.0\.113\.0\/24"/);
    assert.deepEqual(await s.waitFor(main, (p) => p.version === 2), []);
  });

  void it('offers only IPv6 trusted ranges for ipv6_cidr_ip', async () => {
    const main = join(s.root, 'ipv6/main.tf');
    const ed = new Editor(s);
    ed.open(main);
    const { actions } = await fixesFor(s, main, isRisky);
    const replace = actions.filter((a) => a.title.startsWith('Replace'));
    assert.deepEqual(
      replace.map((a) => a.title),
      ['Replace ::/0 with trusted 2001:db8::/32'],
    );
    ed.apply(replace[0]!);
    assert.deepEqual(await s.waitFor(main, (p) => p.version === 2), []);
  });

  void it('edits the variable default where the value comes from', async () => {
    const main = join(s.root, 'default/main.tf');
    const vars = join(s.root, 'default/variables.tf');
    const ed = new Editor(s);
    ed.open(main);
    const { actions } = await fixesFor(s, main, isRisky);
    const a = actions.find(
      (x) => x.title === 'Replace 0.0.0.0/0 with trusted 203.0.113.0/24 in variables.tf',
    )!;
    assert.ok(a, actions.map((x) => x.title).join('\n'));
    assert.deepEqual(ed.apply(a), [vars]);
    assert.equal(ed.text(vars), variables('203.0.113.0/24'));
    assert.deepEqual(await s.waitFor(main, (p) => p.diagnostics.length === 0), []);
  });

  void it('edits the tfvars entry, keeping its comment', async () => {
    const main = join(s.root, 'tfvars/main.tf');
    const tfvars = join(s.root, 'tfvars/terraform.tfvars');
    const ed = new Editor(s);
    ed.open(main);
    const { actions } = await fixesFor(s, main, isRisky);
    const a = actions.find(
      (x) => x.title.endsWith('in terraform.tfvars') && x.title.includes('203.0.113.0/24'),
    )!;
    assert.ok(a, actions.map((x) => x.title).join('\n'));
    ed.apply(a);
    assert.equal(ed.text(tfvars), 'admin_cidr = "203.0.113.0/24" # office only\n');
    assert.deepEqual(await s.waitFor(main, (p) => p.diagnostics.length === 0), []);
  });

  void it('adds a suppression comment with a reason placeholder and an expiry 30 days out above the block', async () => {
    const main = join(s.root, 'suppress/main.tf');
    const ed = new Editor(s);
    ed.open(main);
    const in30Days = (): string => new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
    const early = in30Days();
    const { actions } = await fixesFor(s, main, isRisky);
    const late = in30Days(); // (differs from `early` only if the request crossed midnight UTC)
    const a = actions.find((x) => x.title.startsWith('Suppress sg-risky-ports-check'))!;
    assert.ok(a);
    ed.apply(a);
    const lines = ed.text(main).split('\n');
    const at = lines.findIndex((l) => l.startsWith('resource'));
    assert.match(
      lines[at - 1]!,
      new RegExp(`^# sg-guard:ignore sg-risky-ports-check exp:(${early}|${late}) -- TODO: `),
    );
    assert.deepEqual(await s.waitFor(main, (p) => p.version === 2), []);
  });

  void it('narrows protocol all to tcp on a range that leaves the risky ports out', async () => {
    const main = join(s.root, 'all/main.tf');
    const ed = new Editor(s);
    ed.open(main);
    const { actions } = await fixesFor(s, main, (d) => d.code === 'sg-public-access-check');
    const narrow = actions.filter((a) => a.title.startsWith('Change to tcp'));
    assert.deepEqual(
      narrow.map((a) => a.title),
      [
        'Change to tcp 3390/65535 only: closes other protocols and tcp 1-3389, including SSH 22, RDP 3389',
        'Change to tcp 23/3388 only: closes other protocols and tcp 1-22 and 3389-65535, including SSH 22, RDP 3389',
        'Change to tcp 1/21 only: closes other protocols and tcp 22-65535, including SSH 22, RDP 3389',
      ],
    );
    ed.apply(narrow[0]!);
    assert.match(ed.text(main), /ip_protocol {7}= "tcp"\n {2}port_range = "3390\/65535"\n/);
    assert.deepEqual(await s.waitFor(main, (p) => p.version === 2), []);
  });

  void it('shows a world-open every-port rule once, naming the risky ports; one Suppress covers both rules', async () => {
    const main = join(s.root, 'wide/main.tf');
    const ed = new Editor(s);
    ed.open(main);
    const first = await s.waitFor(main, (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      first.map((d) => `${String(d.code)}: ${messageOf(d)}`),
      [
        'sg-public-access-check: opens every tcp port to the whole Internet (0.0.0.0/0), SSH (22/tcp) and RDP (3389/tcp) among them',
      ],
    );
    const { actions } = await fixesFor(s, main, (d) => d.code === 'sg-public-access-check');
    const suppress = actions.filter((a) => a.title.startsWith('Suppress'));
    assert.equal(suppress.length, 1);
    assert.match(suppress[0]!.title, /^Suppress sg-public-access-check, sg-risky-ports-check for /);
    const comment = Object.values(suppress[0]!.edit!.changes!)[0]![0]!.newText;
    assert.match(comment, /^# sg-guard:ignore sg-public-access-check,sg-risky-ports-check exp:/);
  });

  void it('narrows a 1/65535 tcp range, and both the risky-port and every-port findings go', async () => {
    const main = join(s.root, 'wide/main.tf');
    const ed = new Editor(s);
    ed.open(main);
    const { actions } = await fixesFor(s, main, (d) => d.code === 'sg-public-access-check');
    const a = actions.find(
      (x) => x.title === 'Narrow port_range to 3390/65535: closes 1-3389, including SSH 22, RDP 3389',
    )!;
    assert.ok(a, actions.map((x) => x.title).join('\n'));
    ed.apply(a);
    assert.match(ed.text(main), /port_range {8}= "3390\/65535"/);
    assert.deepEqual(await s.waitFor(main, (p) => p.version === 2), []);
  });
});
