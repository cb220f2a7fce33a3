/**
 * `# sg-guard:ignore <rule-id>[,<rule-id>...] [exp:YYYY-MM-DD] [-- reason]` (also `//`), on the line
 * above a resource/module block, on the line above an attribute, or at the end of the attribute's
 * line. A bare `# sg-guard:ignore` covers every rule; an expired one stops working and says so.
 */
import type { ParsedFile } from '../parse/ast';
import { LineIndex } from '../parse/positions';
import type { Loc } from '../model/types';

export interface Suppression {
  /** Empty means every rule. */
  ruleIds: string[];
  expires?: string;
  reason?: string;
  loc: Loc;
  line: number;
  /** True when the comment has the line to itself (it applies to the next line). */
  ownLine: boolean;
}

const MARKER = /^(?:#|\/\/)\s*sg-guard:ignore(?=\s|$)(.*)$/;

export function parseSuppressionText(
  text: string,
): Omit<Suppression, 'loc' | 'line' | 'ownLine'> | undefined {
  const m = MARKER.exec(text.trim());
  if (!m) return undefined;
  let rest = m[1]!.trim();
  let reason: string | undefined;
  const dash = rest.indexOf('--');
  if (dash >= 0) {
    reason = rest.slice(dash + 2).trim() || undefined;
    rest = rest.slice(0, dash).trim();
  }
  let expires: string | undefined;
  const ruleIds: string[] = [];
  for (const word of rest.split(/\s+/).filter(Boolean)) {
    const exp = /^exp:(\d{4}-\d{2}-\d{2})$/.exec(word);
    if (exp) expires = exp[1];
    else ruleIds.push(...word.split(',').filter(Boolean));
  }
  return { ruleIds, expires, reason };
}

/** The suppression comments of one file, indexed by line. */
export class FileSuppressions {
  private readonly ownLine = new Map<number, Suppression>();
  private readonly trailing = new Map<number, Suppression>();
  /** Lines that hold only a comment, to walk up a run of comments above a block. */
  private readonly commentOnly = new Set<number>();

  constructor(
    file: ParsedFile,
    readonly lines: LineIndex,
  ) {
    for (const c of file.comments) {
      const pos = lines.position(c.range.start);
      const before = lines.text.slice(lines.lineStart(pos.line), c.range.start);
      const ownLine = before.trim() === '';
      if (ownLine) this.commentOnly.add(pos.line);
      const parsed = parseSuppressionText(c.text);
      if (!parsed) continue;
      const s: Suppression = { ...parsed, loc: { file: file.path, range: c.range }, line: pos.line, ownLine };
      (ownLine ? this.ownLine : this.trailing).set(pos.line, s);
    }
  }

  /** Suppressions in the run of comment lines directly above `line`. */
  above(line: number): Suppression[] {
    const out: Suppression[] = [];
    for (let l = line - 1; l >= 0 && this.commentOnly.has(l); l--) {
      const s = this.ownLine.get(l);
      if (s) out.push(s);
    }
    return out;
  }

  trailingOn(line: number): Suppression | undefined {
    return this.trailing.get(line);
  }
}

export function covers(s: Suppression, ruleId: string): boolean {
  return s.ruleIds.length === 0 || s.ruleIds.includes(ruleId);
}

export function isExpired(s: Suppression, today: string): boolean {
  return s.expires !== undefined && s.expires < today;
}

/** The comment text for a new suppression. */
export function suppressionComment(
  ruleIds: readonly string[],
  opts: { reason?: string; expires?: string } = {},
): string {
  let text = '# sg-guard:ignore';
  if (ruleIds.length) text += ` ${ruleIds.join(',')}`;
  if (opts.expires) text += ` exp:${opts.expires}`;
  if (opts.reason) text += ` -- ${opts.reason}`;
  return text;
}
