/**
 * A ROS template's text → a YAML document with exact offsets (JSON templates are read by the same
 * parser: JSON is YAML 1.2), its syntax errors, and its comments (where suppressions are written).
 * The short forms of ROS functions (`!Ref Name`, `!Sub ...`) are YAML tags, kept on the nodes and
 * read by the evaluator.
 */
import type { Document, Node, Pair } from 'yaml';
import type { Comment, Range, SyntaxError } from '../../parse/ast';
import { yamlModule } from '../../evaluate/functions-decode';

export interface Template {
  path: string;
  /** The text the ranges refer to (BOM removed). */
  text: string;
  doc: Document;
  errors: SyntaxError[];
  comments: Comment[];
}

export function parseTemplate(path: string, text: string): Template {
  const yaml = yamlModule();
  const errors: SyntaxError[] = [];
  let doc: Document;
  try {
    // `merge`: a `<<` key merges a mapping in, as ROS's YAML reader does (unverified; YAML 1.1 did).
    doc = yaml.parseDocument(text, { merge: true, prettyErrors: false, keepSourceTokens: false });
  } catch (e) {
    // The parser is written not to throw; if it does, the template is one syntax error.
    errors.push({ message: `cannot parse the template: ${String(e)}`, range: { start: 0, end: 0 } });
    doc = yaml.parseDocument('');
  }
  for (const e of doc.errors) {
    const [start, end] = e.pos;
    errors.push({ message: e.message.split('\n')[0]!, range: { start, end: Math.max(start, end) } });
  }
  return { path, text, doc, errors, comments: commentsOf(text) };
}

/** Every `#` comment with its offsets, read from the parser's concrete syntax tree. */
function commentsOf(text: string): Comment[] {
  const comments: Comment[] = [];
  const walk = (o: unknown, depth: number): void => {
    // The tree is as deep as the text's nesting; a hostile file is not followed forever.
    if (depth > 2000 || !o || typeof o !== 'object') return;
    if (Array.isArray(o)) {
      for (const x of o) walk(x, depth + 1);
      return;
    }
    const t = o as { type?: unknown; offset?: unknown; source?: unknown };
    if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
      comments.push({ text: t.source, range: { start: t.offset, end: t.offset + t.source.length } });
      return;
    }
    for (const v of Object.values(o)) if (v && typeof v === 'object') walk(v, depth + 1);
  };
  try {
    for (const token of new (yamlModule().Parser)().parse(text)) walk(token, 0);
  } catch {
    // Comments are a convenience (suppressions): a parser failure leaves none.
  }
  return comments.sort((a, b) => a.range.start - b.range.start);
}

/** A node's range, including a short-form function tag written before it (`!Ref Name`). */
export function nodeRange(t: Template, node: Node): Range {
  const [start0, end] = node.range ?? [0, 0];
  let start = start0;
  const tag = (node as { tag?: string }).tag;
  if (tag?.startsWith('!') && !tag.startsWith('!!')) {
    let p = start;
    while (p > 0 && (t.text[p - 1] === ' ' || t.text[p - 1] === '\t')) p--;
    if (t.text.slice(p - tag.length, p) === tag) start = p - tag.length;
  }
  return { start, end };
}

/** From a mapping key to the end of its value: a resource as written (`Web:` and its body). */
export function pairRange(t: Template, pair: Pair): Range {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0] ?? (value ? nodeRange(t, value).start : 0);
  const end = value ? nodeRange(t, value).end : (key?.range?.[1] ?? start);
  return { start, end };
}
