// Installs code-server 4.100.3 (VS Code 1.100.3, the newest that runs on Node 20) into .e2e/code-server
// from npm, apart from the project's own dependencies. Idempotent: a second run only checks.
// Needs apt: libkrb5-dev (kerberos addon), ripgrep (packed into the cache @vscode/ripgrep looks in
// instead of downloading from GitHub). Usage: node test/e2e/setup.mjs
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const E2E = join(ROOT, '.e2e');
export const CS_DIR = join(E2E, 'code-server');
export const CS_BIN = join(CS_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const HERE = fileURLToPath(new URL('.', import.meta.url));
const RG_VERSION = 'v13.0.0-10';
const RG_CACHE = 'vscode-ripgrep-cache-1.15.11';

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

export function ensureCodeServer() {
  const stamp = join(CS_DIR, '.installed');
  const lock = readFileSync(join(HERE, 'code-server.package-lock.json'), 'utf8');
  if (existsSync(stamp) && existsSync(CS_BIN) && readFileSync(stamp, 'utf8') === lock) return;
  for (const bin of ['/usr/bin/rg', '/usr/bin/krb5-config']) {
    if (!existsSync(bin)) throw new Error(`missing ${bin}: apt-get install -y chromium libkrb5-dev ripgrep`);
  }
  console.log('e2e setup: installing code-server 4.100.3 into .e2e/code-server (~1-2 min)');
  const started = Date.now();
  rmSync(CS_DIR, { recursive: true, force: true });
  mkdirSync(CS_DIR, { recursive: true });
  copyFileSync(join(HERE, 'code-server.package.json'), join(CS_DIR, 'package.json'));
  writeFileSync(join(CS_DIR, 'package-lock.json'), lock);
  // @vscode/ripgrep looks in $TMPDIR/<cache>/ before downloading from GitHub: give it Debian's rg.
  const tmp = join(E2E, 'tmp');
  const pack = join(tmp, 'rg-pack');
  mkdirSync(join(tmp, RG_CACHE), { recursive: true });
  mkdirSync(pack, { recursive: true });
  copyFileSync('/usr/bin/rg', join(pack, 'rg'));
  sh('tar', [
    '-czf',
    join(tmp, RG_CACHE, `ripgrep-${RG_VERSION}-x86_64-unknown-linux-musl.tar.gz`),
    '-C',
    pack,
    'rg',
  ]);
  sh('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: CS_DIR,
    env: {
      ...process.env,
      TMPDIR: tmp,
      npm_config_unsafe_perm: 'true', // its postinstall refuses to run as root otherwise
      npm_config_yes: 'true', // node-pty runs `npx node-gyp`, which would prompt without a TTY
    },
  });
  if (!existsSync(CS_BIN)) throw new Error(`code-server installed but ${CS_BIN} is missing`);
  writeFileSync(stamp, lock);
  console.log(`e2e setup: code-server ready in ${Math.round((Date.now() - started) / 1000)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureCodeServer();

/** Builds the bundles and packages them as the Marketplace would get them: `.e2e/sg-guard.vsix`. */
export function packageVsix() {
  const opts = { cwd: ROOT };
  sh(process.execPath, ['scripts/build.mjs'], opts);
  const vsix = join(E2E, 'sg-guard.vsix');
  sh(
    'npx',
    [
      'vsce',
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--baseContentUrl',
      'https://github.com/sg-guard/sg-guard/blob/main',
      '--baseImagesUrl',
      'https://github.com/sg-guard/sg-guard/raw/main',
      '-o',
      vsix,
    ],
    opts,
  );
  return vsix;
}
