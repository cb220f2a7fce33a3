/**
 * "What is at this offset" as a core query, free of any protocol: on a rule block's first line, the
 * verdict of each of its instances (and instances that do not exist); on a rule attribute, its value
 * per instance and where it came from. The hover only renders the answer.
 */
import type { Finding, ModuleLintResult } from '../api/types';
import type { CandidateField } from '../model/field-names';
import { CANDIDATE_FIELDS } from '../model/field-names';
import type { EmptyRuleBlock, FieldValue, Loc, RuleCandidate } from '../model/types';

export interface InstanceVerdict {
  candidate: RuleCandidate;
  findings: Finding[];
  suppressed: Finding[];
  unverified: Finding[];
}

export type Explanation =
  | {
      kind: 'block';
      /** Offset of the block's first character in the file. */
      at: number;
      instances: InstanceVerdict[];
      /** Blocks here that create no instance (`count = 0`, an empty `for_each`). */
      empty: EmptyRuleBlock[];
    }
  | {
      kind: 'field';
      field: CandidateField;
      /** The attribute's expression (the first instance's). */
      loc: Loc;
      values: { candidate: RuleCandidate; value: FieldValue<unknown> }[];
    };

/** The offsets of the line holding `offset` in `text` (line ends: \n, \r\n or a lone \r). */
function lineBounds(text: string, offset: number): { start: number; end: number } {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return { start, end };
}

/** What the module's result says about `offset` in `path` (whose BOM-less text is `text`). */
export function explainAt(
  result: ModuleLintResult,
  path: string,
  text: string,
  offset: number,
): Explanation | undefined {
  const here = result.candidates.filter((c) => c.block.file === path);
  const line = lineBounds(text, offset);
  const onLine = (block: Loc | undefined): boolean =>
    !!block && block.file === path && block.range.start >= line.start && block.range.start <= line.end;
  // A rule's own first line, or the resource enclosing it (a ROS group: every rule in its list).
  const headerOf = (c: RuleCandidate): Loc | undefined =>
    onLine(c.block) ? c.block : onLine(c.enclosing) ? c.enclosing : undefined;
  const header = here.filter((c) => headerOf(c) !== undefined);
  const empty = result.emptyRules.filter((e) => onLine(e.block));
  if (header.length || empty.length) {
    // A block may have instances in one module instance and none in another: both are told.
    const at = (header[0] ? headerOf(header[0])! : empty[0]!.block).range.start;
    const of = (list: Finding[], c: RuleCandidate): Finding[] => list.filter((f) => f.resource === c.address);
    return {
      kind: 'block',
      at,
      instances: here
        .filter((c) => headerOf(c)?.range.start === at)
        .map((c) => ({
          candidate: c,
          findings: of(result.findings, c),
          suppressed: of(result.suppressed, c),
          unverified: of(result.unverified, c),
        })),
      empty: empty.filter((e) => e.block.range.start === at),
    };
  }
  for (const field of CANDIDATE_FIELDS) {
    const hits = here.filter((c) => {
      const loc = c[field].loc;
      return loc && loc.file === path && loc.range.start <= offset && offset <= loc.range.end;
    });
    if (hits.length)
      return {
        kind: 'field',
        field,
        loc: hits[0]![field].loc!,
        values: hits.map((c) => ({ candidate: c, value: c[field] })),
      };
  }
  return undefined;
}
