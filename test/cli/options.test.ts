/**
 * The lint options that shape the report rather than the analysis: severity threshold, unverified
 * findings, colour, --output, --help. Each against the examples folder, whose findings are known.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLint } from '../../server/src/cli/lint-command';
import { REPO } from '../helpers/paths';
import { lint, lintJson } from '../helpers/run-cli';

const ESC = '\u001b[';

/** A run with a terminal (or not) on stdout. */
function lintOnTerminal(args: string[], env: NodeJS.ProcessEnv = {}): string {
  let stdout = '';
  runLint(args, { stdout: (s) => (stdout += s), stderr: () => {}, isTTY: true, env, cwd: REPO }, 'test');
  return stdout;
}

describe('lint options', () => {
  const all = lintJson(['examples'], REPO);

  it('--severity keeps findings at or above the threshold; the exit code follows what is kept', () => {
    assert.ok(
      all.findings.some((f) => f.severity === 'info'),
      'the examples have an info to drop',
    );
    assert.ok(all.unverified.length > 0, 'and an unverified info');
    const errors = lintJson(['examples', '--severity', 'error'], REPO);
    assert.deepEqual(
      errors.findings,
      all.findings.filter((f) => f.severity === 'error'),
    );
    assert.deepEqual(errors.unverified, [], 'unverified findings are infos');
    assert.equal(errors.code, 1);
    const warnings = lintJson(['examples', '--severity', 'warning'], REPO);
    assert.deepEqual(
      warnings.findings,
      all.findings.filter((f) => f.severity !== 'info'),
    );
    // basic/shadowed.tf has only an info (a shadowed rule): nothing is left, and the run passes.
    const onlyInfo = lintJson(['examples/basic/shadowed.tf', '--severity', 'warning'], REPO);
    assert.deepEqual(onlyInfo.findings, []);
    assert.equal(onlyInfo.code, 0);
  });

  it('--no-unverified drops "cannot verify" findings and nothing else', () => {
    const r = lintJson(['examples', '--no-unverified'], REPO);
    assert.deepEqual(r.unverified, []);
    assert.deepEqual(r.findings, all.findings);
    assert.equal(r.suppressed, all.suppressed);
  });

  it('colour on a terminal, none when piped, NO_COLOR honoured, and the flags override both', () => {
    assert.ok(lintOnTerminal(['examples/basic']).includes(`${ESC}31merror`));
    assert.ok(!lint(['examples/basic'], REPO).stdout.includes(ESC));
    assert.ok(!lintOnTerminal(['examples/basic'], { NO_COLOR: '1' }).includes(ESC));
    assert.ok(!lintOnTerminal(['examples/basic', '--no-color']).includes(ESC));
    assert.ok(lint(['examples/basic', '--color'], REPO).stdout.includes(`${ESC}31merror`));
    // Colour never changes the words: stripped, the two reports are the same.
    const strip = (s: string): string =>
      s
        .split(ESC)
        .map((part, i) => (i === 0 ? part : part.replace(/^\d+m/, '')))
        .join('');
    assert.equal(strip(lintOnTerminal(['examples/basic'])), lint(['examples/basic'], REPO).stdout);
  });

  it('--output writes the report to a file instead of stdout; an unwritable one exits 2 and says why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-guard-output-'));
    const file = join(dir, 'report.sarif');
    const r = lint(['examples/basic', '--format', 'sarif', '--output', file], REPO);
    assert.equal(r.code, 1, 'findings still fail the run');
    assert.equal(r.stdout, '');
    const sarif = JSON.parse(readFileSync(file, 'utf8')) as {
      version: string;
      runs: { results: unknown[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0]!.results.length > 0);

    const bad = lint(['examples/basic', '--output', join(dir, 'missing', 'report.txt')], REPO);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^sg-guard lint: cannot write --output .*missing.*report\.txt: ENOENT/);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
  });

  it('--exclude skips folders and files matching a glob, relative to the current directory', () => {
    const files = (r: { findings: { file: string }[] }): string[] =>
      [...new Set(r.findings.map((f) => f.file))].sort();
    const withoutBasic = lintJson(
      [
        'examples',
        '--exclude',
        'examples/basic/**',
        '--exclude',
        '**/suppressions',
        '--exclude',
        '**/*.ros.yaml',
      ],
      REPO,
    );
    assert.deepEqual(
      files(withoutBasic),
      files(all).filter(
        (f) =>
          !f.startsWith('examples/basic/') &&
          !f.startsWith('examples/suppressions/') &&
          !f.endsWith('.ros.yaml'),
      ),
    );
    assert.equal(withoutBasic.suppressed, 0, 'the suppressed findings were in the excluded folder');
    const oneFile = lintJson(['examples', '--exclude', 'examples/basic/main.tf'], REPO);
    assert.ok(oneFile.findings.some((f) => f.file === 'examples/basic/shadowed.tf'));
    assert.ok(!oneFile.findings.some((f) => f.file === 'examples/basic/main.tf'));
    assert.equal(lint(['examples', '--exclude'], REPO).code, 2);
  });

  it('--help prints the usage and exits 0; an option without its value exits 2', () => {
    const help = lint(['--help'], REPO);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /sg-guard lint \[PATH\.\.\.\]/);
    for (const option of ['--output', '--severity', '--var', '--ports']) {
      const r = lint(['examples', option], REPO);
      assert.equal(r.code, 2, option);
      assert.match(r.stderr, new RegExp(`${option} needs a value`));
    }
    assert.match(
      lint(['examples', '--severity', 'fatal'], REPO).stderr,
      /--severity must be error, warning or info/,
    );
    assert.match(lint(['examples', '--disable', 'nope'], REPO).stderr, /unknown rule "nope"/);
  });
});
