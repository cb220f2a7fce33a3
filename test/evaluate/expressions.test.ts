/** Expression semantics: operators, conversions, templates, for-expressions, conditionals, unknowns. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalLocal, plain } from './helpers';

const cases: [string, string, unknown, string?][] = [
  // [name, expression, expected plain value, extra configuration]
  ['number literal', '22', 22],
  ['string', '"0.0.0.0/0"', '0.0.0.0/0'],
  ['bool/null', '[true, false, null]', [true, false, null]],
  ['arithmetic', '1 + 2 * 3 - 4 / 2 % 3', 5],
  ['string to number', '"20" + 2', 22],
  ['bad number is an error', '"x" + 1', '!error'],
  ['unary', '[-5, !true]', [-5, false]],
  ['comparison', '[1 < 2, 2 <= 1, "3" > 2, 3 >= 3]', [true, false, true, true]],
  [
    'equality has no conversion',
    '[1 == "1", "a" == "a", [1] == [1], {a=1} != {a=1}]',
    [false, true, true, false],
  ],
  ['logic', '[true && false, true || false, "true" && true]', [false, true, true]],
  [
    'short circuit with unknown',
    '[false && var.u, true || var.u, true && var.u]',
    [false, true, '?var.u'],
    'variable "u" {}',
  ],
  ['template', '"${1 + 1}/${"x"}"', '2/x'],
  ['single interpolation keeps type', '"${22}"', 22],
  ['template number formatting', '"${1.5}-${10}"', '1.5-10'],
  ['template if directive', '"%{if true}yes%{else}no%{endif}"', 'yes'],
  ['template for directive', '"%{for p in [22, 3389]}${p},%{endfor}"', '22,3389,'],
  ['strip markers', '"a ${~ "b" ~} c"', 'abc'],
  ['heredoc', '<<EOT\nhello\nEOT', 'hello\n'],
  ['indented heredoc', '<<-EOT\n    a\n      b\n    EOT', 'a\n  b\n'],
  ['tuple index', '["a", "b"][1]', 'b'],
  ['legacy index', 'local.l.1', 'b', 'locals {\n  l = ["a", "b"]\n}'],
  ['out of range is an error', '["a"][3]', '!error'],
  ['object attribute', '{ a = { b = "c" } }.a.b', 'c'],
  ['map index by string', '{ "x-y" = 1 }["x-y"]', 1],
  ['quoted and expression keys', '{ "a" = 1, (local.k) = 2 }', { a: 1, kk: 2 }, 'locals {\n  k = "kk"\n}'],
  ['object keys sorted', 'keys({ b = 1, a = 2 })', ['a', 'b']],
  ['splat', '[{ p = 1 }, { p = 2 }][*].p', [1, 2]],
  ['attribute splat', 'local.objs.*.p', [1, 2], 'locals {\n  objs = [{ p = 1 }, { p = 2 }]\n}'],
  ['splat of null', 'null[*]', []],
  ['conditional', 'true ? "a" : "b"', 'a'],
  ['conditional with string condition', '"false" ? "a" : "b"', 'b'],
  ['unknown condition, equal branches', 'var.u ? "x" : "x"', 'x', 'variable "u" {}'],
  ['unknown condition, different branches', 'var.u ? "x" : "y"', '?var.u', 'variable "u" {}'],
  ['for tuple', '[for x in [1, 2, 3] : x * 2 if x != 2]', [2, 6]],
  ['for with index', '[for i, x in ["a", "b"] : "${i}${x}"]', ['0a', '1b']],
  ['for object', '{ for k, v in { a = 1, b = 2 } : v => k }', { '1': 'a', '2': 'b' }],
  [
    'for grouping',
    '{ for x in ["a1", "a2", "b1"] : substr(x, 0, 1) => x... }',
    { a: ['a1', 'a2'], b: ['b1'] },
  ],
  ['for over set', '[for x in toset(["b", "a", "b"]) : x]', ['a', 'b']],
  ['for over unknown', '[for x in var.u : x]', '?var.u', 'variable "u" {}'],
  ['unknown in a list stays local', '[var.u, "a"]', ['?var.u', 'a'], 'variable "u" {}'],
  ['resource reference', 'alicloud_security_group.default.id', '?alicloud_security_group.default.id'],
  ['data reference with index', 'data.alicloud_vpcs.default.ids[0]', '?data.alicloud_vpcs.default.ids[0]'],
  ['module output', 'module.net.vpc_id', '?module.net.vpc_id'],
  ['path.module is known', 'path.module', '/w'],
  ['unknown propagates through functions', 'upper(var.u)', '?var.u', 'variable "u" {}'],
  ['unknown function', 'uuid()', '?uuid()'],
  ['templatefile of a missing file is an error', 'templatefile("x.tpl", {})', '!error'],
  ['huge range is unknown, not a hang', 'length(range(1e9))', '?(more than 10,000 items)'],
  [
    'nested for over a huge product stays bounded',
    'length([for a in range(5000) : [for b in range(5000) : b]])',
    5000,
  ],
];

for (const [name, expr, expected, extra] of cases) {
  void test(`expression: ${name}`, () => {
    assert.deepEqual(plain(evalLocal(expr, extra).value), expected);
  });
}

void test('a literal string carries its location (quotes included) and no trace', () => {
  const { value, files } = evalLocal('"0.0.0.0/0"');
  assert.ok(value.literal);
  assert.equal(files['/w/main.tf']!.slice(value.literal.range.start, value.literal.range.end), '"0.0.0.0/0"');
});

void test('budget exhaustion gives unknown, never a hang', () => {
  // 10^4 * 10^4 * 10 steps would take minutes; the step budget cuts it short.
  const { value } = evalLocal('length(flatten([for a in range(10000) : [for b in range(10000) : a + b]]))');
  assert.equal(value.t, 'unknown');
});
