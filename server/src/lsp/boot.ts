/**
 * What the VS Code client forks (bundled to dist/server-boot.js): the language server's bundle beside
 * it (dist/server.js) compiled through a V8 code cache in the folder the client names with
 * `--code-cache-dir=` (its global storage), then started as dist/server.js would start itself. Other
 * editors and `sg-guard lsp` run dist/server.js directly; a start without the folder compiles as
 * node does. Measured: see the README's "Language server" numbers.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compileCached } from './code-cache';

/**
 * The cache is written this long after start, once, when the one read was not usable: by then the
 * open files' first lint has compiled the parser, evaluator and rules, so the cache holds them too
 * and the next start runs that lint without compiling them (a cache of the top level alone saves
 * about half as much).
 */
const SAVE_AFTER_MS = 3_000;

const argv = process.argv.slice(2);
const bundle = join(__dirname, 'server.js');
const cacheDir = argv.find((a) => a.startsWith('--code-cache-dir='))?.slice('--code-cache-dir='.length);
const source = readFileSync(bundle, 'utf8');
const loaded = { exports: {} as { main?: (argv: readonly string[]) => void } };

if (cacheDir) {
  const cached = compileCached(source, bundle, cacheDir);
  cached.wrapper(loaded.exports, createRequire(bundle), loaded, bundle, dirname(bundle));
  // stderr is the client's log: one line per start says whether this start was the faster one.
  process.stderr.write(`code cache ${cached.status}: ${cached.file}\n`);
  if (cached.status !== 'accepted') {
    setTimeout(() => {
      const error = cached.save();
      if (error) process.stderr.write(`code cache not written to ${cached.file}: ${error.message}\n`);
    }, SAVE_AFTER_MS).unref();
  }
} else {
  loaded.exports = createRequire(bundle)(bundle) as typeof loaded.exports;
}
if (typeof loaded.exports.main !== 'function') throw new Error(`${bundle} does not export main()`);
loaded.exports.main(argv);
