/**
 * Collection constructors: tuples `[a, b]` (newlines ignored) and objects `{ k = v }` (newline- or
 * comma-separated items). Either may turn out to be a for expression after its opening bracket.
 */
import type { Expr, ObjectItem } from './ast';
import { parseForExpr } from './expression-for';
import type { ExprParser } from './expressions';
import { rng, trimmed } from './positions';
import { T } from './tokens';

export function parseTuple(p: ExprParser): Expr {
  const start = p.ts;
  const outer = p.skipNl;
  p.skipNl = true;
  p.next();
  if (p.isWord('for')) return parseForExpr(p, start, false, outer);
  const items: Expr[] = [];
  let closed = false;
  while (!p.at(T.EOF)) {
    if (p.at(T.RBrack)) {
      closed = true;
      break;
    }
    if (p.nlBefore && p.looksLikeBodyItem()) break;
    items.push(p.parseExpression());
    if (p.at(T.Comma)) {
      p.next();
      continue;
    }
    if (p.at(T.RBrack)) continue;
    if (p.nlBefore || p.at(T.RBrace) || p.at(T.RParen)) break;
    p.missing(p.expectMsg('"," or "]" in tuple'));
    closed = p.recoverTo(T.RBrack);
    p.skipNl = outer;
    p.rescan();
    return { kind: 'Tuple', items: trimmed(items), range: rng(start, p.prevEnd) };
  }
  p.skipNl = outer;
  if (closed) p.next();
  else {
    p.error('unclosed "[": "]" is missing', start, start + 1);
    p.rescan();
  }
  return { kind: 'Tuple', items: trimmed(items), range: rng(start, p.prevEnd) };
}

export function parseObject(p: ExprParser): Expr {
  const start = p.ts;
  const outer = p.skipNl;
  p.skipNl = false;
  p.next();
  while (p.at(T.NL)) p.next();
  if (p.isWord('for')) {
    p.skipNl = true;
    return parseForExpr(p, start, true, outer);
  }
  const items: ObjectItem[] = [];
  let closed = false;
  for (;;) {
    while (p.at(T.NL)) p.next();
    if (p.at(T.RBrace)) {
      closed = true;
      break;
    }
    if (p.at(T.EOF) || p.at(T.RBrack) || p.at(T.RParen)) break;
    if (looksLikeBlock(p)) break;
    const item = objectItem(p);
    if (item) items.push(item);
    if (p.at(T.Comma)) {
      p.next();
      continue;
    }
    if (p.at(T.NL) || p.at(T.RBrace)) continue;
    if (p.at(T.EOF)) break;
    p.missing(p.expectMsg('newline, "," or "}" after object item'));
    p.skipLine();
  }
  p.skipNl = outer;
  if (closed) p.next();
  else {
    p.error('unclosed "{": "}" is missing', start, start + 1);
    p.rescan();
  }
  return { kind: 'Object', items: trimmed(items), range: rng(start, p.prevEnd) };
}

/** `name {` or `name "label"` inside an object constructor: a nested block of an unfinished file. */
function looksLikeBlock(p: ExprParser): boolean {
  if (!p.at(T.Ident)) return false;
  const c = p.charAfterToken();
  return c === 123 || c === 34;
}

function objectItem(p: ExprParser): ObjectItem | undefined {
  const start = p.ts;
  const key = p.parseExpression();
  const bareKey = key.kind === 'Variable';
  if (!p.at(T.Eq) && !p.at(T.Colon)) {
    p.missing(p.expectMsg('"=" or ":" after object key'));
    p.skipLine();
    return key.kind === 'Invalid'
      ? undefined
      : {
          key,
          bareKey,
          value: { kind: 'Invalid', range: rng(p.prevEnd, p.prevEnd) },
          range: rng(start, key.range.end),
        };
  }
  p.next();
  const value = p.parseExpression();
  return { key, bareKey, value, range: rng(start, p.prevEnd) };
}
