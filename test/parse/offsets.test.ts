// Offsets inside strings and templates: after escapes of every length (\n, \uXXXX, \UXXXXXXXX), in
// quoted HCL strings (fast and slow paths) and in Terraform JSON strings (whose escapes are decoded
// first, then mapped back), every part's range slices the source to what it stands for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex, parseFile, stripBom } from '../../server/src/parse/index';
import type { Expr, ParsedFile, TemplateExpr } from '../../server/src/parse/index';

const slice = (f: ParsedFile, r: { start: number; end: number }): string => f.text.slice(r.start, r.end);

/** `x = <source>` in HCL, or `{"locals": {"x": <source>}}` in Terraform JSON. */
function template(syntax: 'hcl' | 'json', source: string): { f: ParsedFile; t: TemplateExpr } {
  const f =
    syntax === 'hcl'
      ? parseFile('a.tf', `x = ${source}\n`)
      : parseFile('a.tf.json', `{"locals": {"x": ${source}}}`);
  const body = syntax === 'hcl' ? f.body : f.body.blocks[0]!.body;
  const t = body.attributes[0]!.expr;
  assert.equal(t.kind, 'Template');
  return { f, t: t };
}

/** Each part as [value or expression source, the source its range covers]. */
function parts(f: ParsedFile, t: TemplateExpr): [string, string][] {
  return t.parts.map((p) => {
    if (p.kind === 'Text') return [p.value, slice(f, p.range)];
    if (p.kind === 'Interp') return [`\${${exprSource(f, p.expr)}}`, slice(f, p.range)];
    return [p.kind, slice(f, p.range)];
  });
}

/** The expression read back through its own ranges: a traversal by its names' ranges. */
function exprSource(f: ParsedFile, e: Expr): string {
  if (e.kind === 'GetAttr') return `${exprSource(f, e.object)}.${slice(f, e.nameRange)}`;
  return slice(f, e.range);
}

describe('quoted HCL strings', () => {
  const cases: [string, string, [string, string][]][] = [
    ['plain (fast path)', '"abc"', [['abc', 'abc']]],
    ['empty', '""', []],
    [
      '\\n before an interpolation',
      '"a\\n${var.y}b"',
      [
        ['a\n', 'a\\n'],
        ['${var.y}', '${var.y}'],
        ['b', 'b'],
      ],
    ],
    [
      '\\uXXXX before an interpolation',
      '"\\u00e9${var.y}"',
      [
        ['é', '\\u00e9'],
        ['${var.y}', '${var.y}'],
      ],
    ],
    [
      '\\UXXXXXXXX before an interpolation',
      '"\\U0001F600${var.y}"',
      [
        ['😀', '\\U0001F600'],
        ['${var.y}', '${var.y}'],
      ],
    ],
    [
      'escapes after an interpolation',
      '"${var.y}\\"\\\\\\t"',
      [
        ['${var.y}', '${var.y}'],
        ['"\\\t', '\\"\\\\\\t'],
      ],
    ],
    [
      '$${ and %%{ are literal',
      '"$${a}%%{b}${var.y}"',
      [
        ['${a}%{b}', '$${a}%%{b}'],
        ['${var.y}', '${var.y}'],
      ],
    ],
    [
      'non-ASCII text',
      '"é😀${var.y}"',
      [
        ['é😀', 'é😀'],
        ['${var.y}', '${var.y}'],
      ],
    ],
  ];
  for (const [name, source, want] of cases) {
    it(name, () => {
      const { f, t } = template('hcl', source);
      assert.deepEqual(parts(f, t), want);
      assert.equal(slice(f, t.range), source);
      assert.equal(slice(f, t.valueRange), source.slice(1, -1), 'valueRange is the inside of the quotes');
    });
  }

  it('an unterminated string: the value runs to the end of the line, the range has no closing quote', () => {
    const f = parseFile('a.tf', 'x = "a\\n${var.y}\ny = 1\n');
    const t = f.body.attributes[0]!.expr as TemplateExpr;
    assert.equal(slice(f, t.valueRange), 'a\\n${var.y}');
    assert.equal(slice(f, t.range), '"a\\n${var.y}');
    assert.match(f.errors[0]!.message, /unterminated string/);
    assert.equal(slice(f, f.body.attributes[1]!.expr.range), '1');
  });

  it('a bad escape is reported where it is written, and keeps the character after the backslash', () => {
    const { f, t } = template('hcl', '"a\\qb${var.y}"');
    assert.deepEqual(parts(f, t), [
      ['aqb', 'a\\qb'],
      ['${var.y}', '${var.y}'],
    ]);
    assert.equal(f.errors.length, 1);
    assert.equal(slice(f, f.errors[0]!.range), '\\q');
    assert.equal(f.errors[0]!.message, 'invalid escape sequence "\\q"');
  });

  const badUnicode: [string, string][] = [
    ['"\\u12${var.y}"', '\\u12'],
    ['"\\uD800${var.y}"', '\\uD800'],
    ['"\\U00110000${var.y}"', '\\U00110000'],
  ];
  for (const [source, escape] of badUnicode) {
    it(`an invalid unicode escape ${escape} is reported over its digits, and what follows keeps its place`, () => {
      const { f, t } = template('hcl', source);
      assert.equal(slice(f, f.errors[0]!.range), escape);
      assert.equal(f.errors[0]!.message, `invalid unicode escape "${escape}"`);
      const interp = t.parts.find((p) => p.kind === 'Interp');
      assert.equal(interp && slice(f, interp.range), '${var.y}');
    });
  }
  it('a backslash before an astral character is one escape of both its code units', () => {
    const { f } = template('hcl', '"\\😀"');
    assert.equal(slice(f, f.errors[0]!.range), '\\😀');
  });
});

describe('Terraform JSON strings', () => {
  const cases: [string, string, [string, string][]][] = [
    [
      'no escapes',
      '"a${var.y}b"',
      [
        ['a', 'a'],
        ['${var.y}', '${var.y}'],
        ['b', 'b'],
      ],
    ],
    [
      '\\uXXXX before an interpolation',
      '"\\u0041${var.y}"',
      [
        ['A', '\\u0041'],
        ['${var.y}', '${var.y}'],
      ],
    ],
    [
      'two \\uXXXX',
      '"\\u00e9\\u00e9${var.y}"',
      [
        ['éé', '\\u00e9\\u00e9'],
        ['${var.y}', '${var.y}'],
      ],
    ],
    [
      '\\n and \\" before it',
      '"\\n\\"${var.y}"',
      [
        ['\n"', '\\n\\"'],
        ['${var.y}', '${var.y}'],
      ],
    ],
    [
      'escapes inside the interpolation',
      '"${lookup(var.m, \\"k\\")}"',
      [['${lookup(var.m, \\"k\\")}', '${lookup(var.m, \\"k\\")}']],
    ],
    [
      'after an interpolation',
      '"${var.y}\\u0041b"',
      [
        ['${var.y}', '${var.y}'],
        ['Ab', '\\u0041b'],
      ],
    ],
  ];
  for (const [name, source, want] of cases) {
    it(name, () => {
      const { f, t } = template('json', source);
      assert.deepEqual(f.errors, []);
      // An expression is read back through its own ranges, so it shows as written in the file.
      assert.deepEqual(parts(f, t), want);
      assert.equal(slice(f, t.valueRange), source.slice(1, -1));
    });
  }

  it('the traversal after a \\uXXXX escape is located exactly (name ranges too)', () => {
    const { f, t } = template('json', '"\\u0041\\u0042${var.port}/22"');
    const interp = t.parts[1]!;
    assert.equal(interp.kind, 'Interp');
    if (interp.kind !== 'Interp' || interp.expr.kind !== 'GetAttr') return assert.fail();
    assert.equal(slice(f, interp.expr.range), 'var.port');
    assert.equal(slice(f, interp.expr.nameRange), 'port');
    assert.equal(slice(f, t.parts[2]!.range), '/22');
  });

  it('an error inside an escaped string points into the source', () => {
    const f = parseFile('a.tf.json', '{"locals": {"x": "\\u0041${var.}"}}');
    assert.equal(f.errors.length > 0, true);
    const at = f.text.indexOf('${var.}');
    for (const e of f.errors) {
      assert.ok(e.range.start >= at && e.range.end <= at + '${var.}'.length + 1, JSON.stringify(e));
    }
  });

  it('an invalid escape and an unterminated string are reported where they are', () => {
    const bad = parseFile('a.tf.json', '{"locals": {"x": "a\\qb"}}');
    assert.equal(slice(bad, bad.errors[0]!.range), '\\q');
    assert.equal(bad.errors[0]!.message, 'invalid escape sequence in string');
    const open = parseFile('a.tf.json', '{"locals": {"x": "ab\n}}');
    assert.equal(open.errors[0]!.message, 'unterminated string');
    assert.equal(slice(open, open.errors[0]!.range), '"ab');
  });

  it('a \\u with fewer than 4 hex digits is an invalid escape of two characters', () => {
    const f = parseFile('a.tf.json', '{"locals": {"x": "\\u12g4"}}');
    assert.equal(slice(f, f.errors[0]!.range), '\\u');
  });
});

describe('LineIndex', () => {
  const text = 'ab\r\ncd\ref\n\ngh';
  const index = new LineIndex(text);
  it('counts \\r\\n, a lone \\r and \\n each as one line end', () => {
    assert.equal(index.lineCount, 5);
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((l) => index.lineText(l)),
      ['ab', 'cd', 'ef', '', 'gh'],
    );
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((l) => index.lineStart(l)),
      [0, 4, 7, 10, 11],
    );
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((l) => index.lineEnd(l)),
      [2, 6, 9, 10, 13],
    );
  });
  it('maps every offset to its line and column, and back', () => {
    for (let o = 0; o <= text.length; o++) {
      const p = index.position(o);
      const lineEndsAt = index.lineEnd(p.line);
      assert.ok(o >= index.lineStart(p.line) && (o <= lineEndsAt || text[o - 1] === '\r'), `offset ${o}`);
      if (o <= lineEndsAt) assert.equal(index.offset(p), o, `offset ${o}`);
    }
    assert.deepEqual(index.position(5), { line: 1, character: 1 });
    assert.deepEqual(index.position(13), { line: 4, character: 2 });
  });
  it('clamps what lies outside the text', () => {
    assert.deepEqual(index.position(-3), { line: 0, character: 0 });
    assert.deepEqual(index.position(99), { line: 4, character: 2 });
    assert.equal(index.offset({ line: -1, character: 5 }), 0);
    assert.equal(index.offset({ line: 9, character: 0 }), text.length);
    assert.equal(index.offset({ line: 0, character: 99 }), 2, 'a column past the end stops at the line end');
    assert.equal(index.offset({ line: 1, character: -4 }), 4);
    assert.equal(index.lineStart(-1), 0);
    assert.equal(index.lineStart(99), 11);
  });
  it('the same lines without any \\r', () => {
    const lf = new LineIndex('ab\ncd\n\ngh\n');
    assert.equal(lf.lineCount, 5);
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((l) => lf.lineStart(l)),
      [0, 3, 6, 7, 10],
    );
    assert.deepEqual(lf.range({ start: 4, end: 8 }), {
      start: { line: 1, character: 1 },
      end: { line: 3, character: 1 },
    });
  });
  it('columns are UTF-16 code units', () => {
    assert.deepEqual(new LineIndex('😀é\nx').position(3), { line: 0, character: 3 });
  });
  it('a BOM is removed, and only at the start', () => {
    assert.equal(stripBom('\ufeffa\ufeff'), 'a\ufeff');
    assert.equal(stripBom('a'), 'a');
    assert.equal(stripBom(''), '');
    const f = parseFile('a.tf', '\ufeffx = "v"\n');
    assert.equal(slice(f, f.body.attributes[0]!.expr.range), '"v"');
  });
});
