// Terraform JSON strings against native HCL: the same string body, written in a `.tf.json` and in a
// `.tf` file, must give the same template tree with the same ranges relative to the opening quote —
// every node, however deep (calls, indexes, operators, directives), and every error. The escapes
// used (\n, \t, \\, \", \uXXXX) are spelled alike in both languages, so HCL's parser, which reads
// the source in place, is the oracle for the JSON lowering, which decodes the string first and maps
// each range back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFile } from '../../server/src/parse/index';

type Flat = [string, string, number | string][];

/** Every field of the tree, with ranges made relative to `origin` (the opening quote). */
function flatten(node: unknown, origin: number, path = '', out: Flat = []): Flat {
  if (Array.isArray(node)) {
    node.forEach((n, i) => flatten(n, origin, `${path}[${i}]`, out));
    return out;
  }
  if (node === null || typeof node !== 'object') {
    out.push([path, typeof node, JSON.stringify(node) ?? 'undefined']);
    return out;
  }
  for (const [k, v] of Object.entries(node)) {
    const isRange = v !== null && typeof v === 'object' && 'start' in v && 'end' in v;
    if (isRange) {
      const r = v as { start: number; end: number };
      out.push([`${path}.${k}`, 'range', `${r.start - origin}..${r.end - origin}`]);
    } else flatten(v, origin, `${path}.${k}`, out);
  }
  return out;
}

function both(body: string) {
  const hclText = `x = "${body}"\n`;
  const jsonText = `{"locals": {"x": "${body}"}}`;
  const hcl = parseFile('a.tf', hclText);
  const json = parseFile('a.tf.json', jsonText);
  const hclOrigin = hclText.indexOf('"');
  const jsonOrigin = jsonText.indexOf('"', jsonText.indexOf(':', 10));
  const hclExpr = hcl.body.attributes[0]!.expr;
  const jsonExpr = json.body.blocks[0]!.body.attributes[0]!.expr;
  const errors = (f: typeof hcl, origin: number) =>
    f.errors.map((e) => `${e.message} @${e.range.start - origin}..${e.range.end - origin}`);
  return {
    hcl: { tree: flatten(hclExpr, hclOrigin), errors: errors(hcl, hclOrigin) },
    json: { tree: flatten(jsonExpr, jsonOrigin), errors: errors(json, jsonOrigin) },
    jsonText,
    jsonOrigin,
  };
}

describe('Terraform JSON template ranges, against the same template in HCL', () => {
  const bodies = [
    // No escapes: HCL's fast path for plain strings, and the JSON lowering's for plain text.
    'abc',
    '',
    'a$b%c{d}',
    '%{ if var.on }yes%{ endif }',
    '$${x} %%{y}',
    'x\\n ${var.x[0] + local.y}',
    '\\u00e9${upper(var.name)}-\\"q\\"${a.b.c}',
    '${var.a}\\t${var.b}',
    '\\\\%{ if var.on }yes ${var.x}%{ else }no%{ endif }',
    '\\n%{ for k, v in var.m }${k}=${v},%{ endfor }',
    '$${literal} \\n ${var.x}',
    '\\n${ {a = 1, b = [var.c, 2]} }',
    '\\u0041\\u0042${cond ? var.a : -var.b}${!var.c}',
    '\\t${[for s in var.l : s if s != 0]}',
  ];
  for (const body of bodies) {
    it(body, () => {
      const { hcl, json } = both(body);
      assert.deepEqual(hcl.errors, []);
      assert.deepEqual(json.errors, hcl.errors);
      assert.deepEqual(json.tree, hcl.tree);
    });
  }
  it('a syntax error inside an interpolation (after an escape or not) is reported where it is written', () => {
    for (const body of ['${var.}', '\\n${var.}', '\\u00e9 ${(var.a + }', '\\t${var.a}${var.b.}']) {
      const { hcl, json } = both(body);
      assert.notDeepEqual(hcl.errors, [], body);
      assert.deepEqual(json.errors, hcl.errors, body);
    }
  });
});

describe('Terraform JSON strings that are not well formed', () => {
  /** `{"locals": {"x": <rest>`: the template, its source, and the errors as `message @slice`. */
  function lower(rest: string) {
    const text = `{"locals": {"x": ${rest}`;
    const f = parseFile('a.tf.json', text);
    const t = f.body.blocks[0]!.body.attributes[0]!.expr;
    assert.equal(t.kind, 'Template');
    const slice = (r: { start: number; end: number }) => text.slice(r.start, r.end);
    const parts = t.kind === 'Template' ? t.parts.map((p) => `${p.kind} ${slice(p.range)}`) : [];
    return { text, t, slice, parts, errors: f.errors.map((e) => `${e.message} @${slice(e.range)}`) };
  }

  it('an invalid escape leaves the interpolation after it where it is written', () => {
    // The escape decodes to nothing; what follows its two characters is read as text.
    for (const escape of ['\\x', '\\x0041', '\\uZZ', '\\u12']) {
      const { parts, errors } = lower(`"${escape}\${var.y}"}}`);
      assert.deepEqual(errors, ['invalid escape sequence in string @' + escape.slice(0, 2)], escape);
      const rest = escape.slice(2);
      assert.deepEqual(parts, [...(rest ? [`Text ${rest}`] : []), 'Interp ${var.y}'], escape);
    }
  });
  for (const [name, end] of [
    ['at the end of the file', ''],
    ['at a line feed', '\n}}'],
    ['at a carriage return', '\r\n}}'],
  ] as const) {
    it(`a string left open ${name} ends there, its interpolations in place`, () => {
      const { text, t, slice, parts, errors } = lower(`"a\\n\${var.y}${end}`);
      if (end === '') assert.equal(t.range.end, text.length);
      assert.equal(errors[0], 'unterminated string @"a\\n${var.y}');
      assert.equal(slice(t.range), '"a\\n${var.y}');
      assert.equal(t.kind === 'Template' && slice(t.valueRange), 'a\\n${var.y}');
      assert.deepEqual(parts, ['Text a\\n', 'Interp ${var.y}']);
    });
  }
  it('a backslash at the end of the file ends the string', () => {
    const { text, t, errors } = lower('"ab\\');
    assert.equal(t.range.end, text.length);
    assert.deepEqual(errors.slice(0, 2), [
      'invalid escape sequence in string @\\',
      'unterminated string @"ab\\',
    ]);
  });
});
