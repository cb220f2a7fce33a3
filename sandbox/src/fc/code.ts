/**
 * A function's code zip, read as a stream with hard limits so a zip bomb costs at most the limits:
 * inflated a kilobyte of input at a time (fflate's output per push stays ~1 MB), the total size and
 * the number of entries counted as they come, paths that leave the folder refused. The same walk
 * checks a zip at upload and writes it out for an invocation.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';

/**
 * The sandbox's own limits (FC's real code-size limits were not verified): a function of this
 * project is well under 1 MB unzipped.
 */
export const CODE_LIMITS: { readonly unzippedBytes: number; readonly entries: number } = {
  unzippedBytes: 100 * 1024 * 1024,
  entries: 10_000,
};

export class CodeError extends Error {}

const INPUT_CHUNK = 1024;

interface Sink {
  file(name: string): void;
  data(chunk: Uint8Array): void;
  end(): void;
}

function walk(
  zip: Uint8Array,
  sink: Sink | undefined,
  limits = CODE_LIMITS,
): { entries: number; bytes: number } {
  let entries = 0;
  let bytes = 0;
  let failure: Error | undefined;
  const unzip = new Unzip((file) => {
    if (failure) return;
    entries++;
    if (entries > limits.entries) {
      failure = new CodeError(`the code zip has more than ${limits.entries} entries`);
      return;
    }
    const name = file.name;
    if (name.startsWith('/') || name.split(/[\\/]/).includes('..') || name.includes('\0')) {
      failure = new CodeError(`zip entry "${name}" would be written outside the code folder`);
      return;
    }
    if (!name.endsWith('/')) sink?.file(name);
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = new CodeError(`the code zip is damaged (${err.message})`);
        return;
      }
      bytes += chunk.length;
      if (bytes > limits.unzippedBytes) {
        failure = new CodeError(`the code unzips to more than ${limits.unzippedBytes} bytes`);
        file.terminate();
        return;
      }
      if (!name.endsWith('/')) {
        sink?.data(chunk);
        if (final) sink?.end();
      }
    };
    try {
      file.start();
    } catch (e) {
      failure = new CodeError(
        `zip entry "${name}" uses an unsupported compression (${(e as Error).message})`,
      );
    }
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  try {
    for (let i = 0; i < zip.length && !failure; i += INPUT_CHUNK) {
      unzip.push(zip.subarray(i, i + INPUT_CHUNK), i + INPUT_CHUNK >= zip.length);
    }
  } catch (e) {
    failure ??= new CodeError(`the code zip is damaged (${(e as Error).message})`);
  }
  if (failure) throw failure;
  if (entries === 0) throw new CodeError('the code zip holds no file');
  return { entries, bytes };
}

/**
 * What the zip's central directory declares (entries, total unzipped size), read without inflating
 * anything; undefined when there is no plain (non-ZIP64) directory to read. It only lets an
 * obvious bomb be refused at once: the sizes can lie, so the stream is still counted.
 */
function declared(zip: Uint8Array): { entries: number; bytes: number } | undefined {
  const view = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const from = Math.max(0, view.length - 22 - 0xffff);
  for (let eocd = view.length - 22; eocd >= from; eocd--) {
    if (view.readUInt32LE(eocd) !== 0x06054b50) continue;
    const entries = view.readUInt16LE(eocd + 10);
    let at = view.readUInt32LE(eocd + 16);
    if (entries === 0xffff || at === 0xffffffff) return undefined;
    let bytes = 0;
    for (let i = 0; i < entries; i++) {
      if (at + 46 > view.length || view.readUInt32LE(at) !== 0x02014b50) return undefined;
      bytes += view.readUInt32LE(at + 24);
      at += 46 + view.readUInt16LE(at + 28) + view.readUInt16LE(at + 30) + view.readUInt16LE(at + 32);
    }
    return { entries, bytes };
  }
  return undefined;
}

/** Checks a zip within the limits without writing anything; throws CodeError saying what is wrong. */
export function checkZip(
  zip: Uint8Array,
  limits: { unzippedBytes: number; entries: number } = CODE_LIMITS,
): { entries: number; bytes: number } {
  const claimed = declared(zip);
  if (claimed && claimed.entries > limits.entries)
    throw new CodeError(`the code zip has more than ${limits.entries} entries`);
  if (claimed && claimed.bytes > limits.unzippedBytes)
    throw new CodeError(`the code unzips to more than ${limits.unzippedBytes} bytes`);
  return walk(zip, undefined, limits);
}

/** Writes the zip's files below `dir` within the limits; throws CodeError saying what is wrong. */
export function extractZip(
  zip: Uint8Array,
  dir: string,
  limits: { unzippedBytes: number; entries: number } = CODE_LIMITS,
): void {
  const root = resolve(dir);
  let fd: number | undefined;
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  try {
    walk(
      zip,
      {
        file(name) {
          close();
          const target = resolve(root, name);
          if (!target.startsWith(root + sep))
            throw new CodeError(`zip entry "${name}" escapes the code folder`);
          mkdirSync(dirname(target), { recursive: true });
          fd = openSync(target, 'w', 0o644);
        },
        data(chunk) {
          if (fd !== undefined) writeSync(fd, chunk);
        },
        end: close,
      },
      limits,
    );
  } finally {
    close();
  }
}
