// The language server's code cache (server/src/lsp/code-cache.ts, boot.ts): a cache that is stale,
// corrupt, foreign or unwritable costs start-up time, never behaviour; one that matches is used.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { after, describe, it } from 'node:test';
import { compileCached, type CachedBundle } from '../../server/src/lsp/code-cache';
import { ensureBuilt, ROOT, startSession, workspace } from './lsp-client';
import { rule } from './fixtures';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sg-guard-cache-'));
  dirs.push(d);
  return d;
};

/** Two modules of the same length that answer differently: V8 alone would take one's cache for the other. */
const A = 'module.exports.answer = function () { return "from A"; };';
const B = 'module.exports.answer = function () { return "from B"; };';
/**
 * A new file name for each compile: V8 also keeps what it compiled by source text and name, and a
 * script it finds there is not compiled from the cache given (as in a new server process, never).
 */
let compiles = 0;
const compile = (source: string, dir: string, runtime: string): CachedBundle =>
  compileCached(source, `/virtual/server-${++compiles}.js`, dir, runtime);

/** Runs the module as node would and calls what the first lint would: its exported function. */
function answer(bundle: CachedBundle): string {
  const m = { exports: {} as { answer(): string } };
  bundle.wrapper(m.exports, require, m, '/virtual/server.js', '/virtual');
  return m.exports.answer();
}

/** A cache whose header is valid for `source` (the file format, written independently). */
function forgeFor(source: string, data: Buffer, dir: string, runtime: string): void {
  const sha = (d: string | Buffer): Buffer => createHash('sha256').update(d).digest();
  const key = sha(`${sha(source).toString('hex')}\n${runtime}`);
  const file = join(dir, `server-${key.toString('hex').slice(0, 16)}.cache`);
  writeFileSync(file, Buffer.concat([Buffer.from('sg-guard code cache 1\n'), key, sha(data), data]));
}

describe('code cache', () => {
  it('is written on request, then accepted, and runs the same code', () => {
    const dir = tmp();
    const first = compile(A, dir, 'rt');
    assert.equal(first.status, 'absent');
    assert.equal(answer(first), 'from A');
    assert.equal(first.save(), undefined);
    assert.ok(existsSync(first.file));
    const second = compile(A, dir, 'rt');
    assert.equal(second.status, 'accepted');
    assert.equal(answer(second), 'from A');
  });

  it('is never used for another bundle, even one V8 would take it for', () => {
    const dir = tmp();
    const a = compile(A, dir, 'rt');
    answer(a);
    a.save();
    // The bundle was replaced by one of the same length: its cache is another file.
    const b = compile(B, dir, 'rt');
    assert.equal(b.status, 'absent');
    assert.equal(answer(b), 'from B');
    // A's cache under B's name (copied, or left by a bug): its header binds it to A.
    const [aFile] = readdirSync(dir);
    writeFileSync(b.file, readFileSync(join(dir, aFile!)));
    const foreign = compile(B, dir, 'rt');
    assert.equal(foreign.status, 'invalid');
    assert.equal(answer(foreign), 'from B');
    // Why the header matters: V8 itself checks only the length, and runs A's code for B.
    const wrap = (source: string): string =>
      `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
    const v8Alone = new Script(wrap(B), {
      filename: `/virtual/server-${++compiles}.js`,
      cachedData: readFileSync(a.file).subarray(22 + 64),
    });
    if (!v8Alone.cachedDataRejected) {
      const m = { exports: {} as { answer(): string } };
      (v8Alone.runInThisContext() as (e: unknown, r: unknown, m: unknown) => void)(m.exports, require, m);
      assert.equal(m.exports.answer(), 'from A');
    }
  });

  it('ignores a corrupt or truncated cache and writes a good one instead', () => {
    const dir = tmp();
    const a = compile(A, dir, 'rt');
    answer(a);
    a.save();
    const good = readFileSync(a.file);
    for (const bad of [
      Buffer.concat([good.subarray(0, -7), Buffer.from([good.at(-7)! ^ 0xff]), good.subarray(-6)]),
      good.subarray(0, good.length - 100),
      good.subarray(0, 10),
      Buffer.from('not a cache at all'),
    ]) {
      writeFileSync(a.file, bad);
      const c = compile(A, dir, 'rt');
      assert.equal(c.status, 'invalid');
      assert.equal(answer(c), 'from A');
      assert.equal(c.save(), undefined);
      assert.equal(compile(A, dir, 'rt').status, 'accepted');
    }
  });

  it('is per runtime, and one V8 rejects is rewritten', () => {
    const dir = tmp();
    const a = compile(A, dir, 'node-x');
    answer(a);
    a.save();
    assert.equal(compile(A, dir, 'node-y').status, 'absent');
    // A valid header over data V8 cannot use (made for another source): V8 rejects it, the code runs.
    const other = new Script('(function () { return 42; })', { filename: '/virtual/other.js' });
    forgeFor(A, other.createCachedData(), dir, 'node-z');
    const rejected = compile(A, dir, 'node-z');
    assert.equal(rejected.status, 'rejected');
    assert.equal(answer(rejected), 'from A');
    rejected.save();
    assert.equal(compile(A, dir, 'node-z').status, 'accepted');
  });

  it('keeps only the cache it wrote, and an unwritable folder only costs the cache', () => {
    const dir = tmp();
    for (const rt of ['one', 'two']) {
      const c = compile(A, dir, rt);
      answer(c);
      c.save();
    }
    assert.equal(readdirSync(dir).length, 1, 'the older runtime’s cache was removed');
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, '');
    const c = compile(A, join(blocked, 'cache'), 'rt');
    assert.equal(answer(c), 'from A');
    assert.ok(c.save() instanceof Error);
  });
});

describe('dist/server-boot.js (as VS Code starts the server)', () => {
  const files = (): Record<string, string> => ({
    'main.tf': rule('ssh', '  ip_protocol = "tcp"\n  port_range  = "22/22"\n  cidr_ip     = "0.0.0.0/0"'),
  });
  /** The diagnostics of main.tf (its workspace's path taken out), and the server's log. */
  const lint = async (server: string | undefined, args: string[], before?: () => Promise<void>) => {
    const root = workspace(files());
    const s = await startSession(root, {}, args, server ? { server } : {});
    try {
      const d = await s.waitFor(join(root, 'main.tf'), (p) => p.diagnostics.length > 0, 30_000);
      await before?.();
      return { diagnostics: JSON.stringify(d).replaceAll(root, '<root>'), log: s.stderr() };
    } finally {
      await s.close();
    }
  };

  it('writes its cache, then starts from it with the same diagnostics as dist/server.js', async () => {
    ensureBuilt();
    const boot = join(ROOT, 'dist', 'server-boot.js');
    const cache = tmp();
    const plain = await lint(undefined, []);
    // Written a few seconds after start (once the first lint compiled the parser and rules).
    const written = async (): Promise<void> => {
      for (const until = Date.now() + 20_000; readdirSync(cache).length === 0 && Date.now() < until;)
        await new Promise((r) => setTimeout(r, 200));
    };
    const first = await lint(boot, [`--code-cache-dir=${cache}`], written);
    assert.match(first.log, /code cache absent/);
    assert.equal(first.diagnostics, plain.diagnostics);
    assert.equal(readdirSync(cache).length, 1);
    const second = await lint(boot, [`--code-cache-dir=${cache}`]);
    assert.match(second.log, /code cache accepted/);
    assert.equal(second.diagnostics, plain.diagnostics);
  });
});
