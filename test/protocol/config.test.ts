// The language server reads the same .sg-guard.yaml as the CLI, per module folder, with the editor's
// explicit settings on top; a bad file is a diagnostic on it; a change to it re-lints.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ensureBuilt, startSession, uri, workspace, type Session } from './lsp-client';
import { rule } from './fixtures';

const MYSQL = rule(
  'mysql',
  '  ip_protocol       = "tcp"\n  port_range        = "3306/3306"\n  cidr_ip           = "0.0.0.0/0"',
);
const SSH = rule(
  'ssh',
  '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = "0.0.0.0/0"',
);
const codes = (ds: { code?: unknown; data?: unknown }[]): string[] =>
  ds.map(
    (d) =>
      `${String(d.code)} ${(d.data as { resource?: string } | undefined)?.resource?.split('.')[1] ?? ''}`,
  );

describe('.sg-guard.yaml in the language server', () => {
  const sessions: Session[] = [];
  after(async () => {
    for (const s of sessions) await s.close();
  });
  const start = async (
    files: Record<string, string>,
    settings: Record<string, unknown> = {},
  ): Promise<Session> => {
    ensureBuilt();
    const s = await startSession(workspace(files), settings, ['--debounce-ms=0']);
    sessions.push(s);
    return s;
  };

  it('the folder file decides the ports and severities the editor leaves at their defaults', async () => {
    const s = await start({
      '.sg-guard.yaml': 'ports: [3306]\nseverity: { sg-risky-ports-check: warning }\n',
      'a/main.tf': MYSQL + SSH,
    });
    const main = join(s.root, 'a/main.tf');
    s.open(main, MYSQL + SSH);
    const ds = await s.waitFor(main, (p) => p.diagnostics.length > 0);
    assert.deepEqual(codes(ds), ['sg-risky-ports-check mysql']);
    assert.equal(ds[0]!.severity, 2, 'warning, as the file says');
  });

  it('a setting the user changed wins over the file', async () => {
    const s = await start(
      { '.sg-guard.yaml': 'ports: [3306]\n', 'a/main.tf': MYSQL + SSH },
      { ports: [22, 3389, 8080] },
    );
    const main = join(s.root, 'a/main.tf');
    s.open(main, MYSQL + SSH);
    // (A publish before the settings arrive may use the file alone; the settings then win.)
    const ds = await s.waitFor(main, (p) => codes(p.diagnostics).join() === 'sg-risky-ports-check ssh');
    assert.deepEqual(codes(ds), ['sg-risky-ports-check ssh']);
  });

  it('trustedCidrs from the file feed the quick fix', async () => {
    const s = await start({ '.sg-guard.yaml': 'trustedCidrs: [203.0.113.0/24]\n', 'a/main.tf': SSH });
    const main = join(s.root, 'a/main.tf');
    s.open(main, SSH);
    const [d] = await s.waitFor(main, (p) => p.diagnostics.length > 0);
    const actions = await s.codeActions(main, d!.range, [d!]);
    assert.ok(actions.some((a) => a.title === 'Replace 0.0.0.0/0 with trusted 203.0.113.0/24'));
  });

  it('each setting that checks less is an information on its key, as every CLI report names it', async () => {
    const text = [
      '# hostile or careless: both world rules off, SSH dropped from the ports',
      'severity:',
      '  sg-port-range-valid: error',
      '  sg-risky-ports-check: off',
      '  sg-public-access-check: info',
      'ports: [3389]',
      'exclude:',
      '  - "examples/**"',
      '  - "prod/**"',
    ].join('\n');
    const s = await start({ '.sg-guard.yaml': text, 'a/main.tf': SSH });
    const config = join(s.root, '.sg-guard.yaml');
    const main = join(s.root, 'a/main.tf');
    s.open(main, SSH);
    const ds = await s.waitFor(config, (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      ds.map(
        (d) =>
          `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${d.severity} ${String(d.code)}`,
      ),
      [
        '3:2-22 3 sg-guard-checks-less',
        '4:2-24 3 sg-guard-checks-less',
        '5:0-5 3 sg-guard-checks-less',
        '7:4-17 3 sg-guard-checks-less',
        '8:4-13 3 sg-guard-checks-less',
      ],
    );
    assert.match(
      ds[0]!.message as string,
      /^Checks less: sg-risky-ports-check is not checked in every module/,
    );
    assert.match(ds[1]!.message as string, /sg-public-access-check reports info instead of error/);
    assert.match(ds[2]!.message as string, /port 22 not checked/);
    // The editor's squiggles follow the file, and the file says so.
    assert.deepEqual(codes(await s.waitFor(main, () => true)), []);
  });

  it('a bad file is a diagnostic on it naming the key; fixing it re-lints with it', async () => {
    const s = await start({ '.sg-guard.yaml': 'ports: [22]\nportz: [3306]\n', 'a/main.tf': MYSQL + SSH });
    const config = join(s.root, '.sg-guard.yaml');
    const main = join(s.root, 'a/main.tf');
    s.open(main, MYSQL + SSH);
    const [bad] = await s.waitFor(config, (p) => p.diagnostics.length > 0);
    assert.equal(bad!.range.start.line, 1);
    assert.match(bad!.message as string, /^portz: unknown key \(keys: ports, /);
    // Linted with the defaults meanwhile (never not linted).
    assert.deepEqual(codes(await s.waitFor(main, (p) => p.diagnostics.length > 0)), [
      'sg-risky-ports-check ssh',
    ]);
    writeFileSync(config, 'ports: [3306]\n');
    void s.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri(config), type: 2 }],
    });
    // Fixed: no error left; what it narrows is an information on the line (as the CLI names it).
    const notes = await s.waitFor(
      config,
      (p) => p.diagnostics.length > 0 && p.diagnostics[0]!.severity !== 1,
    );
    assert.deepEqual(
      notes.map((d) => [d.severity, d.code, d.range.start.line]),
      [[3, 'sg-guard-checks-less', 0]],
    );
    const now = await s.waitFor(main, (p) => codes(p.diagnostics).join() === 'sg-risky-ports-check mysql');
    assert.deepEqual(codes(now), ['sg-risky-ports-check mysql']);
  });
});
