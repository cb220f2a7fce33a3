/**
 * The head of a template directive: `%{if cond}`, `%{for k, v in coll}`, `%{else}`, `%{endif}`,
 * `%{endfor}`. The template reader then reads the parts the directive encloses.
 */
import type { Expr } from './ast';
import type { ExprParser } from './expressions';
import { T } from './tokens';

export interface DirectiveHeader {
  /** `if`, `for`, `else`, `endif` or `endfor`; empty when the directive is unreadable (reported). */
  kind: string;
  cond?: Expr;
  keyVar?: string;
  valueVar: string;
  collection?: Expr;
}

/** Reads a directive's keyword and expressions; the parser stops before the optional `~` and the `}`. */
export function readDirectiveHeader(p: ExprParser): DirectiveHeader {
  const h: DirectiveHeader = { kind: '', valueVar: '' };
  if (p.isWord('if')) {
    h.kind = 'if';
    p.next();
    h.cond = p.parseExpression();
  } else if (p.isWord('for')) {
    h.kind = 'for';
    p.next();
    if (p.at(T.Ident)) {
      h.valueVar = p.tokenText();
      p.next();
      if (p.at(T.Comma)) {
        p.next();
        h.keyVar = h.valueVar;
        h.valueVar = p.at(T.Ident) ? p.tokenText() : '';
        if (p.at(T.Ident)) p.next();
      }
    }
    if (!h.valueVar) p.missing(p.expectMsg('a variable name after "for"'));
    else if (!p.isWord('in')) p.missing(p.expectMsg('"in" after the for variables'));
    else {
      p.next();
      h.collection = p.parseExpression();
    }
  } else if (p.isWord('else') || p.isWord('endif') || p.isWord('endfor')) {
    h.kind = p.tokenText();
    p.next();
  } else {
    p.missing(p.expectMsg('"if", "for", "else", "endif" or "endfor" after "%{"'));
  }
  return h;
}
