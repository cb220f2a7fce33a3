/**
 * Function calls `name(args...)`, with `...` expansion of the final argument. Arguments are read with
 * newlines ignored; a fresh line that looks like the next attribute ends an unclosed call.
 */
import type { Expr } from './ast';
import type { ExprParser } from './expressions';
import { rng, trimmed } from './positions';
import { T } from './tokens';
import { quoted } from '../model/safe-text';

/** The current token is the call's name: `paren` is the offset of its `(`. */
export function parseCall(p: ExprParser, start: number, nameEnd: number, paren: number): Expr {
  const name = p.text.slice(start, nameEnd);
  const args: Expr[] = [];
  let expandFinal = false;
  const outer = p.skipNl;
  p.skipNl = true;
  p.resetTo(paren + 1);
  let closed = false;
  while (!p.at(T.EOF)) {
    if (p.at(T.RParen)) {
      closed = true;
      break;
    }
    if (p.nlBefore && p.looksLikeBodyItem()) break;
    args.push(p.parseExpression());
    if (p.at(T.Ellipsis)) {
      expandFinal = true;
      p.next();
      if (!p.at(T.RParen)) p.missing(p.expectMsg('")" after "..."'));
    }
    if (p.at(T.Comma)) {
      p.next();
      continue;
    }
    if (p.at(T.RParen)) continue;
    if (p.nlBefore) break;
    p.missing(p.expectMsg('"," or ")" in function arguments'));
    closed = p.recoverTo(T.RParen);
    p.skipNl = outer;
    p.rescan();
    return callNode(p, name, start, nameEnd, args, expandFinal);
  }
  p.skipNl = outer;
  if (closed) p.next();
  else {
    p.error(`unclosed "(" in call to ${quoted(name)}`, paren, paren + 1);
    p.rescan();
  }
  return callNode(p, name, start, nameEnd, args, expandFinal);
}

function callNode(
  p: ExprParser,
  name: string,
  start: number,
  nameEnd: number,
  args: Expr[],
  expandFinal: boolean,
): Expr {
  return {
    kind: 'Call',
    name,
    nameRange: rng(start, nameEnd),
    args: trimmed(args),
    expandFinal,
    range: rng(start, p.prevEnd),
  };
}
