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

if (!skipStatic) {
  run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  run('eslint', 'npx', ['eslint', '.']);
  run('prettier', 'npx', ['prettier', '--check', '.']);
}
run('build', 'node', ['scripts/build.mjs']);

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
function ensureDebianPackages(packages) {
  const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  const canInstall =
    process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!canInstall) {
    console.error(`editor tests need Debian packages: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
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
