/**
 * Templates: quoted strings, heredocs (see heredoc.ts) and raw Terraform JSON string contents, read by
 * the TemplateReader (template-reader.ts) into text, interpolation and directive parts.
 */
import type { TemplateExpr, TemplatePart } from './ast';
import type { ExprParser } from './expressions';
import { Mode, TemplateReader } from './template-reader';

export { parseHeredoc } from './heredoc';

/** The current token is `"`: reads the quoted template and leaves the parser after it. */
export function parseQuoted(p: ExprParser): TemplateExpr {
  const start = p.ts;
  // Fast path: most strings have no escapes, interpolations or directives.
  const text = p.text;
  for (let q = start + 1; q < p.limit; q++) {
    const c = text.charCodeAt(q);
    if (c === 34) {
      const parts: TemplatePart[] =
        q > start + 1
          ? [{ kind: 'Text', value: text.slice(start + 1, q), range: { start: start + 1, end: q } }]
          : [];
      p.resetTo(q + 1);
      return {
        kind: 'Template',
        parts,
        heredoc: false,
        range: { start, end: q + 1 },
        valueRange: { start: start + 1, end: q },
      };
    }
    if (c === 92 || c === 36 || c === 37 || c === 10 || c === 13) break;
  }
  const r = new TemplateReader(p, Mode.Quoted, p.te, p.limit);
  const { parts } = r.scan(false);
  let end = r.pos;
  const valueEnd = end;
  if (r.unterminated) p.error('unterminated string: the closing "\\"" is missing', start, end);
  else end++;
  p.resetTo(end);
  return {
    kind: 'Template',
    parts,
    heredoc: false,
    range: { start, end },
    valueRange: { start: start + 1, end: valueEnd },
  };
}

/**
 * Reads `[start, end)` of the parser's text as a template without escapes (a Terraform JSON string
 * whose source has no backslashes). Leaves the parser's position untouched apart from scanning.
 */
export function parseRawTemplate(p: ExprParser, start: number, end: number): TemplatePart[] {
  const r = new TemplateReader(p, Mode.Raw, start, end);
  return r.scan(false).parts;
}
