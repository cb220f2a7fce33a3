/**
 * The traversals that follow a primary expression: `.name`, `[key]`, the legacy `.0` index, and the
 * splats `.*` / `[*]` with the attribute and index steps they carry.
 */
import type { Expr, SplatStep } from './ast';
import type { ExprParser } from './expressions';
import { rng } from './positions';
import { isDigit, isIdentStart, T } from './tokens';

export function parsePostfix(p: ExprParser, primary: Expr): Expr {
  let e = primary;
  for (;;) {
    if (p.at(T.Dot)) {
      const c = p.text.charCodeAt(p.te);
      if (isDigit(c)) {
        e = legacyIndex(p, e);
        continue;
      }
      p.next();
      if (p.at(T.Ident)) {
        e = getAttr(p, e);
        continue;
      }
      if (p.at(T.Star)) {
        p.next();
        e = splat(p, e, false);
        continue;
      }
      p.missing(p.expectMsg('attribute name after "."'));
      return { kind: 'Invalid', range: rng(e.range.start, p.prevEnd) };
    }
    if (p.at(T.LBrack)) {
      const outer = p.skipNl;
      p.skipNl = true;
      p.next();
      if (p.at(T.Star)) {
        p.next();
        p.skipNl = outer;
        if (!p.at(T.RBrack)) {
          p.missing(p.expectMsg('"]" after "[*"'));
          return { kind: 'Invalid', range: rng(e.range.start, p.prevEnd) };
        }
        p.next();
        e = splat(p, e, true);
        continue;
      }
      const key = p.parseExpression();
      p.skipNl = outer;
      if (!p.at(T.RBrack)) {
        p.missing(p.expectMsg('"]" to close the index'));
        p.rescan();
        return { kind: 'Index', object: e, key, range: rng(e.range.start, p.prevEnd) };
      }
      p.next();
      e = { kind: 'Index', object: e, key, range: rng(e.range.start, p.prevEnd) };
      continue;
    }
    return e;
  }
}

function getAttr(p: ExprParser, object: Expr): Expr {
  const nameRange = rng(p.ts, p.te);
  const name = p.tokenText();
  p.next();
  return { kind: 'GetAttr', object, name, nameRange, range: rng(object.range.start, nameRange.end) };
}

/** `a.0`: scanned by hand because the lexer would read `0.1` in `a.0.1` as one number. */
function legacyIndex(p: ExprParser, object: Expr): Expr {
  let q = p.te;
  const start = q;
  while (isDigit(p.text.charCodeAt(q))) q++;
  const key: Expr = { kind: 'Literal', value: Number(p.text.slice(start, q)), range: rng(start, q) };
  p.te = q;
  p.pos = q;
  p.next();
  return { kind: 'Index', object, key, range: rng(object.range.start, q) };
}

function splat(p: ExprParser, object: Expr, full: boolean): Expr {
  const steps: SplatStep[] = [];
  let end = p.prevEnd;
  for (;;) {
    if (p.at(T.Dot)) {
      const c = p.text.charCodeAt(p.te);
      if (isDigit(c)) {
        const idx = legacyIndex(p, { kind: 'Invalid', range: rng(0, 0) });
        if (idx.kind === 'Index') steps.push({ kind: 'Index', key: idx.key });
        end = p.prevEnd;
        continue;
      }
      if (!isIdentStart(c)) break;
      p.next();
      steps.push({ kind: 'GetAttr', name: p.tokenText() });
      p.next();
      end = p.prevEnd;
      continue;
    }
    if (full && p.at(T.LBrack) && p.text.charCodeAt(p.te) !== 42) {
      const outer = p.skipNl;
      p.skipNl = true;
      p.next();
      const key = p.parseExpression();
      p.skipNl = outer;
      if (!p.at(T.RBrack)) {
        p.missing(p.expectMsg('"]" to close the index'));
        p.rescan();
        break;
      }
      p.next();
      steps.push({ kind: 'Index', key });
      end = p.prevEnd;
      continue;
    }
    break;
  }
  return { kind: 'Splat', object, full, steps, range: rng(object.range.start, end) };
}
