/**
 * Property test for the whole analysis (parse, evaluate, rules, locate): real modules with random
 * typing-like edits, and expressions built at random from every built-in function, never crash the
 * linter, never report an internal error, and finish in bounded time (a hang guard, not a benchmark).
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { lintModule } from '../../server/src/api/index';
import { knownFunctionNames } from '../../server/src/evaluate/functions';
import { MUTATIONS, listFiles, sharedDir } from '../parse/oracle';
import { memorySource } from './helpers';
import { CORPUS, needShared } from '../helpers/paths';

const HANG_GUARD_MS = 5000;

function lintAll(files: Record<string, string>): void {
  const t0 = performance.now();
  const r = lintModule('/w', memorySource(files));
  const ms = performance.now() - t0;
  assert.ok(ms < HANG_GUARD_MS, `lint took ${ms} ms`);
  for (const f of r.findings) assert.doesNotMatch(f.message, /internal (evaluation|parser) error/, f.message);
  for (const e of r.parseErrors) assert.doesNotMatch(e.message, /internal parser error/);
}

/** Corpus modules with at least one security group rule, as in-memory workspaces rooted at /w. */
function modules(): Record<string, string>[] {
  const files = listFiles(join(sharedDir, 'corpus'), (n) => n.endsWith('.tf'));
  const byDir = new Map<string, string[]>();
  for (const f of files) byDir.set(dirname(f), [...(byDir.get(dirname(f)) ?? []), f]);
  const out: Record<string, string>[] = [];
  for (const list of byDir.values()) {
    const texts = list.map((f) => readFileSync(f, 'utf8'));
    if (!texts.some((t) => t.includes('alicloud_security_group_rule'))) continue;
    out.push(Object.fromEntries(list.map((f, i) => [`/w/${basename(f)}`, texts[i]!])));
    if (out.length >= 30) break;
  }
  return out;
}

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  kind: fc.constantFrom('insert', 'delete'),
  what: fc.constantFrom(...MUTATIONS, '0.0.0.0/0', 'count = 3\n', 'for_each = var.x\n', '[*]', '...', 'null'),
  len: fc.integer({ min: 1, max: 6 }),
});

void test('real modules with random edits never break the analysis', (t) => {
  const mods = modules();
  if (!needShared(t, CORPUS)) return;
  assert.ok(mods.length > 0, `no modules under ${CORPUS}`);
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: mods.length - 1 }),
      fc.array(edit, { minLength: 1, maxLength: 4 }),
      (i, edits) => {
        const files = { ...mods[i]! };
        const names = Object.keys(files);
        for (const [k, e] of edits.entries()) {
          const name = names[k % names.length]!;
          const text = files[name]!;
          const pos = Math.floor(e.at * text.length);
          files[name] =
            e.kind === 'insert'
              ? text.slice(0, pos) + e.what + text.slice(pos)
              : text.slice(0, pos) + text.slice(pos + e.len);
        }
        lintAll(files);
      },
    ),
    { numRuns: 150, seed: 11 },
  );
});

void test('random calls of every built-in function never break the analysis', () => {
  const leaf = fc.constantFrom(
    '"0.0.0.0/0"',
    '"10.0.0.0/8"',
    '22',
    '-1',
    '1e9',
    'null',
    'true',
    '[]',
    '{}',
    '"/(a+)+$/"',
    'var.u',
    '""',
    '"a: [1"',
    '"{\\"a\\": 1}"',
  );
  const expr = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc
        .tuple(fc.constantFrom(...knownFunctionNames()), fc.array(tie('e'), { maxLength: 3 }))
        .map(([f, args]) => `${f}(${args.join(', ')})`),
      fc.array(tie('e'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => `{ k = ${a}, v = ${b} }`),
    ),
  })).e;
  fc.assert(
    fc.property(expr, (x) => {
      lintAll({
        '/w/main.tf': `variable "u" {}\nlocals {\n  v = ${x}\n}\nresource "alicloud_security_group_rule" "r" {\n  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  cidr_ip = local.v\n}\n`,
      });
    }),
    { numRuns: 400, seed: 5 },
  );
});
