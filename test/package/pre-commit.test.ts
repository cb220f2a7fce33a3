/**
 * .pre-commit-hooks.yaml with the real pre-commit (Debian's `pre-commit`, installed by .ci/run): a hook
 * repository holding that file and the packed package (the production build, as `prepare` builds it
 * when pre-commit installs the hook), used from a project's .pre-commit-config.yaml. A world-open rule
 * fails the hook, the fixed file passes, a commit without Terraform skips it. Building the hook from a
 * source checkout inside pre-commit's environment (npm install + prepare) is not exercised here.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyPackedFiles } from '../helpers/package-stage';
import { REPO } from '../helpers/paths';

const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
// Under CI the tool is installed (.ci/run): its absence is a failure there, not a skip.
const skip =
  !hasPreCommit && process.env.CI !== 'true'
    ? 'pre-commit is not installed (apt-get install pre-commit)'
    : false;

const SSH = (cidr: string): string => `resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = "${cidr}"
}
`;

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
}

function git(cwd: string, ...args: string[]): string {
  const r = sh(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
    cwd,
  );
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

void describe('the pre-commit hook', { skip }, () => {
  let work: string;
  let project: string;
  const run = (...args: string[]): SpawnSyncReturns<string> =>
    sh('pre-commit', ['run', '--color', 'never', ...args], project, { PRE_COMMIT_HOME: join(work, 'cache') });

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'sg-guard-pre-commit-'));
    // The hook repository: .pre-commit-hooks.yaml and the package as it is packed.
    const hooks = join(work, 'hooks');
    mkdirSync(hooks);
    const build = sh(
      process.execPath,
      [join(REPO, 'scripts', 'build.mjs'), '--production', '--only=cli', `--outdir=${hooks}`],
      REPO,
    );
    assert.equal(build.status, 0, build.stderr);
    copyPackedFiles(hooks);
    copyFileSync(join(REPO, '.pre-commit-hooks.yaml'), join(hooks, '.pre-commit-hooks.yaml'));
    // Its scripts build from sources, which this stand-in does not hold: the bundles are built already.
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;
    delete pkg.scripts;
    writeFileSync(join(hooks, 'package.json'), JSON.stringify(pkg, null, 2));
    git(hooks, 'init', '-q');
    git(hooks, 'add', '-A');
    git(hooks, 'commit', '-qm', 'hooks');
    const rev = git(hooks, 'rev-parse', 'HEAD');
    // A project using it.
    project = join(work, 'project');
    mkdirSync(join(project, 'infra'), { recursive: true });
    writeFileSync(
      join(project, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: sg-guard\n`,
    );
    writeFileSync(join(project, 'infra', 'main.tf'), SSH('0.0.0.0/0'));
    writeFileSync(join(project, 'README.md'), '# a project\n');
    git(project, 'init', '-q');
    git(project, 'add', '-A');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  void it('fails on a world-open SSH rule and says which', () => {
    const r = run('--all-files');
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /SG Guard \(security group rules open to the Internet\)\.+Failed/);
    assert.match(
      r.stdout,
      /infra\/main\.tf\n\s+6:23\s+error\s+.*opens SSH \(22\/tcp\).*sg-risky-ports-check/,
    );
  });

  void it('passes once the rule is restricted', () => {
    writeFileSync(join(project, 'infra', 'main.tf'), SSH('10.0.0.0/8'));
    git(project, 'add', '-A');
    const r = run('--all-files');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /SG Guard \(security group rules open to the Internet\)\.+Passed/);
  });

  void it('is skipped when no Terraform file is committed', () => {
    const r = run('--files', 'README.md');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /SG Guard \(security group rules open to the Internet\)\.+\(no files to check\)Skipped/,
    );
  });
});
