/**
 * The shipped binary (dist/cli.js, the package's `bin`): exit codes, and the lazily loaded `lsp` and
 * `sandbox` commands.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/paths';
import { workspace } from '../helpers/workspace';

const CLI = join(REPO, 'dist', 'cli.js');
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: 'utf8' });

/** Starts a long-running command and resolves with its first stdout chunk that satisfies `done`. */
function firstOutput(
  args: string[],
  input: string | undefined,
  done: (out: string) => boolean,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO });
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no answer from sg-guard ${args.join(' ')}: ${out}`));
    }, 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (done(out)) {
        clearTimeout(timer);
        child.kill();
        resolve(out);
      }
    });
    if (input !== undefined) child.stdin.write(input);
  });
}

describe('dist/cli.js', () => {
  before(() => {
    if (!existsSync(CLI))
      spawnSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  });

  it('prints its version and usage; an unknown command exits 2', () => {
    assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+/);
    assert.equal(run(['--help']).status, 0);
    const bad = run(['frobnicate']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown command "frobnicate"/);
  });

  it('--version and --help work for every command, and never start a server', () => {
    const version = run(['--version']).stdout;
    for (const command of ['lint', 'lsp', 'sandbox']) {
      const v = spawnSync(process.execPath, [CLI, command, '--version'], {
        cwd: REPO,
        encoding: 'utf8',
        timeout: 10_000,
      });
      assert.equal(v.status, 0, `${command} --version`);
      assert.equal(v.stdout, version);
      const h = spawnSync(process.execPath, [CLI, command, '--help'], {
        cwd: REPO,
        encoding: 'utf8',
        timeout: 10_000,
      });
      assert.equal(h.status, 0, `${command} --help exits (it does not hang)`);
      assert.match(h.stdout, new RegExp(`^Usage: sg-guard ${command}`));
      assert.equal(run(['help', command]).stdout, h.stdout, `help ${command}`);
    }
    assert.match(run(['help']).stdout, /3 an internal error/);
    const bad = run(['help', 'nope']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown command "nope"/);
  });

  it('runs as a command, the way `npx sg-guard` starts it (executable, shebang)', () => {
    const direct = spawnSync(CLI, ['lint', 'examples/basic'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(direct.error, undefined, String(direct.error));
    assert.equal(direct.status, 1, direct.stderr);
    assert.match(direct.stdout, /sg-risky-ports-check/);
  });

  it('lint exits 1 with findings and 0 on clean input', () => {
    assert.equal(run(['lint', 'examples/basic']).status, 1);
    const clean = workspace({
      'main.tf':
        'resource "alicloud_security_group_rule" "https" {\n  type = "ingress"\n  ip_protocol = "tcp"\n' +
        '  port_range = "443/443"\n  security_group_id = "sg-1"\n  cidr_ip = "0.0.0.0/0"\n}\n',
    });
    assert.equal(run(['lint', clean]).status, 0);
  });

  it('loads the RE2 engine from its own bundle when a file uses a regular expression', () => {
    const dir = workspace({
      'main.tf':
        'resource "alicloud_security_group_rule" "ssh" {\n  type = "ingress"\n  ip_protocol = "tcp"\n' +
        '  port_range = "22/22"\n  security_group_id = "sg-1"\n' +
        '  cidr_ip = replace("0.0.0.0-0", "/(?i)(\\\\d)-(\\\\d)/", "$${1}/$2")\n}\n',
    });
    const r = run(['lint', dir, '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; source: string }[] };
    assert.deepEqual(
      report.findings.map((f) => `${f.ruleId} ${f.source}`),
      ['sg-risky-ports-check 0.0.0.0/0'],
    );
  });

  it('loads the YAML parser and jsdiff from their own bundles: a config file and --fix-dry-run', () => {
    const dir = workspace({
      '.sg-guard.yaml': 'trustedCidrs: [203.0.113.0/24]\n',
      'main.tf':
        'resource "alicloud_security_group_rule" "ssh" {\n  type = "ingress"\n  ip_protocol = "tcp"\n' +
        '  port_range = "22/22"\n  security_group_id = "sg-1"\n  cidr_ip = "0.0.0.0/0"\n}\n',
    });
    const r = spawnSync(process.execPath, [CLI, 'lint', '.', '--fix-dry-run'], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\+ {2}cidr_ip = "203\.0\.113\.0\/24"$/m);
  });

  it('lsp --stdio answers initialize', async () => {
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { processId: null, rootUri: null, capabilities: {} },
    });
    const out = await firstOutput(
      ['lsp', '--stdio'],
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      (o) => o.includes('"serverInfo"'),
    );
    assert.match(out, /"codeActionProvider"/);
  });

  it('sandbox --port 0 prints one JSON line with the endpoint and keys', async () => {
    const out = await firstOutput(['sandbox', '--port', '0', '--seed', 'empty'], undefined, (o) =>
      o.includes('\n'),
    );
    const info = JSON.parse(out.split('\n')[0]!) as {
      endpoint: string;
      accessKeyId: string;
      regions: string[];
    };
    assert.match(info.endpoint, /^127\.0\.0\.1:\d+$/);
    assert.ok(info.accessKeyId.length > 0);
    assert.ok(info.regions.length >= 3);
  });
});
