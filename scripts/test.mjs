// The one test command (README, .ci/run): static checks, build, then every test suite.
// Unit, protocol and sandbox tests run under node's test runner; real-editor tests last.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const skipEditor = args.includes('--no-editor') || process.env.SG_GUARD_SKIP_EDITOR_TESTS === '1';
const skipStatic = args.includes('--no-static');

function run(title, cmd, cmdArgs, opts = {}) {
  console.log(`\n== ${title}: ${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

function findTests(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures' || name === '.tmp' || name === 'e2e') continue;
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/**
 * `npm test` must leave the checkout as it found it: no committed file rewritten, no stray file
 * left outside the ignored folders. Compares `git status` before and after (a checkout with local
 * edits is compared against itself); skipped outside a git work tree.
 */
function checkoutState() {
  const r = spawnSync('git', ['status', '--porcelain=v1', '-z'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const entries = r.stdout.split('\0').filter(Boolean);
  const hash = spawnSync('git', ['diff', 'HEAD', '--no-ext-diff', '--binary'], {
    cwd: root,
    encoding: 'buffer',
    maxBuffer: 1 << 30,
  });
  return { entries, diff: hash.stdout?.toString('base64') ?? '' };
}
const before = checkoutState();
process.on('exit', (code) => {
  if (code !== 0 || !before) return;
  const after = checkoutState();
  if (!after) return;
  const added = after.entries.filter((e) => !before.entries.includes(e));
  if (added.length === 0 && after.diff === before.diff) return;
  const changed = added.length ? added : after.entries;
  console.error(
    `\ntests changed the checkout (committed files must only change on purpose):\n  ${changed.join('\n  ')}`,
  );
  process.exitCode = 1;
});

if (!skipStatic) {
  run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  run('eslint', 'npx', ['eslint', '.']);
  run('prettier', 'npx', ['prettier', '--check', '.']);
}
run('build', 'node', ['scripts/build.mjs']);
// The pre-commit hook's test runs the real pre-commit (Debian's package).
// Without root it is only named: that test then skips with its reason (under CI=true it fails).
if (!only.length || only.some((o) => 'test/package/pre-commit.test.ts'.includes(o)))
  ensureDebianPackages(['pre-commit'], false);

let tests = findTests(join(root, 'test')).map((p) => relative(root, p));
if (only.length) tests = tests.filter((t) => only.some((o) => t.includes(o)));
tests.sort();
if (tests.length) {
  run('tests', 'node', [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-timeout=300000',
    ...tests,
  ]);
}

/**
 * The real-editor tests need Debian's chromium (the browser), libkrb5-dev (a code-server addon),
 * ripgrep (code-server's search), and neovim, emacs-nox and elpa-eglot (other editors' LSP clients).
 * Installs what is missing when it can (root with apt), so the one
 * test command works on a fresh machine; otherwise says what to install.
 */
function ensureDebianPackages(packages, required = true) {
  const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  const canInstall =
    process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!canInstall) {
    console.error(`these tests need Debian packages: sudo apt-get install -y ${missing.join(' ')}`);
    if (required) process.exit(1);
    return;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get update', 'apt-get', ['update', '-qq'], { env });
  run(
    `apt-get install ${missing.join(' ')}`,
    'apt-get',
    ['install', '-y', '-qq', '--no-install-recommends', ...missing],
    { env },
  );
}

const editorRunner = join(root, 'test/e2e/run.mjs');
if (!skipEditor && !only.length && existsSync(editorRunner)) {
  ensureDebianPackages(['chromium', 'libkrb5-dev', 'ripgrep', 'neovim', 'emacs-nox', 'elpa-eglot']);
  // Other editors' LSP clients against `sg-guard lsp --stdio`: Neovim headless, Emacs's eglot in batch.
  run('editor tests (neovim, emacs)', 'node', [
    '--import',
    'tsx',
    '--test',
    'test/editors/neovim.editor.ts',
    'test/editors/emacs.editor.ts',
  ]);
  run('editor tests (code-server)', 'node', [editorRunner]);
}
