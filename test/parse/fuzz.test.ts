/**
 * Property tests: random truncations and typing-like mutations of real files never break the parser:
 * no internal error, bounded time (a hang guard, not a benchmark), every range inside the text.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseFile } from '../../server/src/parse/index';
import { terraformText } from '../../bench/generate';
import { allRanges } from './helpers';
import { MUTATIONS, listFiles, sharedDir } from './oracle';
import { CORPUS, failInCi, sharedMissingReason } from '../helpers/paths';

const HANG_GUARD_MS = 5000;

function samples(): { name: string; text: string }[] {
  const out = [{ name: 'generated.tf', text: terraformText(300) }];
  const files = listFiles(join(sharedDir, 'corpus'), (n) => n.endsWith('.tf'));
  const step = Math.max(1, Math.floor(files.length / 40));
  for (let i = 0; i < files.length; i += step)
    out.push({ name: files[i]!, text: readFileSync(files[i]!, 'utf8') });
  out.push({
    name: 'sample.tf.json',
    text: JSON.stringify(
      { resource: { a: { b: { cidr_ip: '${var.x}/0', n: [1, { k: 'v\n${y}' }] } } } },
      null,
      2,
    ),
  });
  return out;
}

function check(name: string, text: string): void {
  const t0 = performance.now();
  const f = parseFile(name, text);
  const ms = performance.now() - t0;
  assert.ok(ms < HANG_GUARD_MS, `parse of a mutated ${name} took ${ms} ms`);
  for (const e of f.errors) assert.doesNotMatch(e.message, /internal parser error/);
  for (const r of [...allRanges(f.body), ...allRanges(f.errors), ...allRanges(f.comments)]) {
    assert.ok(
      r.start >= 0 && r.start <= r.end && r.end <= f.text.length,
      `range ${r.start}-${r.end} in ${name}`,
    );
  }
}

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  kind: fc.constantFrom('insert', 'delete', 'truncate'),
  what: fc.constantFrom(...MUTATIONS, '}}', '"${', '\\', '\\u12', 'é', '🔒', '\r\n'),
  len: fc.integer({ min: 1, max: 4 }),
});

void test('mutated and truncated files never break the parser', () => {
  failInCi(sharedMissingReason(CORPUS));
  const files = samples();
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: files.length - 1 }),
      fc.array(edit, { minLength: 1, maxLength: 5 }),
      (i, edits) => {
        const { name, text: original } = files[i]!;
        let text = original;
        for (const e of edits) {
          const pos = Math.floor(e.at * text.length);
          if (e.kind === 'insert') text = text.slice(0, pos) + e.what + text.slice(pos);
          else if (e.kind === 'delete') text = text.slice(0, pos) + text.slice(pos + e.len);
          else text = text.slice(0, pos);
        }
        check(name, text);
      },
    ),
    { numRuns: 600, seed: 42 },
  );
});

void test('arbitrary strings never break either syntax', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (s) => {
      check('x.tf', s);
      check('x.tf.json', s);
    }),
    { numRuns: 1000, seed: 7 },
  );
});
