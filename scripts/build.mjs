// Bundles every shipped entry point with esbuild. Entries whose source does not exist yet are
// skipped with a note, so the build works while parts of the product are still being written.
import { build } from 'esbuild';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { functionBuilds } from '../remediation-fn/scripts/build-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
/**
 * `--outdir=DIR`: write the bundles under DIR instead of the checkout (DIR/dist/cli.js, ...), e.g. to
 * pack the production build without touching dist/. `--only=cli` builds just what the npm package
 * ships (the CLI and the bundles it loads).
 */
const outRoot = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? root;
const onlyCli = process.argv.includes('--only=cli');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/**
 * Routes imports of `filter`'s modules to a bundle of their own, required from dist/ on first use,
 * so the bundles that import them stay small and start fast. `contents` is the module's body.
 * @returns {import('esbuild').Plugin}
 */
function lazyChunk(name, filter, contents) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: name }));
      b.onLoad({ filter: /.*/, namespace: name }, (args) => ({
        contents: contents(args.path),
        loader: 'js',
      }));
    },
  };
}

/**
 * The extension loads the Alibaba Cloud SDKs (~10 MB) only on first cloud use: its imports of them
 * become a require of dist/alicloud-sdks.js (client/src/cloud/alicloud-sdks.ts), built separately.
 */
const sdkProxy = lazyChunk(
  'alicloud-sdk-proxy',
  /^(@alicloud\/[a-z0-9-]+|@darabonba\/typescript)$/,
  (path) =>
    `module.exports = require(require('path').join(__dirname, 'alicloud-sdks.js')).load(${JSON.stringify(path)});`,
);

/**
 * Engines the evaluator needs only for some files, each required from its own bundle on first use
 * (inlined, parsing them would slow every lint's start-up): RE2 for Terraform's regular expressions
 * (server/src/evaluate/regexp.ts), a YAML parser for `yamldecode` (functions-decode.ts) and
 * `.sg-guard.yaml` (config/load.ts), jsdiff for `lint --fix-dry-run` (cli/fix.ts), and minimatch
 * for `fileset()` (root-files.ts) and `--exclude` (a fifth of cli.js, parsed by every lint before).
 */
const requireFrom = createRequire(import.meta.url);
const LAZY_ENGINES = {
  re2js: 'dist/re2.js',
  yaml: 'dist/yaml.js',
  diff: 'dist/diff.js',
  minimatch: 'dist/minimatch.js',
};
/** @param {string[]} names the engines required from their own bundle (the others are inlined) */
const engineProxy = (names = Object.keys(LAZY_ENGINES)) =>
  lazyChunk(
    'engine-proxy',
    new RegExp(`^(${names.join('|')})$`),
    (name) =>
      `module.exports = require(require('path').join(__dirname, ${JSON.stringify(LAZY_ENGINES[name].slice(5))}));`,
  );
/**
 * The language server needs minimatch for every file it publishes (the default `sgGuard.exclude`
 * is a glob): inlined, it is compiled from the server's code cache (boot.ts) instead of afresh.
 */
const SERVER_LAZY_ENGINES = Object.keys(LAZY_ENGINES).filter((name) => name !== 'minimatch');
/** Its `import` and its `require` (root-files.ts) as one copy, the CommonJS build, not one of each. */
const oneMinimatch = {
  name: 'one-minimatch',
  /** @param {import('esbuild').PluginBuild} b */
  setup(b) {
    b.onResolve({ filter: /^minimatch$/ }, () => ({ path: requireFrom.resolve('minimatch') }));
  },
};

/** @type {{in: string, out: string, banner?: string, external?: string[], plugins?: import('esbuild').Plugin[]}[]} */
const entries = [
  {
    in: 'server/src/cli/main.ts',
    out: 'dist/cli.js',
    banner: '#!/usr/bin/env node',
    plugins: [engineProxy()],
  },
  {
    in: 'server/src/lsp/main.ts',
    out: 'dist/server.js',
    plugins: [engineProxy(SERVER_LAZY_ENGINES), oneMinimatch],
  },
  // What the VS Code client forks: dist/server.js through a code cache (server/src/lsp/boot.ts).
  { in: 'server/src/lsp/boot.ts', out: 'dist/server-boot.js' },
  ...Object.entries(LAZY_ENGINES).map(([name, out]) => ({
    in: relative(root, requireFrom.resolve(name)),
    out,
  })),
  { in: 'sandbox/src/main.ts', out: 'dist/sandbox.js' },
  { in: 'client/src/extension.ts', out: 'dist/extension.js', external: ['vscode'], plugins: [sdkProxy] },
  { in: 'client/src/cloud/alicloud-sdks.ts', out: 'dist/alicloud-sdks.js' },
];

/** What the npm package ships: the CLI and the bundles it loads (package.json `files`). */
const CLI_BUNDLES = new Set([
  'dist/cli.js',
  'dist/server.js',
  'dist/sandbox.js',
  ...Object.values(LAZY_ENGINES),
]);
const built = onlyCli ? entries.filter((e) => CLI_BUNDLES.has(e.out)) : entries;

const started = Date.now();
await Promise.all(
  built.map(async (e) => {
    if (!existsSync(join(root, e.in))) {
      console.log(`build: skipping ${e.in} (not written yet)`);
      return;
    }
    await build({
      absWorkingDir: root,
      entryPoints: [e.in],
      outfile: join(outRoot, e.out),
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      sourcemap: production ? false : 'linked',
      minify: production,
      external: e.external ?? [],
      plugins: e.plugins ?? [],
      banner: e.banner ? { js: e.banner } : undefined,
      logLevel: 'warning',
      legalComments: 'none',
      define: { SG_GUARD_VERSION: JSON.stringify(version) },
    });
    // An entry with a shebang is a command (package.json "bin"): `npx sg-guard` executes the file.
    if (e.banner?.startsWith('#!')) chmodSync(join(outRoot, e.out), 0o755);
  }),
);
// The function package: always minified, no source map, heavy unused modules initialised lazily
// (remediation-fn/scripts/build-options.mjs); it ships as a zip FC can take as is.
for (const [file, options] of Object.entries(functionBuilds))
  await build({ ...options, outfile: join(root, 'remediation-fn/dist', file) });
rmSync(join(root, 'remediation-fn/dist/index.js.map'), { force: true });
const after = join(root, 'remediation-fn/scripts/package.mjs');
if (
  outRoot === root &&
  !onlyCli &&
  existsSync(after) &&
  existsSync(join(root, 'remediation-fn/dist/index.js'))
) {
  await import(after);
}
// Files an older build left in dist/ (a renamed or removed entry) would otherwise ship in the npm
// package: only this build's outputs stay.
const outputs = new Set(
  built.flatMap((e) => (production ? [e.out] : [e.out, `${e.out}.map`])).filter((f) => f.startsWith('dist/')),
);
for (const name of readdirSync(join(outRoot, 'dist'))) {
  if (!outputs.has(`dist/${name}`)) rmSync(join(outRoot, 'dist', name), { recursive: true, force: true });
}
console.log(`build: done in ${Date.now() - started} ms`);
