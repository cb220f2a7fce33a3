/**
 * Every FileSource gives the same lint: the editor's (open buffers over the disk, a class whose
 * methods use `this`) and the CLI's. The core must call a source's methods on the source: a
 * `(source.parse ?? parseFile)(...)` call loses `this`, and the editor showed nothing in
 * examples/local-module (`Cannot read properties of undefined (reading 'parses')`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { diskSource, lintDocument, lintModule, type FileSource } from '../../server/src/api/index';
import { memoizedSource } from '../../server/src/lint/index';
import { OverlaySource } from '../../server/src/lsp/overlay-source';
import { EXAMPLES } from '../helpers/paths';

const summary = (dir: string, source: FileSource): string[] => {
  const r = lintModule(dir, source);
  return [...r.findings, ...r.unverified].map(
    (f) => `${f.ruleId} ${f.loc.file}:${f.loc.range.start} ${f.message}`,
  );
};

describe('file sources', () => {
  const dirs = readdirSync(EXAMPLES)
    .map((n) => join(EXAMPLES, n))
    .filter((p) => statSync(p).isDirectory() && readdirSync(p).some((f) => f.endsWith('.tf')));

  for (const dir of dirs) {
    it(`${dir.slice(EXAMPLES.length + 1)}: the editor's source lints as the CLI's`, () => {
      const editor = new OverlaySource({ text: () => undefined, paths: () => [] });
      const cli = summary(dir, memoizedSource(diskSource()));
      assert.ok(cli.length > 0);
      assert.deepEqual(summary(dir, editor), cli);
    });
  }

  const templates = readdirSync(join(EXAMPLES, 'ros')).map((n) => join(EXAMPLES, 'ros', n));
  for (const path of templates) {
    it(`ros/${path.slice(EXAMPLES.length + 5)}: the editor's source lints as the CLI's`, () => {
      const editor = new OverlaySource({ text: () => undefined, paths: () => [] });
      const of = (source: FileSource): string[] => {
        const r = lintDocument(path, source)!;
        return [...r.findings, ...r.unverified].map((f) => `${f.ruleId} ${f.loc.range.start} ${f.message}`);
      };
      const cli = of(memoizedSource(diskSource()));
      assert.ok(cli.length > 0);
      assert.deepEqual(of(editor), cli);
    });
  }
});
