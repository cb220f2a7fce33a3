// The code-zip reader's limits hold even when a zip lies about itself (sizes in its headers),
// and no entry is written outside the code folder.
import { zipSync, strToU8 } from 'fflate';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkZip, CodeError, extractZip } from '../../sandbox/src/fc/code';

const dir = mkdtempSync(join(tmpdir(), 'sg-guard-code-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const small = { unzippedBytes: 1024 * 1024, entries: 10 };

/** Rewrites every size field (local headers and central directory) of a zip to 1 byte. */
function lyingAboutSizes(zip: Uint8Array): Uint8Array {
  const b = Buffer.from(zip);
  for (let i = 0; i + 4 <= b.length; i++) {
    const sig = b.readUInt32LE(i);
    if (sig === 0x04034b50) b.writeUInt32LE(1, i + 22); // local header: uncompressed size
    if (sig === 0x02014b50) b.writeUInt32LE(1, i + 24); // central directory: uncompressed size
  }
  return b;
}

const refused = (fn: () => unknown, why: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof CodeError && why.test(e.message));

void describe('code zips', () => {
  void it('counts what really inflates, not what the headers claim', () => {
    const honest = zipSync({ 'index.js': strToU8('x'), 'big.bin': new Uint8Array(3 * 1024 * 1024) });
    refused(() => checkZip(honest, small), /unzips to more than 1048576 bytes/);
    refused(() => checkZip(lyingAboutSizes(honest), small), /unzips to more than|damaged/);
    refused(
      () => extractZip(lyingAboutSizes(honest), join(dir, 'liar'), small),
      /unzips to more than|damaged/,
    );
  });

  void it('refuses too many entries, entries leaving the folder, and an empty zip', () => {
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, strToU8('')]));
    refused(() => checkZip(zipSync(many), small), /more than 10 entries/);
    refused(() => checkZip(zipSync({ '../escape.js': strToU8('x') }), small), /outside the code folder/);
    refused(() => checkZip(zipSync({ '/abs.js': strToU8('x') }), small), /outside the code folder/);
    refused(() => checkZip(zipSync({}), small), /holds no file/);
    refused(() => checkZip(strToU8('PK\u0003\u0004 not really'), small), /damaged|no file/);
  });

  void it('writes the files, stored or deflated, with their folders', () => {
    const zip = zipSync({
      'index.js': [strToU8('exports.a=1;'), { level: 0 }],
      'lib/b.js': strToU8('exports.b=2;'),
    });
    assert.deepEqual(checkZip(zip, small), { entries: 2, bytes: 24 });
    const out = join(dir, 'ok');
    extractZip(zip, out, small);
    assert.equal(readFileSync(join(out, 'index.js'), 'utf8'), 'exports.a=1;');
    assert.equal(readFileSync(join(out, 'lib/b.js'), 'utf8'), 'exports.b=2;');
    assert.equal(existsSync(join(dir, 'escape.js')), false);
  });
});
