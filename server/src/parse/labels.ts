/**
 * Block labels: the identifiers and quoted strings between a block's type and its `{`
 * (`resource "alicloud_security_group_rule" "ssh"`). A label is a plain string: templates are reported.
 */
import type { BlockLabel } from './ast';
import type { ExprParser } from './expressions';
import { parseQuoted } from './templates';
import { trimmed } from './positions';
import { T } from './tokens';

/** Reads the labels after a block type (none when the current token is neither an identifier nor `"`). */
export function readLabels(p: ExprParser): BlockLabel[] {
  let labels: BlockLabel[] | undefined;
  for (;;) {
    let label: BlockLabel;
    if (p.at(T.Ident)) {
      label = { value: p.tokenText(), range: { start: p.ts, end: p.te } };
      p.next();
    } else if (p.at(T.OQuote)) {
      label = plainLabel(p) ?? templateLabel(p);
    } else {
      // Most blocks have 0-2 labels, kept for the whole lint: no spare capacity (see `trimmed`).
      return labels ? trimmed(labels) : [];
    }
    if (!labels) labels = [label];
    else labels.push(label);
  }
}

/** A quoted label without escapes or templates (nearly all of them), read without a template. */
function plainLabel(p: ExprParser): BlockLabel | undefined {
  const text = p.text;
  const start = p.ts;
  for (let q = start + 1; q < p.limit; q++) {
    const c = text.charCodeAt(q);
    if (c === 34) {
      p.resetTo(q + 1);
      return { value: text.slice(start + 1, q), range: { start, end: q + 1 } };
    }
    if (c === 92 || c === 36 || c === 37 || c === 10 || c === 13) return undefined;
  }
  return undefined;
}

function templateLabel(p: ExprParser): BlockLabel {
  const tpl = parseQuoted(p);
  let value = '';
  for (const part of tpl.parts) {
    if (part.kind === 'Text') value += part.value;
    else
      p.error('a block label cannot contain interpolations or directives', part.range.start, part.range.end);
  }
  return { value, range: tpl.range };
}
