import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ParsedFile, parseFile } from '../../server/src/parse/index';
import { attr, block, src, str } from './helpers';

const parse = (text: string) => parseFile('main.tf', text);

function errorAt(f: ParsedFile, message: RegExp): string {
  const e = f.errors.find((x) => message.test(x.message));
  assert.ok(e, `no error matching ${message}: ${JSON.stringify(f.errors)}`);
  return src(f, e.range);
}

const RULE2 =
  'resource "alicloud_security_group_rule" "b" {\n  cidr_ip = "0.0.0.0/0"\n  port_range = "22/22"\n}\n';

void test('unterminated string mid-file breaks only its line', () => {
  const f = parse(
    `resource "alicloud_security_group_rule" "a" {\n  description = "half typed\n  port_range = "3389/3389"\n}\n${RULE2}`,
  );
  assert.equal(f.errors.length, 1);
  assert.equal(errorAt(f, /unterminated string/), '"half typed');
  const a = block(f.body, 'resource', 'alicloud_security_group_rule', 'a').body;
  assert.equal(str(attr(a, 'description')), 'half typed');
  assert.equal(str(attr(a, 'port_range')), '3389/3389');
  const b = block(f.body, 'resource', 'alicloud_security_group_rule', 'b').body;
  assert.equal(src(f, attr(b, 'cidr_ip').expr.range), '"0.0.0.0/0"');
});

void test('missing "=" keeps the value and reports at the name', () => {
  const f = parse(`resource "r" "a" {\n  cidr_ip "0.0.0.0/0"\n  port 22\n}\n${RULE2}`);
  assert.equal(errorAt(f, /expected "=" after attribute name "cidr_ip"/), 'cidr_ip');
  assert.equal(errorAt(f, /expected "=" after attribute name "port"/), 'port');
  const a = block(f.body, 'resource', 'r', 'a').body;
  assert.equal(str(attr(a, 'cidr_ip')), '0.0.0.0/0');
  assert.equal(src(f, attr(a, 'port').expr.range), '22');
  assert.equal(block(f.body, 'resource', 'alicloud_security_group_rule', 'b').body.attributes.length, 2);
});

void test('missing "}" closes at the next top-level block keyword at column 0', () => {
  const f = parse(`resource "r" "a" {\n  ingress {\n    port = 22\n  }\n  cidr_ip = "0.0.0.0/0"\n${RULE2}`);
  assert.equal(f.errors.length, 1);
  assert.equal(errorAt(f, /unclosed block "resource" \(opened here\)/), 'resource "r" "a" {');
  const a = block(f.body, 'resource', 'r', 'a');
  assert.equal(str(attr(a.body, 'cidr_ip')), '0.0.0.0/0');
  assert.ok(src(f, a.range).endsWith('"0.0.0.0/0"'));
  assert.equal(f.body.blocks.length, 2);
  assert.equal(
    str(attr(block(f.body, 'resource', 'alicloud_security_group_rule', 'b').body, 'port_range')),
    '22/22',
  );
});

void test('missing "}" at end of file', () => {
  const f = parse('resource "r" "a" {\n  x = 1\n');
  assert.equal(errorAt(f, /unclosed block "resource"/), 'resource "r" "a" {');
  assert.equal(src(f, block(f.body, 'resource').range), 'resource "r" "a" {\n  x = 1');
});

void test('missing value becomes Invalid and the next attribute is kept', () => {
  const f = parse(`resource "r" "a" {\n  cidr_ip =\n  port = 22\n  name = var.\n  ok = true\n}\n${RULE2}`);
  const a = block(f.body, 'resource', 'r', 'a').body;
  assert.equal(attr(a, 'cidr_ip').expr.kind, 'Invalid');
  assert.equal(errorAt(f, /missing value for attribute "cidr_ip"/), '');
  assert.equal(
    f.errors.find((e) => /cidr_ip/.test(e.message))?.range.start,
    'resource "r" "a" {\n  cidr_ip ='.length,
  );
  assert.equal(src(f, attr(a, 'port').expr.range), '22');
  assert.equal(attr(a, 'name').expr.kind, 'Invalid');
  assert.equal(src(f, attr(a, 'ok').expr.range), 'true');
  assert.equal(f.body.blocks.length, 2);
});

void test('unclosed brackets stop at the next attribute', () => {
  const f = parse('r {\n  a = [1, 2\n  b = concat(x,\n  c = {\n    k = 1\n  d = "x"\n}\n');
  const r = block(f.body, 'r').body;
  const a = attr(r, 'a').expr;
  assert.equal(a.kind === 'Tuple' && a.items.length, 2);
  assert.equal(attr(r, 'b').expr.kind, 'Call');
  assert.ok(f.errors.some((e) => /unclosed "\["/.test(e.message)));
  assert.ok(f.errors.some((e) => /unclosed "\("/.test(e.message)));
  // The object swallows `d` (object items look like attributes) but the block still closes.
  assert.equal(f.body.blocks.length, 1);
});

void test('stray "}" and stray tokens are skipped with one error each', () => {
  const f = parse(`}\n${RULE2}@@ junk\n"str"\n${RULE2.replace('"b"', '"c"')}`);
  assert.equal(errorAt(f, /unexpected "}"/), '}');
  assert.ok(f.errors.some((e) => /invalid character "@"/.test(e.message)));
  assert.equal(f.body.blocks.length, 2);
  assert.equal(
    str(attr(block(f.body, 'resource', 'alicloud_security_group_rule', 'c').body, 'cidr_ip')),
    '0.0.0.0/0',
  );
});

void test('unterminated heredoc and block comment are reported', () => {
  assert.match(parse('a = <<EOT\nxx\n').errors[0]!.message, /unterminated heredoc/);
  assert.match(parse('a = 1 /* x\n').errors[0]!.message, /unterminated comment/);
});

void test('unfinished interpolation ends at the line', () => {
  const f = parse('a = "x ${var.\nb = 2\n');
  assert.ok(f.errors.length >= 1);
  assert.equal(src(f, attr(f.body, 'b').expr.range), '2');
});

void test('an expression nested deeper than the evaluator reads is one value, not a syntax error; the rest is read', () => {
  const deep = 50_000;
  for (const [name, value] of [
    ['parentheses', `${'('.repeat(deep)}1${')'.repeat(deep)}`],
    ['tuples across lines', `${'[\n'.repeat(deep)}1${'\n]'.repeat(deep)}`],
    ['objects', `${'{ a = '.repeat(deep)}1${' }'.repeat(deep)}`],
    ['negations', `${'!'.repeat(deep)}true`],
    ['conditionals', `${'true ? 1 : '.repeat(deep)}2`],
    ['interpolations', `"${'${"'.repeat(deep)}x${'"}'.repeat(deep)}"`],
  ] as const) {
    const f = parse(`locals {\n  x = ${value}\n}\n# between\n${RULE2}`);
    assert.deepEqual(f.errors, [], name);
    assert.equal(f.body.blocks.length, 2, name);
    const b = block(f.body, 'resource', 'alicloud_security_group_rule', 'b').body;
    assert.equal(str(attr(b, 'cidr_ip')), '0.0.0.0/0', name);
    assert.ok(
      f.comments.some((c) => src(f, c.range) === '# between'),
      name,
    );
  }
});

void test('a block nested deeper than the stack allows is reported and skipped; the rest is read', () => {
  const deep = 50_000;
  const f = parse(`${'a {\n'.repeat(deep)}${'}\n'.repeat(deep)}# between\n${RULE2}`);
  assert.equal(f.errors.length, 1, JSON.stringify(f.errors.map((e) => e.message)));
  assert.match(f.errors[0]!.message, /nested too deeply/);
  const b = block(f.body, 'resource', 'alicloud_security_group_rule', 'b').body;
  assert.equal(str(attr(b, 'cidr_ip')), '0.0.0.0/0');
});
