/** Built-in functions: one row per behaviour, evaluated through a real parsed module. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalLocal, plain } from './helpers';

const U = 'variable "u" {}';
const cases: [string, unknown, string?][] = [
  ['length(["a", "b"])', 2],
  ['length({ a = 1 })', 1],
  ['length("héllo")', 5],
  ['length([var.u, 1])', 2, U],
  ['toset(["b", "a", "b"])', { set: ['a', 'b'] }],
  ['tolist(toset(["a"]))', ['a']],
  ['tomap({ a = "x" })', { a: 'x' }],
  ['concat(["a"], [], ["b", "c"])', ['a', 'b', 'c']],
  ['merge({ a = 1, b = 2 }, { b = 3 }, null)', { a: 1, b: 3 }],
  ['join(",", ["a", "b"], ["c"])', 'a,b,c'],
  ['split(",", "10.0.0.0/8,0.0.0.0/0")', ['10.0.0.0/8', '0.0.0.0/0']],
  ['format("%s:%d %v %q %%", "a", 22.7, true, "x")', 'a:22 true "x" %'],
  ['format("%03d|%-4s|", 7, "ab")', '007|ab  |'],
  ['formatlist("%s/32", ["1.1.1.1", "2.2.2.2"])', ['1.1.1.1/32', '2.2.2.2/32']],
  ['lower("TCP")', 'tcp'],
  ['upper("tcp")', 'TCP'],
  ['trimspace("  0.0.0.0/0 \\n")', '0.0.0.0/0'],
  ['element(["a", "b"], 3)', 'b'],
  ['lookup({ a = 1 }, "a", 2)', 1],
  ['lookup({ a = 1 }, "z", 2)', 2],
  ['lookup({ a = 1 }, "z")', '!error'],
  ['try(local.m.missing, "fallback")', 'fallback', 'locals {\n  m = {}\n}'],
  ['try(var.u, "fallback")', '?var.u', U],
  ['[can(local.m.missing), can(local.m)]', [false, true], 'locals {\n  m = {}\n}'],
  ['coalesce("", null, "x")', 'x'],
  ['coalesce(var.u, "x")', '?var.u', U],
  ['flatten([["a"], [["b"]], "c"])', ['a', 'b', 'c']],
  ['keys({ b = 1, a = 2 })', ['a', 'b']],
  ['values({ b = 1, a = 2 })', [2, 1]],
  ['contains(["22", "3389"], "22")', true],
  ['contains(["22"], "80")', false],
  ['contains([var.u], "80")', '?var.u', U],
  ['distinct(["a", "b", "a"])', ['a', 'b']],
  ['range(3)', [0, 1, 2]],
  ['range(1, 7, 2)', [1, 3, 5]],
  ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
  ['tostring(22)', '22'],
  ['tonumber("22")', 22],
  ['tonumber("x")', '!error'],
  ['replace("0.0.0.0-0", "-", "/")', '0.0.0.0/0'],
  ['replace("a1b2", "/[0-9]/", "")', 'ab'],
  // Regular expressions are RE2, as in Terraform (Go): its syntax, its replacement templates, its
  // empty-match rule (`$2_` names group "2_"), and linear time (the `^(a+)+$` row would hang a
  // backtracking engine for ages).
  ['replace("Web-01", "/(?i)(?P<name>[a-z]+)-(\\\\d+)/", "$${2}_$name")', '01_Web'],
  ['replace("Web-01", "/(?i)(?P<name>[a-z]+)-(\\\\d+)/", "$2_$name")', 'Web'],
  ['replace("ab", "/(a)/", "$${1}x")', 'axb'],
  ['replace("ab", "/(a)/", "$1x")', 'b'],
  ['replace("ab", "/(a)/", "$$-$9-$")', '$--$b'],
  ['replace("baaac", "/a*/", "-")', '-b-c-'],
  ['replace("a12b3", "/[[:digit:]]+/", "#")', 'a#b#'],
  ['replace("🔒x", "/x*/", "-")', '-🔒-'],
  [
    'replace("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "/^(a+)+$/", "x")',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab',
  ],
  ['replace("aa", "/(a)\\\\1/", "")', '!error'],
  ['replace("ab", "/(?<=a)b/", "")', '!error'],
  ['replace("abc", "", "-")', '-a-b-c-'],
  ['replace("", "", "-")', '-'],
  ['replace("a/b", "/", "-")', 'a-b'],
  ['regex("[0-9]+/[0-9]+", "ports 22/22 and 80/80")', '22/22'],
  ['regex("(\\\\d+)/(\\\\d+)", "22/3389")', ['22', '3389']],
  ['regex("(?P<from>\\\\d+)/(?P<to>\\\\d+)", "22/3389")', { from: '22', to: '3389' }],
  ['regex("(a)|(b)", "b")', [null, 'b']],
  ['regex("x", "abc")', '!error'],
  ['regex("(?P<n>a)(b)", "ab")', '!error'],
  ['regexall("[0-9]+", "a1 b22 c333")', ['1', '22', '333']],
  ['regexall("z", "abc")', []],
  ['length(regexall("a*", "baaac"))', 3],
  // Terraform's documented examples.
  ['cidrsubnet("10.0.0.0/8", 8, 2)', '10.2.0.0/16'],
  ['cidrsubnet("10.1.2.0/24", 4, 15)', '10.1.2.240/28'],
  ['cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', 'fd00:fd12:3456:7800:a200::/72'],
  ['cidrsubnet("0.0.0.0/0", 0, 0)', '0.0.0.0/0'],
  ['cidrsubnet("10.0.0.0/8", 8, 256)', '!error'],
  ['cidrsubnet("10.0.0.0/30", 3, 0)', '!error'],
  ['cidrhost("10.12.112.0/20", 16)', '10.12.112.16'],
  ['cidrhost("10.12.112.0/20", 268)', '10.12.113.12'],
  ['cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)', 'fd00:fd12:3456:7890::22'],
  ['cidrhost("10.0.0.0/30", -1)', '10.0.0.3'],
  ['cidrnetmask("172.16.0.0/12")', '255.240.0.0'],
  ['cidrnetmask("::/0")', '!error'],
  ['cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', ['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20']],
  ['cidrsubnet(var.u, 8, 1)', '?var.u', U],
  ['jsondecode("{\\"a\\": [1, \\"x\\", null, true]}")', { a: [1, 'x', null, true] }],
  ['jsondecode("[1,")', '!error'],
  [
    'yamldecode("a: [22, 3389]\\nb: yes\\nc: ~\\nd: \\"0.0.0.0/0\\"")',
    { a: [22, 3389], b: 'yes', c: null, d: '0.0.0.0/0' },
  ],
  ['yamldecode("x: &p [1]\\ny: *p")', { x: [1], y: [1] }],
  ['yamldecode("a: 1\\n---\\nb: 2")', '!error'],
  ['yamldecode("a: [1")', '!error'],
  ['yamldecode("")', null],
  ['substr("0.0.0.0/0", 0, 7)', '0.0.0.0'],
  ['[startswith("tcp", "t"), endswith("tcp", "x")]', [true, false]],
  ['compact(["a", "", null])', ['a']],
  ['sort(["b", "a"])', ['a', 'b']],
  ['[min(3, 1), max(3, "5"), abs(-2), floor(1.5), ceil(1.2)]', [1, 5, 2, 1, 2]],
  ['one([])', null],
  ['slice(["a", "b", "c"], 1, 3)', ['b', 'c']],
  ['index(["a", "b"], "b")', 1],
  ['reverse([1, 2])', [2, 1]],
  ['templatefile("x.tpl", {})', '!error'],
  ['provider::x::f(1)', '?provider::x::f()'],
  ['concat(["a"], var.u)', '?var.u', U],
  ['length()', '!error'],
  ['join(",", ["a"]...)', '!error'],
  ['concat(local.ls...)', ['a', 'b'], 'locals {\n  ls = [["a"], ["b"]]\n}'],
];

for (const [expr, expected, extra] of cases) {
  void test(`function: ${expr}`, () => {
    assert.deepEqual(plain(evalLocal(expr, extra).value), expected);
  });
}

void test('lower() keeps the trace of its argument but drops the literal', () => {
  const { value } = evalLocal('lower(var.p)', 'variable "p" {\n  default = "TCP"\n}');
  assert.equal(value.literal, undefined);
  assert.deepEqual(
    value.trace?.map((s) => s.kind),
    ['local', 'variable-default'],
  );
});

void test('join of one element is that element, literal included', () => {
  const { value, files } = evalLocal('join(",", ["0.0.0.0/0"])');
  assert.ok(value.literal);
  assert.equal(files['/w/main.tf']!.slice(value.literal.range.start, value.literal.range.end), '"0.0.0.0/0"');
});
