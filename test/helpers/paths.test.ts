// A test that needs ../shared skips when it is absent on a developer's machine, and fails under CI=true.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO } from './paths';

const dir = mkdtempSync(join(tmpdir(), 'sg-guard-shared-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const probe = join(dir, 'probe.test.ts');
writeFileSync(
  probe,
  [
    "import { test } from 'node:test';",
    `import { needShared, failInCi, sharedMissingReason } from ${JSON.stringify(join(REPO, 'test/helpers/paths'))};`,
    "const absent = '/nonexistent/shared/corpus';",
    "test('needs the corpus', (t) => { if (!needShared(t, absent)) return; });",
    "test('falls back without it', () => { failInCi(sharedMissingReason(absent)); });",
    `import { listFiles } from ${JSON.stringify(join(REPO, 'test/parse/oracle'))};`,
    "test('lists its files', () => { listFiles(absent, () => true); });",
    '',
  ].join('\n'),
);

function run(ci: string | undefined): { status: number | null; out: string } {
  const env = { ...process.env };
  delete env.CI;
  delete env.NODE_TEST_CONTEXT; // else the child's runner thinks it is nested in ours and runs nothing
  if (ci !== undefined) env.CI = ci;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', probe], {
    cwd: REPO,
    env,
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

void describe('tests that need ../shared', () => {
  void it('skip with the reason when CI is not set', () => {
    const r = run(undefined);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /# SKIP \/nonexistent\/shared\/corpus is absent/);
    assert.match(r.out, /# skipped 1/);
  });

  for (const ci of ['true', '1']) {
    void it(`fail, naming what is missing, under CI=${ci}`, () => {
      const r = run(ci);
      assert.equal(r.status, 1, r.out);
      assert.match(r.out, /# fail 3/);
      assert.match(
        r.out,
        /\/nonexistent\/shared\/corpus is absent .*under CI=true a test may not skip for it/,
      );
      assert.match(r.out, /# skipped 0/);
    });
  }

  void it('CI=false is not CI', () => assert.equal(run('false').status, 0));

  void it('point at shared/ beside this checkout, or where SG_GUARD_SHARED says', () => {
    const paths = (shared: string | undefined): unknown => {
      const env = { ...process.env };
      delete env.SG_GUARD_SHARED;
      if (shared !== undefined) env.SG_GUARD_SHARED = shared;
      const print = `const p = require(${JSON.stringify(join(REPO, 'test/helpers/paths'))}); console.log(JSON.stringify([p.CORPUS, p.PEER_FIXTURES]));`;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', print], {
        cwd: REPO,
        env,
        encoding: 'utf8',
      });
      return JSON.parse(r.stdout);
    };
    assert.deepEqual(paths(undefined), [
      join(REPO, '..', 'shared', 'corpus'),
      join(REPO, '..', 'shared', 'peer-fixtures'),
    ]);
    assert.deepEqual(paths('/elsewhere/shared'), [
      '/elsewhere/shared/corpus',
      '/elsewhere/shared/peer-fixtures',
    ]);
  });
});
