/**
 * A CommonJS bundle compiled through a V8 code cache kept in a folder of the editor's own storage
 * for the extension. Starting the language server, V8 otherwise compiles the whole bundle, then each
 * function the first lint runs; with the cache it reads them back (boot.ts says what it saves).
 *
 * V8 checks a code cache only against the length of the source and its own version and flags: it
 * does not checksum the data in release builds, and it accepts a cache made for another source of
 * the same length, then runs that other source's code (test/protocol/code-cache.test.ts shows both). So a
 * cache is used only when its header binds it to this exact bundle (SHA-256), this runtime (node, V8,
 * platform, flags) and this format, and its data hashes to what the header says. Anything else is
 * ignored and written anew: a stale, corrupt or foreign cache costs start-up time, never behaviour.
 * (Whoever can write the editor's storage for the extension can also rewrite the extension itself.)
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';

const MAGIC = Buffer.from('sg-guard code cache 1\n');
const HASH_BYTES = 32;
const HEADER_BYTES = MAGIC.length + 2 * HASH_BYTES;
/** Files this module writes in the folder: `server-<key>.cache`, and `….tmp` while being written. */
const OWN_FILE = /^server-[0-9a-f]{16}\.cache(\.\d+\.tmp)?$/;
/** A temporary file older than this was left by a process that died while writing it. */
const STALE_TMP_MS = 60_000;

/** What became of the cache read at start: `accepted` by V8, or why it was not used. */
export type CacheStatus = 'accepted' | 'absent' | 'invalid' | 'rejected';

/** The parameters of node's own CommonJS wrapper. */
export type ModuleWrapper = (
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

export interface CachedBundle {
  /** The bundle's module function: call it as node calls a module's code. */
  readonly wrapper: ModuleWrapper;
  readonly status: CacheStatus;
  /** The cache file for this bundle and runtime. */
  readonly file: string;
  /**
   * Writes the cache with every function compiled so far (not only the top level), unless the one
   * read at start was accepted. Errors are returned, not thrown: without a cache the server only
   * starts slower.
   */
  save(): Error | undefined;
}

const sha256 = (data: string | Buffer): Buffer => createHash('sha256').update(data).digest();

/** What a cache was made by, apart from the bundle: another runtime's cache is another file. */
export function runtimeKey(): string {
  const { version, versions, platform, arch, execArgv, env } = process;
  return JSON.stringify([version, versions.v8, platform, arch, execArgv, env['NODE_OPTIONS'] ?? '']);
}

/** Compiles `source` (the text of `filename`) with the cache in `dir` when it belongs to it. */
export function compileCached(
  source: string,
  filename: string,
  dir: string,
  runtime: string = runtimeKey(),
): CachedBundle {
  const key = sha256(`${sha256(source).toString('hex')}\n${runtime}`);
  const file = join(dir, `server-${key.toString('hex').slice(0, 16)}.cache`);
  const found = readCache(file, key);
  // As node's CommonJS loader wraps a module (the first line's columns shift by the prefix).
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) { ${source}\n})`,
    found ? { filename, cachedData: found } : { filename },
  );
  let status: CacheStatus = script.cachedDataRejected ? 'rejected' : 'accepted';
  if (!found) status = found === null ? 'invalid' : 'absent';
  const wrapper = script.runInThisContext() as ModuleWrapper;
  return {
    wrapper,
    status,
    file,
    save: () => (status === 'accepted' ? undefined : writeCache(dir, file, key, script.createCachedData())),
  };
}

/** The cache's data if its header binds it to `key` and it is whole; null if not; undefined if absent. */
function readCache(file: string, key: Buffer): Buffer | null | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const ownKey = bytes.subarray(MAGIC.length, MAGIC.length + HASH_BYTES);
  const dataHash = bytes.subarray(MAGIC.length + HASH_BYTES, HEADER_BYTES);
  const data = bytes.subarray(HEADER_BYTES);
  return ownKey.equals(key) && dataHash.equals(sha256(data)) ? data : null;
}

/** Written whole or not at all (a temporary file renamed), then older caches are removed. */
function writeCache(dir: string, file: string, key: Buffer, data: Buffer): Error | undefined {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, Buffer.concat([MAGIC, key, sha256(data), data]), { mode: 0o600 });
    renameSync(tmp, file);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Never written (the folder could not be made): nothing to remove.
    }
    return e instanceof Error ? e : new Error(String(e));
  }
  removeOthers(dir, file);
  return undefined;
}

/** Caches of other bundles or runtimes (an updated extension's), and temporary files left behind. */
function removeOthers(dir: string, keep: string): void {
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (path === keep || !OWN_FILE.test(name)) continue;
      if (name.endsWith('.tmp') && Date.now() - statSync(path).mtimeMs < STALE_TMP_MS) continue;
      rmSync(path, { force: true });
    }
  } catch {
    // Left for the next save: a leftover file costs only disk space.
  }
}
