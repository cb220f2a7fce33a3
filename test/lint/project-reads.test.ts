/**
 * Reads stay inside the project and stay small (issue 11, class 4): `file()`, `fileexists()`,
 * `templatefile()`, `fileset()` and data files read only regular files inside the project (the
 * enclosing git work tree or the folder holding `.sg-guard.yaml`, else the linted folder), at most
 * 1 MiB by default. Anything else is "cannot verify: reads a file outside the project" (or "too
 * large"), and its text is never read, never printed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lint, lintJson, runBinary } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

const rule = (cidr: string, port = '"22/22"'): string => `resource "alicloud_security_group_rule" "r" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = ${port}
  security_group_id = "sg-1"
  cidr_ip           = ${cidr}
}
`;

const SECRET = 'TOP-SECRET-VALUE-0123456789';

function everyFormat(args: string[], cwd: string): string {
  return ['text', 'json', 'sarif', 'junit', 'gitlab']
    .map((f) => {
      const r = lint([...args, '--format', f], cwd);
      return r.stdout + r.stderr;
    })
    .join('\n');
}

describe('reads inside the project', () => {
  it('file() outside the linted folder (no repository around it) is cannot verify, never read', () => {
    const outer = workspace({
      'secret.txt': `${SECRET}\n`,
      'infra/main.tf': rule('trimspace(file("../secret.txt"))'),
    });
    const infra = join(outer, 'infra');
    const report = lintJson(['.'], infra);
    assert.equal(report.findings.length, 0);
    assert.equal(report.unverified.length, 1);
    assert.match(report.unverified[0]!.message, /cannot verify: reads a file outside the project/);
    assert.ok(!everyFormat(['.'], infra).includes(SECRET), 'the secret was printed');
  });

  it('an absolute path, /proc and /dev are outside: never opened, never printed', () => {
    const dir = workspace({
      'main.tf':
        rule('trimspace(file("/etc/hostname"))') +
        rule('file("/proc/self/environ")', 'file("/dev/zero")').replace('"r"', '"s"'),
    });
    const r = runBinary(['lint', '.', '--format', 'json'], dir, {
      env: { ...process.env, SG_GUARD_CANARY: SECRET },
    });
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET), 'the environment was printed');
    const report = JSON.parse(r.stdout) as { unverified: { message: string }[] };
    assert.ok(report.unverified.length >= 2);
    for (const u of report.unverified) assert.match(u.message, /reads a file outside the project/);
  });

  it('a sibling folder of the same git work tree is inside: ../shared/x.yaml is read', () => {
    const repo = workspace({
      'shared/admin.yaml': 'cidr: 0.0.0.0/0\n',
      'infra/main.tf': rule('yamldecode(file("${path.module}/../shared/admin.yaml")).cidr'),
    });
    mkdirSync(join(repo, '.git'));
    const report = lintJson(['.'], join(repo, 'infra'));
    assert.equal(report.findings.length, 1, JSON.stringify(report));
    assert.equal(report.findings[0]!.ruleId, 'sg-risky-ports-check');
  });

  it('the folder holding .sg-guard.yaml bounds the project like a work tree', () => {
    const outer = workspace({
      'secret.txt': `${SECRET}\n`,
      'proj/.sg-guard.yaml': '{}\n',
      'proj/shared/admin.txt': '0.0.0.0/0\n',
      'proj/infra/main.tf':
        rule('trimspace(file("../shared/admin.txt"))') +
        rule('trimspace(file("../../secret.txt"))').replace('"r"', '"s"'),
    });
    const report = lintJson(['.'], join(outer, 'proj', 'infra'));
    assert.equal(report.findings.length, 1);
    assert.equal(report.unverified.length, 1);
    assert.match(report.unverified[0]!.message, /outside the project/);
  });

  it('a link inside the project to a file outside it is outside', () => {
    const outer = workspace({
      'secret.txt': `${SECRET}\n`,
      'infra/main.tf': rule('trimspace(file("data.txt"))'),
    });
    symlinkSync(join(outer, 'secret.txt'), join(outer, 'infra', 'data.txt'));
    const infra = join(outer, 'infra');
    const report = lintJson(['.'], infra);
    assert.equal(report.unverified.length, 1);
    assert.match(report.unverified[0]!.message, /outside the project/);
    assert.ok(!everyFormat(['.'], infra).includes(SECRET));
  });

  it('a file in a folder linked to one outside is outside; in a folder linked inside, it is read', () => {
    // A file that is not a link lies where its folder really is (resolved once per folder and run).
    const outer = workspace({
      'secret/data.txt': `${SECRET}\n`,
      'infra/cidrs/data.txt': '0.0.0.0/0\n',
      'infra/main.tf':
        rule('trimspace(file("${path.module}/out/data.txt"))') +
        rule('trimspace(file("${path.module}/in/data.txt"))').replace('"r"', '"s"'),
    });
    symlinkSync(join(outer, 'secret'), join(outer, 'infra', 'out'));
    symlinkSync(join(outer, 'infra', 'cidrs'), join(outer, 'infra', 'in'));
    const infra = join(outer, 'infra');
    const run = lint(['.', '--format', 'json'], infra);
    // The folder linked outside is also named (not searched for modules): the run fails.
    assert.equal(run.code, 2);
    assert.match(run.stderr, /out: links outside the project/);
    const report = JSON.parse(run.stdout) as ReturnType<typeof lintJson>;
    assert.deepEqual(
      report.findings.map((f) => f.resource),
      ['alicloud_security_group_rule.s'],
    );
    assert.equal(report.unverified.length, 1);
    assert.match(report.unverified[0]!.message, /outside the project/);
    assert.ok(!everyFormat(['.'], infra).includes(SECRET));
  });

  it('a data file over 1 MiB is too large: cannot verify, never read', () => {
    const dir = workspace({
      'main.tf': rule('yamldecode(file("big.yaml")).cidr'),
      'big.yaml': `cidr: 0.0.0.0/0\npad: "${'x'.repeat(1 << 20)}"\n`,
    });
    const report = lintJson(['.'], dir);
    assert.equal(report.findings.length, 0);
    assert.match(report.unverified[0]?.message ?? '', /cannot verify: reads a file larger than 1 MiB/);
  });

  it('the size limit is configurable: maxFileBytes in .sg-guard.yaml', () => {
    const yaml = `cidr: 0.0.0.0/0\npad: "${'x'.repeat(10_000)}"\n`;
    const dir = workspace({
      '.sg-guard.yaml': 'maxFileBytes: 4 KiB\n',
      'main.tf': rule('yamldecode(file("data.yaml")).cidr'),
      'data.yaml': yaml,
    });
    const report = lintJson(['.'], dir);
    assert.equal(report.findings.length, 0);
    assert.match(report.unverified[0]?.message ?? '', /reads a file larger than 4 KiB/);
    const bigger = workspace({
      '.sg-guard.yaml': 'maxFileBytes: 64 KiB\n',
      'main.tf': rule('yamldecode(file("data.yaml")).cidr'),
      'data.yaml': yaml,
    });
    assert.equal(lintJson(['.'], bigger).findings.length, 1);
  });

  it('fileexists() outside the project is unknown, not false', () => {
    const dir = workspace({
      'main.tf': rule('fileexists("/etc/passwd") ? "10.0.0.0/8" : "0.0.0.0/0"'),
    });
    const report = lintJson(['.'], dir);
    assert.equal(report.findings.length, 0);
    assert.match(report.unverified[0]?.message ?? '', /outside the project/);
  });

  it('a FIFO data file is never opened (the run ends) and is named', () => {
    const dir = workspace({ 'main.tf': rule('trimspace(file("pipe.txt"))') });
    spawnSync('mkfifo', [join(dir, 'pipe.txt')]);
    const r = runBinary(['lint', '.', '--format', 'json'], dir);
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /pipe\.txt.*FIFO/);
  });

  it('.terraform/modules/modules.json pointing at /proc or /dev is never followed', () => {
    const dir = workspace({
      'main.tf': 'module "m" {\n  source = "registry.example/x/y"\n}\n',
      '.terraform/modules/modules.json': JSON.stringify({
        Modules: [{ Key: 'm', Source: 'x', Dir: '/proc/self' }],
      }),
    });
    writeFileSync(join(dir, 'extra.tf'), rule('"10.0.0.0/8"'));
    const r = runBinary(['lint', '.', '--format', 'json'], dir);
    assert.equal(r.error, undefined, String(r.error));
    assert.notEqual(r.status, 3, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: { message: string }[] };
    assert.ok(
      report.findings.some((f) => /outside the project/.test(f.message)),
      JSON.stringify(report.findings),
    );
  });
});
