/**
 * Terraform JSON syntax → the shared syntax tree. Top-level keys name block types (with the label
 * depth Terraform gives them), nested-block keys are known per block type, everything else is an
 * attribute. Strings are templates (`${...}` parsed with ranges in the file) except where Terraform
 * takes literal values: a variable's `default` and every value of a `.tfvars.json` file.
 */
import type {
  Attribute,
  Block,
  BlockLabel,
  Body,
  Expr,
  ObjectItem,
  Range,
  SyntaxError,
  TemplateExpr,
} from './ast';
import { ExprParser } from './expressions';
import { type JMember, type JObject, type JString, type JValue, parseJson, valueOffsets } from './json';
import { parseRawTemplate } from './templates';

const TOP_LABELS: Record<string, number> = {
  resource: 2,
  data: 2,
  ephemeral: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  check: 1,
};

const RESOURCE_BLOCKS: Record<string, number> = {
  lifecycle: 0,
  provisioner: 1,
  connection: 0,
  dynamic: 1,
  timeouts: 0,
};

/** Nested-block keys (and their label counts) inside each block type. */
const NESTED: Record<string, Record<string, number>> = {
  resource: RESOURCE_BLOCKS,
  data: RESOURCE_BLOCKS,
  ephemeral: RESOURCE_BLOCKS,
  module: RESOURCE_BLOCKS,
  dynamic: { content: 0 },
  provisioner: { connection: 0 },
  lifecycle: { precondition: 0, postcondition: 0 },
  variable: { validation: 0 },
  output: { precondition: 0 },
  terraform: { required_providers: 0, backend: 1, cloud: 0 },
  cloud: { workspaces: 0 },
  check: { data: 2, assert: 0 },
};

/**
 * Values nested deeper than this are kept as one unknown (`reason`): evaluation stops at 250 levels
 * anyway, and the syntax tree stays shallow enough for every recursive pass over it.
 */
const MAX_VALUE_DEPTH = 500;
export const TOO_DEEP = '(value nested more than 500 levels deep)';

export function parseTerraformJson(text: string, tfvars: boolean): { body: Body; errors: SyntaxError[] } {
  const errors: SyntaxError[] = [];
  const root = parseJson(text, errors);
  const lower = new Lowering(text, errors);
  const whole = { start: 0, end: text.length };
  if (root.kind !== 'object') {
    if (root.kind !== 'invalid')
      errors.push({ message: 'a Terraform JSON file must hold one object', range: root.range });
    return { body: emptyBody(whole), errors };
  }
  if (tfvars) {
    const body = emptyBody(whole);
    for (const m of root.members) body.attributes.push(lower.attribute(m, true));
    return { body, errors };
  }
  const body = emptyBody(whole);
  for (const m of root.members) {
    const type = m.key.value;
    if (type === '//') continue;
    lower.blocks(type, m.key, [], TOP_LABELS[type] ?? 0, m.value, body.blocks);
  }
  return { body, errors };
}

function emptyBody(range: Range): Body {
  return { kind: 'Body', attributes: [], blocks: [], range };
}

/** The string's contents: inside the quotes (an unterminated string has no closing quote). */
function inside(s: JString): Range {
  const closed = s.range.end - s.range.start >= 2 && !s.unterminated;
  return { start: s.range.start + 1, end: closed ? s.range.end - 1 : s.range.end };
}

class Lowering {
  private exprParser: ExprParser | undefined;

  constructor(
    private readonly text: string,
    private readonly errors: SyntaxError[],
  ) {}

  /** One block per body object; `labelsLeft` label levels (objects keyed by label) come first. */
  blocks(
    type: string,
    typeKey: JString,
    labels: BlockLabel[],
    labelsLeft: number,
    v: JValue,
    out: Block[],
    inArray = false,
  ): void {
    if (v.kind === 'array' && !inArray) {
      for (const item of v.items) this.blocks(type, typeKey, labels, labelsLeft, item, out, true);
      return;
    }
    if (v.kind !== 'object') {
      this.errors.push({ message: `expected an object for block "${type}"`, range: v.range });
      return;
    }
    if (labelsLeft > 0) {
      for (const m of v.members) {
        if (m.key.value === '//') continue;
        const label = { value: m.key.value, range: m.key.range };
        this.blocks(type, typeKey, [...labels, label], labelsLeft - 1, m.value, out);
      }
      return;
    }
    const start = labels.length > 0 ? labels[labels.length - 1]!.range.start : typeKey.range.start;
    out.push({
      kind: 'Block',
      type,
      typeRange: typeKey.range,
      labels,
      body: this.body(type, v),
      range: { start, end: v.range.end },
    });
  }

  private body(type: string, o: JObject): Body {
    const body = emptyBody(o.range);
    const nested = NESTED[type];
    for (const m of o.members) {
      const key = m.key.value;
      if (key === '//') continue;
      const labels = nested?.[key];
      if (labels !== undefined) this.blocks(key, m.key, [], labels, m.value, body.blocks);
      else body.attributes.push(this.attribute(m, type === 'variable' && key === 'default'));
    }
    return body;
  }

  attribute(m: JMember, literal: boolean): Attribute {
    const expr = this.expr(m.value, literal);
    return {
      kind: 'Attribute',
      name: m.key.value,
      nameRange: inside(m.key),
      expr,
      range: { start: m.key.range.start, end: m.value.range.end },
    };
  }

  private expr(v: JValue, literal: boolean, depth = 0): Expr {
    switch (v.kind) {
      case 'string':
        return this.template(v, literal);
      case 'number':
      case 'literal':
        return { kind: 'Literal', value: v.value, range: v.range };
      case 'array':
      case 'object':
        // Valid JSON, deeper than any value evaluation works out: unknown, not a syntax error.
        if (depth >= MAX_VALUE_DEPTH) return { kind: 'Invalid', range: v.range, reason: TOO_DEEP };
        if (v.kind === 'array')
          return {
            kind: 'Tuple',
            items: v.items.map((i) => this.expr(i, literal, depth + 1)),
            range: v.range,
          };
        return {
          kind: 'Object',
          items: v.members.map((m): ObjectItem => ({
            key: this.template(m.key, literal),
            bareKey: false,
            value: this.expr(m.value, literal, depth + 1),
            range: { start: m.key.range.start, end: m.value.range.end },
          })),
          range: v.range,
        };
      case 'invalid':
        return { kind: 'Invalid', range: v.range };
    }
  }

  private template(s: JString, literal: boolean): TemplateExpr {
    const valueRange = inside(s);
    const tpl: TemplateExpr = { kind: 'Template', parts: [], heredoc: false, range: s.range, valueRange };
    const value = s.value;
    if (value.length === 0) return tpl;
    if (literal || (value.indexOf('${') < 0 && value.indexOf('%{') < 0)) {
      tpl.parts.push({ kind: 'Text', value: unescapeTemplate(value, literal), range: valueRange });
      return tpl;
    }
    if (!s.escaped) {
      this.exprParser ??= new ExprParser(this.text);
      const p = this.exprParser;
      const before = p.errors.length;
      tpl.parts = parseRawTemplate(p, valueRange.start, valueRange.end);
      for (let i = before; i < p.errors.length; i++) this.errors.push(p.errors[i]!);
      return tpl;
    }
    // Escapes: parse the decoded value on its own, then map every range back into the token.
    const sub = new ExprParser(value);
    const parts = parseRawTemplate(sub, 0, value.length);
    const offsets = valueOffsets(this.text, s);
    const map = (o: number): number => offsets[Math.min(o, offsets.length - 1)] ?? valueRange.start;
    remapRanges(parts, map);
    tpl.parts = parts;
    for (const e of sub.errors)
      this.errors.push({ message: e.message, range: { start: map(e.range.start), end: map(e.range.end) } });
    return tpl;
  }
}

/** `$${` / `%%{` still mean literal `${` / `%{` in a string with no interpolation. */
function unescapeTemplate(value: string, literal: boolean): string {
  if (literal || value.indexOf('{') < 0) return value;
  return value.replaceAll('$${', '${').replaceAll('%%{', '%{');
}

const RANGE_KEYS = ['range', 'nameRange', 'valueRange'] as const;

function remapRanges(node: unknown, map: (o: number) => number): void {
  if (Array.isArray(node)) {
    for (const n of node) remapRanges(n, map);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const rec = node as Record<string, unknown>;
  for (const k of RANGE_KEYS) {
    const r = rec[k] as Range | undefined;
    if (r && typeof r.start === 'number') {
      r.start = map(r.start);
      r.end = Math.max(r.start, map(r.end));
    }
  }
  for (const k in rec) {
    if (k === 'range' || k === 'nameRange' || k === 'valueRange') continue;
    const v = rec[k];
    if (v !== null && typeof v === 'object') remapRanges(v, map);
  }
}
