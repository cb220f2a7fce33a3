import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Expr, parseFile } from '../../server/src/parse/index';
import { attr, block, src, str } from './helpers';

const parse = (text: string) => parseFile('main.tf', text);

function expr(text: string): { f: ReturnType<typeof parse>; e: Expr } {
  const f = parse(`x = ${text}\n`);
  assert.deepEqual(f.errors, [], `errors in ${text}`);
  return { f, e: attr(f.body, 'x').expr };
}

void test('blocks, labels and attributes with exact ranges', () => {
  const f = parse('resource "alicloud_security_group_rule" r1 {\n  cidr_ip = "0.0.0.0/0"\n  port = 22\n}\n');
  assert.deepEqual(f.errors, []);
  const b = block(f.body, 'resource', 'alicloud_security_group_rule', 'r1');
  assert.equal(src(f, b.typeRange), 'resource');
  assert.equal(src(f, b.labels[0]!.range), '"alicloud_security_group_rule"');
  assert.equal(src(f, b.labels[1]!.range), 'r1');
  assert.ok(src(f, b.range).startsWith('resource "alicloud') && src(f, b.range).endsWith('= 22\n}'));
  assert.equal(src(f, b.body.range)[0], '{');
  const a = attr(b.body, 'cidr_ip');
  assert.equal(src(f, a.nameRange), 'cidr_ip');
  assert.equal(src(f, a.range), 'cidr_ip = "0.0.0.0/0"');
  assert.equal(src(f, a.expr.range), '"0.0.0.0/0"');
  assert.equal(a.expr.kind === 'Template' && src(f, a.expr.valueRange), '0.0.0.0/0');
  assert.equal(str(a), '0.0.0.0/0');
  assert.equal(src(f, attr(b.body, 'port').expr.range), '22');
});

void test('one-line blocks and empty blocks', () => {
  const f = parse('a "x" { b = 1 }\nc {}\n');
  assert.deepEqual(f.errors, []);
  assert.equal(src(f, attr(block(f.body, 'a', 'x').body, 'b').range), 'b = 1');
  assert.equal(src(f, block(f.body, 'c').range), 'c {}');
});

void test('literals', () => {
  for (const [t, v] of [
    ['1', 1],
    ['1.5e3', 1500],
    ['0.25', 0.25],
    ['true', true],
    ['false', false],
    ['null', null],
  ] as const) {
    const { e } = expr(t);
    assert.deepEqual(e.kind === 'Literal' && e.value, v);
  }
});

void test('templates: interpolation, escapes, $${ and %%{', () => {
  const { f, e } = expr('"a${var.b}c \\u00e9\\n\\t\\"\\\\ $${x} %%{y}"');
  assert.equal(e.kind, 'Template');
  if (e.kind !== 'Template') return;
  assert.equal(e.parts.length, 3);
  const [t1, i, t2] = e.parts;
  assert.equal(t1?.kind === 'Text' && t1.value, 'a');
  assert.equal(i?.kind === 'Interp' && src(f, i.range), '${var.b}');
  assert.equal(i?.kind === 'Interp' && src(f, i.expr.range), 'var.b');
  assert.equal(t2?.kind === 'Text' && t2.value, 'c é\n\t"\\ ${x} %{y}');
});

void test('template directives and strip markers', () => {
  const { f, e } = expr(
    '"a ${~ b ~} c %{ if d ~}  yes %{~ else } no %{ endif }%{for k, v in m}${v}%{endfor}"',
  );
  if (e.kind !== 'Template') return assert.fail('not a template');
  const kinds = e.parts.map((p) => p.kind);
  assert.deepEqual(kinds, ['Text', 'Interp', 'Text', 'If', 'ForDirective']);
  assert.equal(e.parts[0]?.kind === 'Text' && e.parts[0].value, 'a');
  assert.equal(e.parts[2]?.kind === 'Text' && e.parts[2].value, 'c ');
  const iff = e.parts[3];
  if (iff?.kind !== 'If') return assert.fail();
  assert.equal(src(f, iff.cond.range), 'd');
  assert.deepEqual(
    iff.then.map((p) => p.kind === 'Text' && p.value),
    ['yes'],
  );
  assert.deepEqual(
    iff.else?.map((p) => p.kind === 'Text' && p.value),
    [' no '],
  );
  const fd = e.parts[4];
  if (fd?.kind !== 'ForDirective') return assert.fail();
  assert.equal(fd.keyVar, 'k');
  assert.equal(fd.valueVar, 'v');
  assert.equal(src(f, fd.collection.range), 'm');
  assert.equal(fd.body[0]?.kind, 'Interp');
});

void test('heredocs, plain and indented', () => {
  const f = parse('a = <<EOT\n  x ${y}\nEOT\nb = <<-EOT\n    one\n      two\n\n    three\n  EOT\n');
  assert.deepEqual(f.errors, []);
  const a = attr(f.body, 'a').expr;
  if (a.kind !== 'Template') return assert.fail();
  assert.equal(a.heredoc, true);
  assert.equal(src(f, a.range), '<<EOT\n  x ${y}\nEOT');
  assert.equal(src(f, a.valueRange), '  x ${y}\n');
  assert.equal(str(attr(f.body, 'b')), 'one\n  two\n\nthree\n');
});

void test('collections: tuples, objects with = and :, keys of every kind', () => {
  const { f, e } = expr('{\n  a = 1, "b" : [1, 2,]\n  (c) = 3\n  d.e = 4\n}');
  if (e.kind !== 'Object') return assert.fail();
  assert.equal(e.items.length, 4);
  assert.deepEqual(
    e.items.map((i) => [src(f, i.key.range), i.bareKey, src(f, i.value.range)]),
    [
      ['a', true, '1'],
      ['"b"', false, '[1, 2,]'],
      ['(c)', false, '3'],
      ['d.e', false, '4'],
    ],
  );
  assert.equal(e.items[1]?.value.kind === 'Tuple' && e.items[1].value.items.length, 2);
});

void test('calls, traversals, splats and legacy index', () => {
  const { f, e } = expr('concat(a.b[0].c, d[*].e.f, g.*.h, i.0.j, provider::p::fn(), xs...)');
  if (e.kind !== 'Call') return assert.fail();
  assert.equal(e.name, 'concat');
  assert.equal(src(f, e.nameRange), 'concat');
  assert.equal(e.expandFinal, true);
  const [a, s1, s2, li, pf] = e.args;
  assert.equal(a?.kind, 'GetAttr');
  assert.equal(
    s1?.kind === 'Splat' && s1.full && s1.steps.map((s) => s.kind === 'GetAttr' && s.name).join(),
    'e,f',
  );
  assert.equal(s2?.kind === 'Splat' && !s2.full && s2.steps.length, 1);
  assert.equal(li?.kind, 'GetAttr');
  if (li?.kind !== 'GetAttr' || li.object.kind !== 'Index') return assert.fail();
  assert.equal(src(f, li.object.key.range), '0');
  assert.equal(pf?.kind === 'Call' && pf.name, 'provider::p::fn');
});

void test('operator precedence, unary, conditional and parens', () => {
  const { f, e } = expr('!a || b && c == d + e * -f ? (g) : h');
  if (e.kind !== 'Conditional') return assert.fail();
  const c = e.cond;
  if (c.kind !== 'Binary') return assert.fail();
  assert.equal(c.op, '||');
  assert.equal(src(f, c.left.range), '!a');
  const r = c.right;
  assert.equal(r.kind === 'Binary' && r.op, '&&');
  if (r.kind !== 'Binary' || r.right.kind !== 'Binary') return assert.fail();
  assert.equal(r.right.op, '==');
  assert.equal(src(f, r.right.right.range), 'd + e * -f');
  assert.equal(r.right.right.kind === 'Binary' && r.right.right.op, '+');
  assert.equal(e.then.kind, 'Parens');
});

void test('for expressions', () => {
  const t = expr('[for i, v in xs : v.id if v.ok]');
  if (t.e.kind !== 'For') return assert.fail();
  assert.deepEqual(
    [t.e.keyVar, t.e.valueVar, t.e.isObject, src(t.f, t.e.valueExpr.range)],
    ['i', 'v', false, 'v.id'],
  );
  assert.equal(t.e.cond && src(t.f, t.e.cond.range), 'v.ok');
  const o = expr('{\n  for k, v in m : v.name => k...\n}');
  if (o.e.kind !== 'For') return assert.fail();
  assert.deepEqual(
    [o.e.isObject, o.e.group, o.e.keyExpr && src(o.f, o.e.keyExpr.range)],
    [true, true, 'v.name'],
  );
});

void test('comments are collected', () => {
  const f = parse('# one\na = 1 // two\n/* three\n */ b = 2\n');
  assert.deepEqual(
    f.comments.map((c) => c.text),
    ['# one', '// two', '/* three\n */'],
  );
  assert.equal(src(f, f.comments[1]!.range), '// two');
  assert.equal(attr(f.body, 'b').expr.kind, 'Literal');
});

void test('CRLF and BOM files have the same ranges as LF', () => {
  const lf = 'resource "a" "b" {\n  cidr_ip = "0.0.0.0/0"\n}\n';
  const crlf = '\ufeff' + lf.replaceAll('\n', '\r\n');
  const a = attr(block(parse(lf).body, 'resource').body, 'cidr_ip');
  const f2 = parse(crlf);
  assert.deepEqual(f2.errors, []);
  assert.equal(f2.text.charCodeAt(0), 'r'.charCodeAt(0));
  const b = attr(block(f2.body, 'resource').body, 'cidr_ip');
  // Same line/column: the CRLF offset is shifted by exactly one per preceding line break.
  assert.equal(b.expr.range.start, a.expr.range.start + 1);
  assert.equal(src(f2, b.expr.range), '"0.0.0.0/0"');
});

void test('ranges are UTF-16 offsets after emoji and CJK', () => {
  const f = parse('description = "安全组 🔒"\ncidr_ip = "0.0.0.0/0"\n');
  assert.deepEqual(f.errors, []);
  const a = attr(f.body, 'cidr_ip');
  assert.equal(a.expr.range.start, 'description = "安全组 🔒"\ncidr_ip = '.length);
  assert.equal(src(f, a.expr.range), '"0.0.0.0/0"');
  assert.equal(str(attr(f.body, 'description')), '安全组 🔒');
});

void test('HCL rejections: unquoted CIDR, duplicate attribute, two items on one line', () => {
  const cidr = parse('a = 10.0.0.0/8\n');
  assert.equal(cidr.errors.length, 1);
  assert.equal(src(cidr, cidr.errors[0]!.range), '10.0.0.0');
  const dup = parse('r {\n  a = 1\n  a = 2\n}\n');
  assert.match(dup.errors[0]!.message, /"a" is set more than once/);
  assert.equal(dup.errors[0]!.range.start, 'r {\n  a = 1\n  '.length);
  assert.ok(parse('a { b = 1, c = 2 }\n').errors.length > 0);
  assert.ok(parse('a {} b {}\n').errors.length > 0);
});
