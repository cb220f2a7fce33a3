/**
 * The lint's parse mode (`retainBody`: skim blocks whose tree is not needed, parse them again on
 * demand) must be invisible: on real and on mutated (half-typed) files it reports exactly the
 * errors and comments of a full parse, and every block's body, parsed on demand, equals the full one.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Block, ParsedFile } from '../../server/src/parse/index';
import { parseFile } from '../../server/src/parse/index';
import { firstLabelIs, labelValue, transientBody } from '../../server/src/parse/lazy';
import { listFiles, mutate, prng, repoRoot, sharedDir } from './oracle';
import { CORPUS, failInCi, sharedMissingReason } from '../helpers/paths';

/** Plain data of a block (a lazy block's body is read through its getter). */
function plainBlock(b: Block): unknown {
  return { type: b.type, typeRange: b.typeRange, labels: b.labels, range: b.range, body: b.body };
}

function plainFile(f: ParsedFile): unknown {
  return {
    errors: f.errors,
    comments: f.comments,
    attributes: f.body.attributes,
    blocks: f.body.blocks.map(plainBlock),
    range: f.body.range,
  };
}

/** Parses `text` fully and lazily (keeping nothing, or only rule-like blocks) and compares. */
function compareModes(name: string, text: string): void {
  const full = parseFile(name, text);
  for (const keep of [() => false, (type: string) => type === 'variable' || type === 'locals']) {
    const lazy = parseFile(name, text, { retainBody: keep });
    // Errors and comments are complete before any body is read again.
    assert.deepEqual(lazy.errors, full.errors, `${name}: errors`);
    assert.deepEqual(lazy.comments, full.comments, `${name}: comments`);
    for (const b of lazy.body.blocks) {
      const i = lazy.body.blocks.indexOf(b);
      assert.deepEqual(transientBody(b), full.body.blocks[i]?.body, `${name}: transient body of block ${i}`);
    }
    assert.deepEqual(plainFile(lazy), plainFile(full), name);
  }
}

const isTf = (n: string): boolean => n.endsWith('.tf') || n.endsWith('.tfvars');
const corpus = listFiles(join(sharedDir, 'corpus'), isTf);
const local = [
  ...listFiles(join(sharedDir, 'peer-fixtures'), isTf),
  ...listFiles(join(repoRoot, 'examples'), isTf),
];

void test('lazy parse equals the full parse on handwritten edge cases', () => {
  const cases = [
    'resource "a" "b" {\n  x = 1\n}\n',
    'resource "a" "b" {\n  x = 1\n  x = 2\n}\n',
    'resource "a" "b" { x = 1 }\n',
    'resource "a" "b" {\n  x = "a" "b"\n}\n',
    'resource "a" "b" {\n  x = a.b.c # c\n  y = a.b[0] /* d */\n  z = a . b\n}\n',
    'resource "a" "b" {\n  x = a.0.b\n  y = a.*.b\n  z = f (1)\n  w = p::f::g(1)\n}\n',
    'resource "a" "b" {\n  x = "${var.a}"\n  y = "a\\"b"\n  z = 10.0.0.0\n}\n',
    'resource "a" "b" {\n  n {\n    m = 1\n  }\n  o "l" {\n  }\n  p {}\n}\n',
    'resource "a" "b" {\n  x = 1\nresource "c" "d" {\n  y = 2\n}\n',
    'resource "a" "b" {\n  x = 1\n}  y\n',
    'resource "a" "${x}" {\n}\n',
    'resource "a" "b" {\n  x = <<-EOT\n    hi\n  EOT\n  y = [1,\n 2]\n}\n',
    'resource "a" "b" {\n  x = 1\n',
    'resource "a" "b" {\n  x =\n}\n',
    'resource "a" "b" {\n  x = true\n  y = null\n  z = -1\n}\n# end',
    'locals {\n  a = 1\n}\nvariable "v" {\n  default = 2\n}\nx = 3\n',
    'resource "a" "b" {\n  x = "é" # ü\n  ident-with-dash = a-b.c\n}\n',
    'resource "a" "b" {\n  x = "unterminated\n}\n',
    'resource "a" "b" {\n  x = 1 }\n',
    'resource "a" "b" {\n  x = a.\n}\n',
  ];
  for (const [i, text] of cases.entries()) compareModes(`case${i}.tf`, text);
});

void test('label values read from a lazy header equal the parsed labels', () => {
  const headers = [
    'resource "alicloud_security_group_rule" "ssh"',
    'resource "a""b"',
    'module "x"',
    'locals',
    'variable ident_label',
    'resource "a" "b\\"c"',
    'resource "a" "${x}"',
    'resource "a" /* c */ "b"',
    'data\t"a"\t"b"',
    'resource "é" "名前"',
  ];
  for (const h of headers) {
    const text = `${h} {\n}\n`;
    const lazy = parseFile('h.tf', text, { retainBody: () => false }).body.blocks[0]!;
    const full = parseFile('h.tf', text).body.blocks[0]!;
    for (let i = 0; i < 3; i++) assert.equal(labelValue(lazy, i), full.labels[i]?.value, `${h}: label ${i}`);
    const fresh = parseFile('h.tf', text, { retainBody: () => false }).body.blocks[0]!;
    assert.equal(firstLabelIs(fresh, full.labels[0]?.value ?? ''), full.labels.length > 0, h);
  }
});

void test('lazy parse equals the full parse on the corpus, fixtures and examples', () => {
  const files = [...local, ...corpus];
  failInCi(sharedMissingReason(CORPUS));
  assert.ok(files.length > 0, `no .tf files under ${sharedDir} or examples/`);
  for (const f of files) compareModes(f, readFileSync(f, 'utf8'));
});

void test('lazy parse equals the full parse on mutated (half-typed) files', () => {
  failInCi(sharedMissingReason(CORPUS));
  const sources = corpus.length > 0 ? corpus : local;
  assert.ok(sources.length > 0, 'no source files to mutate');
  const rnd = prng(7);
  for (let i = 0; i < 1500; i++) {
    let text = readFileSync(sources[Math.floor(rnd() * sources.length)]!, 'utf8');
    const edits = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < edits; k++) text = mutate(text, rnd);
    compareModes(`mut${i}.tf`, text);
  }
});
