/**
 * Nothing is skipped silently (issue 11, class 3): a Terraform file that is a symlink is read through
 * it; one that cannot be read (permission, dangling or looping link, FIFO, socket, device, nested too
 * deep) is named on stderr and in every report format, and the run exits 2. Non-regular files are
 * never opened: a FIFO named main.tf must not block the run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lint, runBinary } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

const SSH = (name: string): string => `resource "alicloud_security_group_rule" "${name}" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0"
}
`;

const runCli = (args: string[], cwd: string, uid?: number) =>
  runBinary(['lint', ...args], cwd, uid !== undefined ? { uid } : {});

import { FORMATS } from '../../server/src/cli/options';

describe('symbolic links are followed', () => {
  it('a .tf file that links to a file is read through the link, in a folder with nothing else', () => {
    const root = workspace({ 'shared/rules.tf.txt': SSH('linked') });
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'env'));
    symlinkSync(join(root, 'shared/rules.tf.txt'), join(root, 'env/main.tf'));
    const r = lint(['env', '--format', 'json'], root);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: { resource: string; file: string }[] };
    assert.deepEqual(
      report.findings.map((f) => `${f.file} ${f.resource}`),
      ['env/main.tf alicloud_security_group_rule.linked'],
    );
  });

  it('a folder reached through a link is linted; a link loop of folders is named, not followed forever', () => {
    const root = workspace({ 'real/main.tf': SSH('through_dir_link'), 'proj/main.tf': SSH('own') });
    mkdirSync(join(root, '.git'));
    symlinkSync(join(root, 'real'), join(root, 'proj/alias'));
    mkdirSync(join(root, 'proj/loop'));
    symlinkSync(join(root, 'proj/loop'), join(root, 'proj/loop/again'));
    const r = lint(['proj', '--format', 'json'], root);
    const report = JSON.parse(r.stdout) as { findings: { resource: string }[] };
    assert.ok(report.findings.some((f) => f.resource === 'alicloud_security_group_rule.through_dir_link'));
    assert.notEqual(r.code, 3);
  });
});

describe('unreadable Terraform files are named and fail the run', () => {
  let root: string;
  let server: Server;
  before(async () => {
    root = workspace({
      'main.tf': SSH('visible'),
      'sub/ok.tf': SSH('sub'),
    });
    symlinkSync(join(root, 'nowhere.tf'), join(root, 'dangling.tf'));
    symlinkSync(join(root, 'loop.tf'), join(root, 'loop.tf'));
    spawnSync('mkfifo', [join(root, 'pipe.tf')]);
    server = createServer();
    await new Promise<void>((r) => server.listen(join(root, 'sock.tf'), r));
    let deep = join(root, 'deep');
    for (let i = 0; i < 60; i++) deep = join(deep, `d${i}`);
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'main.tf'), SSH('deep'));
  });
  after(() => server.close());

  const expected = ['dangling.tf', 'deep/d0/d1/d2/d3/d4/d5/d6/d7/d8/d9', 'loop.tf', 'pipe.tf', 'sock.tf'];

  for (const format of FORMATS) {
    it(`--format ${format}: each is named on stderr and in the report; exit 2; never blocks`, () => {
      const r = runCli(['.', '--format', format], root);
      assert.equal(r.error, undefined, `the run did not end: ${String(r.error)}`);
      assert.equal(r.status, 2, r.stderr);
      for (const name of expected) {
        assert.ok(
          r.stderr.split('\n').some((l) => l.includes(name)),
          `${name} not named on stderr:\n${r.stderr}`,
        );
        assert.ok(r.stdout.includes(name), `${name} not in the ${format} report`);
      }
      // Findings are still reported.
      assert.ok(r.stdout.includes('alicloud_security_group_rule.visible'));
    });
  }

  it('says why: a dangling link, a loop, a FIFO, a socket, a folder nested too deeply', () => {
    const r = lint(['.', '--format', 'json'], root);
    const report = JSON.parse(r.stdout) as { unreadable: { file: string; reason: string }[] };
    const why = Object.fromEntries(report.unreadable.map((u) => [u.file, u.reason]));
    assert.match(why['dangling.tf'] ?? '', /dangling symbolic link/);
    assert.match(why['loop.tf'] ?? '', /symbolic link loop/);
    assert.match(why['pipe.tf'] ?? '', /FIFO/);
    assert.match(why['sock.tf'] ?? '', /socket/);
    const deep = report.unreadable.find((u) => u.file.startsWith('deep/'));
    assert.match(deep?.reason ?? '', /nested more than \d+ folders deep/);
  });

  it('a file it may not read (permission) is named too', (t) => {
    const dir = workspace({ 'main.tf': SSH('a'), 'secret.tf': SSH('b') });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'secret.tf'), 0o000);
    const asRoot = process.getuid?.() === 0;
    if (!asRoot && process.getuid === undefined) return t.skip('no POSIX permissions here');
    // Root reads anything: run the binary as nobody.
    const r = runCli(['.', '--format', 'json'], dir, asRoot ? 65534 : undefined);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /secret\.tf.*permission denied/);
    const report = JSON.parse(r.stdout) as { unreadable: { file: string; reason: string }[] };
    assert.deepEqual(report.unreadable, [{ file: 'secret.tf', reason: 'permission denied' }]);
  });

  it('a device is never opened: a .tf link to /dev/zero is named', () => {
    const dir = workspace({ 'main.tf': SSH('a') });
    symlinkSync('/dev/zero', join(dir, 'zero.tf'));
    const r = runCli(['.', '--format', 'json'], dir);
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /zero\.tf/);
  });
});
