/**
 * For expressions: `[for k, v in coll : value if cond]` and
 * `{for k, v in coll : key => value... if cond}`. A missing piece is reported once and the rest of
 * the bracket is skipped.
 */
import type { Expr, ForExpr } from './ast';
import type { ExprParser } from './expressions';
import { rng } from './positions';
import { T } from './tokens';

/**
 * The current token is `for`, right after the opening `[` or `{` at `start`; `outer` is the newline
 * mode to restore after the closing bracket.
 */
export function parseForExpr(p: ExprParser, start: number, isObject: boolean, outer: boolean): Expr {
  const closer = isObject ? T.RBrace : T.RBrack;
  const fail = (what: string): Expr => {
    p.missing(p.expectMsg(what));
    p.recoverTo(closer);
    p.skipNl = outer;
    p.rescan();
    return { kind: 'Invalid', range: rng(start, p.prevEnd) };
  };
  p.next();
  if (!p.at(T.Ident)) return fail('a variable name after "for"');
  let keyVar: string | undefined;
  let valueVar = p.tokenText();
  p.next();
  if (p.at(T.Comma)) {
    p.next();
    if (!p.at(T.Ident)) return fail('a second variable name after ","');
    keyVar = valueVar;
    valueVar = p.tokenText();
    p.next();
  }
  if (!p.isWord('in')) return fail('"in" after the for variables');
  p.next();
  const collection = p.parseExpression();
  if (!p.at(T.Colon)) return fail('":" after the for collection');
  p.next();
  let keyExpr: Expr | undefined;
  let valueExpr = p.parseExpression();
  let group = false;
  if (isObject) {
    if (!p.at(T.Arrow)) return fail('"=>" in object for expression');
    p.next();
    keyExpr = valueExpr;
    valueExpr = p.parseExpression();
    if (p.at(T.Ellipsis)) {
      group = true;
      p.next();
    }
  }
  let cond: Expr | undefined;
  if (p.isWord('if')) {
    p.next();
    cond = p.parseExpression();
  }
  if (p.t !== closer)
    return fail(isObject ? '"}" to close the for expression' : '"]" to close the for expression');
  p.skipNl = outer;
  p.next();
  const node: ForExpr = {
    kind: 'For',
    valueVar,
    collection,
    valueExpr,
    group,
    isObject,
    range: rng(start, p.prevEnd),
  };
  if (keyVar !== undefined) node.keyVar = keyVar;
  if (keyExpr) node.keyExpr = keyExpr;
  if (cond) node.cond = cond;
  return node;
}
