/**
 * A run reads what its own listing showed as a regular file without a stat before opening it
 * (lint/workspace.ts DirCache, lint/disk-read.ts): that shortcut must keep every guarantee of a
 * careful read (issue 11, classes 3 and 4) when the file changed after the listing. A file that
 * became a link is read through the link (and refused if it leads outside the project), one that
 * became a FIFO is refused without blocking, one that vanished is missing, and a folder that is a
 * link is judged where it really is.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  constants,
  openSync,
  readSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readRegularFile } from '../../server/src/lint/disk-read';
import { DirCache } from '../../server/src/lint/workspace';
import { workspace } from '../helpers/workspace';

const limits = (root: string): { root: string; maxBytes: number } => ({ root, maxBytes: 1 << 20 });

/** A project with `proj/a.tf` listed by a fresh run, and a secret outside it. */
function listed(): { root: string; proj: string; file: string; dirs: DirCache } {
  const root = workspace({ 'secret.txt': 'SECRET', 'proj/a.tf': 'a = 1\n', 'proj/b.txt': 'b' });
  const proj = join(root, 'proj');
  const dirs = new DirCache();
  assert.ok(dirs.read(proj).entries);
  return { root, proj, file: join(proj, 'a.tf'), dirs };
}

describe('files read through the run listing', () => {
  it('a listed regular file is read, and its real path is checked against the project', () => {
    const { proj, file, dirs } = listed();
    assert.deepEqual(readRegularFile(file, limits(proj), dirs), { ok: true, text: 'a = 1\n' });
    const r = readRegularFile(file, limits(join(proj, 'elsewhere')), dirs);
    assert.equal(r.ok ? 'read' : r.kind, 'outside');
  });

  it('a file replaced by a link to outside the project after the listing is outside, never read', () => {
    const { root, proj, file, dirs } = listed();
    rmSync(file);
    symlinkSync(join(root, 'secret.txt'), file);
    const r = readRegularFile(file, limits(proj), dirs);
    assert.equal(r.ok ? r.text : r.kind, 'outside');
  });

  it('a file replaced by a link inside the project is read through the link', () => {
    const { proj, file, dirs } = listed();
    rmSync(file);
    symlinkSync(join(proj, 'b.txt'), file);
    assert.deepEqual(readRegularFile(file, limits(proj), dirs), { ok: true, text: 'b' });
  });

  it('a file replaced by a FIFO is refused at once (opened non-blocking, never read)', () => {
    const { proj, file, dirs } = listed();
    rmSync(file);
    spawnSync('mkfifo', [file]);
    const r = readRegularFile(file, limits(proj), dirs);
    assert.deepEqual(r, { ok: false, kind: 'unreadable', reason: 'changed while being read' });
  });

  it('a file replaced by a FIFO that holds data is still refused: what it holds is never read', () => {
    const { proj, file, dirs } = listed();
    rmSync(file);
    spawnSync('mkfifo', [file]);
    // A reader first (non-blocking), so that a writer can open it and leave data in the pipe.
    const reader = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(file, constants.O_WRONLY | constants.O_NONBLOCK);
    try {
      writeSync(writer, 'ingress = "0.0.0.0/0"\n');
      const r = readRegularFile(file, limits(proj), dirs);
      assert.deepEqual(r, { ok: false, kind: 'unreadable', reason: 'changed while being read' });
      // The data is still in the pipe: nothing was taken out of it.
      const buf = Buffer.alloc(64);
      assert.equal(readSync(reader, buf, 0, 64, null), 22);
    } finally {
      closeSync(writer);
      closeSync(reader);
    }
  });

  it("an empty listed file is read as empty (the one case a listed file is stat'ed once open)", () => {
    const root = workspace({ 'proj/empty.tf': '' });
    const proj = join(root, 'proj');
    const dirs = new DirCache();
    dirs.read(proj);
    assert.deepEqual(readRegularFile(join(proj, 'empty.tf'), limits(proj), dirs), { ok: true, text: '' });
  });

  it('a file that vanished is missing', () => {
    const { proj, file, dirs } = listed();
    rmSync(file);
    assert.equal(readRegularFile(file, limits(proj), dirs).ok, false);
    assert.deepEqual(readRegularFile(file, limits(proj), dirs), { ok: false, kind: 'missing' });
  });

  it("a folder that is a link lies where it really is: its files are judged by the link's target", () => {
    const root = workspace({ 'outer/data.txt': 'SECRET', 'proj/in/data.txt': 'ok' });
    const proj = join(root, 'proj');
    symlinkSync(join(root, 'outer'), join(proj, 'out'));
    symlinkSync(join(proj, 'in'), join(proj, 'alias'));
    const dirs = new DirCache();
    for (const d of [proj, join(proj, 'out'), join(proj, 'alias'), join(proj, 'in')]) dirs.read(d);
    const out = readRegularFile(join(proj, 'out', 'data.txt'), limits(proj), dirs);
    assert.equal(out.ok ? out.text : out.kind, 'outside');
    assert.deepEqual(readRegularFile(join(proj, 'alias', 'data.txt'), limits(proj), dirs), {
      ok: true,
      text: 'ok',
    });
    // A folder moved away after its listing: its real path was taken from its parent's listing,
    // and the file is no longer there to be opened.
    renameSync(join(proj, 'in'), join(root, 'moved'));
    const moved = readRegularFile(join(proj, 'in', 'data.txt'), limits(proj), dirs);
    assert.equal(moved.ok, false);
  });
});
