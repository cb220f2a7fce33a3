// Equivalent mutants of the parse offsets target, in the format of equivalent.mjs.

/** One entry per [mutator, original, replacement] of one line. */
const on = (file, line, mutants, reason) =>
  mutants.map(([mutator, original, replacement]) => ({ file, mutator, line, original, replacement, reason }));

const LOWER = 'server/src/parse/json-lower.ts';
const JSON_TS = 'server/src/parse/json.ts';
const TEMPLATES = 'server/src/parse/templates.ts';
const ESCAPES = 'server/src/parse/template-escapes.ts';

// Fast paths whose slow path gives the same tree: test/parse/json-ranges.test.ts compares both
// languages' trees, so a slow path that differed would be caught there.
const SLOW_PATH_TOO =
  'a fast path only: the general path reads the same string into the same parts and ranges';

export const EQUIVALENT_PARSE = [
  ...on(
    LOWER,
    'const closed = s.range.end - s.range.start >= 2 && !s.unterminated;',
    [
      ['ConditionalExpression', 's.range.end - s.range.start >= 2', 'true'],
      ['ArithmeticOperator', 's.range.end - s.range.start', 's.range.end + s.range.start'],
    ],
    'a string that is not unterminated has both its quotes, so at least 2 characters',
  ),
  ...on(
    LOWER,
    "if (literal || (value.indexOf('${') < 0 && value.indexOf('%{') < 0)) {",
    [
      ['ConditionalExpression', "value.indexOf('${') < 0 && value.indexOf('%{') < 0", 'false'],
      ['StringLiteral', "'${'", '""'],
      ['StringLiteral', "'%{'", '""'],
    ],
    `${SLOW_PATH_TOO} (the template reader makes text without interpolations or directives one Text part)`,
  ),
  {
    file: LOWER,
    mutator: 'BlockStatement',
    line: 'if (!s.escaped) {',
    original:
      '{\n      this.exprParser ??= new ExprParser(this.text);\n      const p = this.exprParser;\n      const before = p.errors.length;\n      tpl.parts = parseRawTemplate(p, valueRange.start, valueRange.end);\n      for (let i = before; i < p.errors.length; i++) this.errors.push(p.errors[i]!);\n      return tpl;\n    }',
    replacement: '{}',
    reason: `${SLOW_PATH_TOO} (decoding a string without escapes maps every offset to itself)`,
  },
  ...on(
    LOWER,
    'const map = (o: number): number => offsets[Math.min(o, offsets.length - 1)] ?? valueRange.start;',
    [['ArithmeticOperator', 'offsets.length - 1', 'offsets.length + 1']],
    'ranges of the decoded value never pass its end, offsets.length - 1, so the clamp never applies',
  ),
  {
    file: LOWER,
    mutator: 'BlockStatement',
    line: 'if (Array.isArray(node)) {',
    original: '{\n    for (const n of node) remapRanges(n, map);\n    return;\n  }',
    replacement: '{}',
    reason: 'an array walked as an object has no range fields and visits the same elements by index',
  },
  ...on(
    LOWER,
    "if (node === null || typeof node !== 'object') return;",
    [
      ['ConditionalExpression', "node === null || typeof node !== 'object'", 'false'],
      [
        'LogicalOperator',
        "node === null || typeof node !== 'object'",
        "node === null && typeof node !== 'object'",
      ],
      ['ConditionalExpression', 'node === null', 'false'],
      ['ConditionalExpression', "typeof node !== 'object'", 'false'],
    ],
    'the caller passes only the parts array and non-null objects; a primitive would have no range field and no object inside',
  ),
  ...on(
    LOWER,
    "if (r && typeof r.start === 'number') {",
    [['ConditionalExpression', "typeof r.start === 'number'", 'true']],
    'every range, nameRange and valueRange of the tree has a numeric start',
  ),
  ...on(
    LOWER,
    "if (k === 'range' || k === 'nameRange' || k === 'valueRange') continue;",
    [
      ['ConditionalExpression', "k === 'range' || k === 'nameRange' || k === 'valueRange'", 'false'],
      ['ConditionalExpression', "k === 'range' || k === 'nameRange'", 'false'],
      ['ConditionalExpression', "k === 'range'", 'false'],
      ['StringLiteral', "'range'", '""'],
      ['ConditionalExpression', "k === 'nameRange'", 'false'],
      ['StringLiteral', "'nameRange'", '""'],
      ['ConditionalExpression', "k === 'valueRange'", 'false'],
      ['StringLiteral', "'valueRange'", '""'],
    ],
    'walking into a range object finds only its two numbers: nothing to remap',
  ),
  ...on(
    LOWER,
    "if (v !== null && typeof v === 'object') remapRanges(v, map);",
    [
      ['ConditionalExpression', "v !== null && typeof v === 'object'", 'true'],
      ['LogicalOperator', "v !== null && typeof v === 'object'", "v !== null || typeof v === 'object'"],
      ['ConditionalExpression', 'v !== null', 'true'],
      ['ConditionalExpression', "typeof v === 'object'", 'true'],
    ],
    'remapRanges returns at once for null and primitives',
  ),
  ...on(
    JSON_TS,
    'let escaped = false;',
    [['BooleanLiteral', 'false', 'true']],
    `${SLOW_PATH_TOO} (a string marked escaped is decoded and mapped back; without escapes every offset maps to itself)`,
  ),
  ...on(
    JSON_TS,
    'return e === 117 && /^[0-9a-fA-F]{4}$/.test(hex) ? String.fromCharCode(parseInt(hex, 16)) : undefined;',
    [
      ['Regex', '/^[0-9a-fA-F]{4}$/', '/[0-9a-fA-F]{4}$/'],
      ['Regex', '/^[0-9a-fA-F]{4}$/', '/^[0-9a-fA-F]{4}/'],
    ],
    'hex is at most 4 characters, so 4 hex digits anchored at one end are the whole of it',
  ),
  ...on(
    JSON_TS,
    'while (pos < end) {',
    [['EqualityOperator', 'pos < end', 'pos <= end']],
    'only an unterminated string gets to end; one more offset equal to end is pushed, the same as the last one',
  ),
  ...on(
    JSON_TS,
    'if (c === 34 && pos === end - 1) break;',
    [
      ['ConditionalExpression', 'c === 34 && pos === end - 1', 'false'],
      ['ConditionalExpression', 'pos === end - 1', 'true'],
      ['EqualityOperator', 'pos === end - 1', 'pos !== end - 1'],
      ['ArithmeticOperator', 'end - 1', 'end + 1'],
    ],
    'an unescaped quote is only the closing one; not stopping there adds an offset past value.length, which no range reaches',
  ),
  ...on(
    TEMPLATES,
    'for (let q = start + 1; q < p.limit; q++) {',
    [
      ['ConditionalExpression', 'q < p.limit', 'false'],
      ['EqualityOperator', 'q < p.limit', 'q >= p.limit'],
      ['EqualityOperator', 'q < p.limit', 'q <= p.limit'],
    ],
    `${SLOW_PATH_TOO} (past the limit, charCodeAt is NaN or a character the slow path would stop at too)`,
  ),
  ...on(TEMPLATES, 'if (c === 34) {', [['ConditionalExpression', 'c === 34', 'false']], SLOW_PATH_TOO),
  ...on(
    TEMPLATES,
    'if (c === 92 || c === 36 || c === 37 || c === 10 || c === 13) break;',
    [
      ['ConditionalExpression', 'c === 92 || c === 36 || c === 37 || c === 10 || c === 13', 'true'],
      ['EqualityOperator', 'c === 13', 'c !== 13'],
    ],
    SLOW_PATH_TOO,
  ),
  ...on(
    ESCAPES,
    'while (q < pos + 2 + n && q < end && isHex(text.charCodeAt(q))) q++;',
    [
      ['ConditionalExpression', 'q < end', 'true'],
      ['EqualityOperator', 'q < end', 'q <= end'],
    ],
    'end is where the text ends (the decoded value of a JSON string is a text of its own): charCodeAt there is NaN, not a hex digit',
  ),
];
