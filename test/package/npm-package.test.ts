/**
 * The npm package as a user gets it: the production build (what `prepare` runs when packing) is packed
 * with package.json's `files`, installed into an empty folder with `npm install ./sg-guard-*.tgz`
 * (offline: the package has no runtime dependency to fetch), and `npx sg-guard lint` runs there,
 * loading every lazy bundle (RE2 for regex(), YAML for yamldecode()).
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyPackedFiles } from '../helpers/package-stage';
import { REPO } from '../helpers/paths';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  files: string[];
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
  scripts: Record<string, string>;
  bugs?: { url: string };
  icon?: string;
}

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Manifest;

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' },
  });
}

const ok = (r: SpawnSyncReturns<string>, what: string): string => {
  assert.equal(r.status, 0, `${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

void describe('the npm package', () => {
  let work: string;
  let stage: string;
  let tarball: string;
  let packed: string[];
  let user: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'sg-guard-pack-'));
    stage = join(work, 'stage');
    mkdirSync(stage);
    // What `prepare` builds when the package is packed, written to the stage, not to dist/; the
    // other files as npm selects them from the checkout with package.json's `files`.
    ok(
      run(process.execPath, [join(REPO, 'scripts', 'build.mjs'), '--production', `--outdir=${stage}`], REPO),
      'the production build',
    );
    copyPackedFiles(stage);
    const out = ok(
      run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], stage),
      'npm pack',
    );
    const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, info!.filename);
    packed = info!.files.map((f) => f.path).sort();
    user = join(work, 'user');
    mkdirSync(user);
    writeFileSync(join(user, 'package.json'), '{ "name": "a-user-project", "private": true }\n');
    ok(
      run('npm', ['install', '--offline', '--no-audit', '--no-fund', `../${info!.filename}`], user),
      `npm install ./${info!.filename}`,
    );
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  void it('is publishable: not private, a files list, no runtime dependency, where to report bugs', () => {
    assert.equal(manifest.private, undefined);
    assert.deepEqual(manifest.dependencies ?? {}, {}, 'every bundle inlines its libraries');
    assert.match(manifest.bugs?.url ?? '', /^https:\/\/github\.com\/sg-guard\/sg-guard\/issues$/);
    assert.equal(manifest.scripts['vscode:prepublish'], 'node scripts/build.mjs --production');
    assert.equal(manifest.scripts.prepare, 'node scripts/build.mjs --production');
  });

  // One `files` list for npm and the .vsix (vsce refuses a .vscodeignore beside it): the CLI's
  // bundles, the extension's, and what scaffold and deploy copy.
  void it('ships the bundles, what the extension copies, and its documents; no sources, no maps', () => {
    assert.deepEqual(packed, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'client/src/cloud/media/shield.svg',
      'dist/alicloud-sdks.js',
      'dist/cli.js',
      'dist/diff.js',
      'dist/extension.js',
      'dist/minimatch.js',
      'dist/re2.js',
      'dist/sandbox.js',
      'dist/server-boot.js',
      'dist/server.js',
      'dist/yaml.js',
      'docs/sg-guard.schema.json',
      'media/icon.png',
      'package.json',
      'remediation-fn/dist/code.zip',
      'syntaxes/terraform.tmLanguage.json',
      'templates/README.md',
      'templates/main.tf',
      'templates/outputs.tf',
      'templates/terraform.tfvars.example',
      'templates/variables.tf',
      'templates/versions.tf',
    ]);
    // The production build: minified, no source maps.
    const cli = readFileSync(join(stage, 'dist', 'cli.js'), 'utf8');
    assert.ok(!cli.includes('sourceMappingURL'), 'no source map reference');
    const perLine = cli.length / cli.split('\n').length;
    assert.ok(perLine > 1000, `cli.js has ${perLine.toFixed(0)} characters a line: not minified`);
  });

  void it('npx sg-guard lint runs in the folder it was installed into', () => {
    const tf = join(user, 'infra');
    mkdirSync(tf);
    writeFileSync(
      join(tf, 'main.tf'),
      `locals {
  acl  = yamldecode("cidr: 0.0.0.0/0")
  port = regex("^(\\\\d+)/", "22/22")[0]
}
resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "\${local.port}/\${local.port}"
  security_group_id = "sg-1"
  cidr_ip           = local.acl.cidr
}
`,
    );
    const r = run('npx', ['--no-install', 'sg-guard', 'lint', 'infra'], user);
    assert.equal(r.status, 1, `findings exit 1:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /sg-risky-ports-check/);
    assert.match(r.stdout, /opens SSH \(22\/tcp\) to the whole Internet \(0\.0\.0\.0\/0\)/);
    assert.equal(r.stderr, '');
    assert.equal(
      ok(run('npx', ['--no-install', 'sg-guard', '--version'], user), '--version').trim(),
      manifest.version,
    );
    const installed = readdirSync(join(user, 'node_modules'));
    assert.deepEqual(
      installed.filter((n) => !n.startsWith('.')),
      ['sg-guard'],
      'nothing else installed',
    );
    assert.ok(tarball.endsWith(`${manifest.name}-${manifest.version}.tgz`));
  });
});
