/**
 * One lint run reads and parses each file once (memoizedSource) and reads each directory once
 * (DirCache), however many modules reach them, and gets exactly the results of uncached reads.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FileSource } from '../../server/src/evaluate/index';
import { lintPaths } from '../../server/src/lint/index';
import { CORPUS, needShared } from '../helpers/paths';
import { DirCache, diskSource, findModuleDirs, memoizedSource } from '../../server/src/lint/workspace';

const corpus = CORPUS;

/** A disk source that counts what it is asked for. */
function countingSource(): { source: FileSource; reads: Map<string, number>; lists: Map<string, number> } {
  const inner = diskSource();
  const reads = new Map<string, number>();
  const lists = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  return {
    reads,
    lists,
    source: {
      listDir: (dir) => (bump(lists, dir), inner.listDir(dir)),
      readText: (path) => (bump(reads, path), inner.readText(path)),
    },
  };
}

/** What a user sees of a lint, without object identities. */
const report = (r: ReturnType<typeof lintPaths>): string =>
  JSON.stringify([r.findings, r.unverified, r.suppressed, r.parseErrors]);

void test('a module called by two others is read and parsed once, with unchanged results', () => {
  const root = mkdtempSync(join(tmpdir(), 'sg-run-cache-'));
  try {
    const rule = (name: string, cidr: string): string =>
      `resource "alicloud_security_group_rule" "${name}" {\n  type              = "ingress"\n` +
      `  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  security_group_id = "sg-1"\n` +
      `  cidr_ip           = ${cidr}\n}\n`;
    mkdirSync(join(root, 'modules', 'ssh'), { recursive: true });
    writeFileSync(join(root, 'modules', 'ssh', 'main.tf'), `variable "cidr" {}\n${rule('ssh', 'var.cidr')}`);
    for (const app of ['a', 'b']) {
      mkdirSync(join(root, app));
      writeFileSync(
        join(root, app, 'main.tf'),
        `module "ssh" {\n  source = "../modules/ssh"\n  cidr   = "0.0.0.0/0"\n}\n${rule(`own_${app}`, '"10.0.0.0/8"')}`,
      );
    }
    const plain = lintPaths([root], {}, diskSource());
    const counted = countingSource();
    const cached = lintPaths([root], {}, memoizedSource(counted.source));
    assert.equal(report(cached), report(plain));
    assert.equal(plain.findings.length, 2, 'the called module is reported through both callers');
    const child = join(root, 'modules', 'ssh', 'main.tf');
    assert.equal(counted.reads.get(child), 1, 'the shared module file is read once');
    assert.ok(
      [...counted.reads.values()].every((n) => n === 1),
      'every file is read once',
    );
    assert.ok(
      [...counted.lists.values()].every((n) => n === 1),
      'every directory is listed once',
    );
    // The default source of lintPaths is the cached one.
    assert.equal(report(lintPaths([root])), report(plain));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

void test('module discovery and listing share one directory cache', () => {
  const root = mkdtempSync(join(tmpdir(), 'sg-dir-cache-'));
  try {
    mkdirSync(join(root, 'm'));
    writeFileSync(join(root, 'm', 'a.tf'), 'locals {}\n');
    const dirs = new DirCache();
    assert.deepEqual(findModuleDirs(root, dirs), [join(root, 'm')]);
    // Written after the directory was read: this run keeps what it saw, a fresh source does not.
    writeFileSync(join(root, 'm', 'b.tf'), 'locals {}\n');
    assert.deepEqual(diskSource(dirs).listDir(join(root, 'm')), ['a.tf']);
    assert.deepEqual(diskSource().listDir(join(root, 'm'))?.sort(), ['a.tf', 'b.tf']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

void test('the cached run gives the uncached results on the real-world corpus', (t) => {
  if (!needShared(t, corpus)) return;
  assert.equal(report(lintPaths([corpus])), report(lintPaths([corpus], {}, diskSource())));
});
