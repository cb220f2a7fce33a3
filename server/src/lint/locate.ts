/**
 * Where a report points: the value that makes the rule world-open, or — for a resource inside a
 * local module — the call-site argument the value came through, with related information back to
 * where it was written.
 */
import type { FieldValue, Loc, RuleCandidate, TraceStep } from '../model/types';
import type { RelatedInfo } from '../api/types';
import type { RuleReport } from '../rules/index';
import { sourceFieldOf } from '../rules/candidate-view';
import { isDownloadedModuleFile } from './workspace';

const DECIDING = ['sourceCidr', 'sourceIpv6Cidr', 'portRange', 'protocol', 'direction', 'policy'] as const;

/** The field a report is about. */
export function reportField(r: RuleReport): FieldValue<string> {
  const c = r.candidate;
  if (r.at === 'portRange') return c.portRange;
  if (r.at === 'protocol') return c.protocol;
  if (r.unverified) {
    const f = DECIDING.find((k) => c[k].state === 'unknown');
    if (f) return c[f];
  }
  if (r.source !== undefined) return c[sourceFieldOf(c, r.source)];
  return c.sourceCidr.state !== 'absent' ? c.sourceCidr : c.sourceIpv6Cidr;
}

export interface Located {
  loc: Loc;
  related: RelatedInfo[];
}

/** `headerOf` narrows a block to its first line (a whole-block squiggle helps nobody). */
export function locate(r: RuleReport, headerOf: (block: Loc) => Loc): Located {
  const c = r.candidate;
  const field = reportField(r);
  const related: RelatedInfo[] = [];
  const seen = new Set<string>();
  const add = (loc: Loc | undefined, message: string): void => {
    if (!loc) return;
    const key = `${loc.file}:${loc.range.start}:${loc.range.end}`;
    if (seen.has(key)) return;
    seen.add(key);
    related.push({ loc, message });
  };
  let loc = field.loc ?? headerOf(c.block);
  if (c.modulePath.length > 0) {
    const viaArgument = outermostEditableArgument(field);
    const inner = loc;
    loc = viaArgument?.loc ?? headerOf(c.modulePath[0]!.call);
    seen.add(`${loc.file}:${loc.range.start}:${loc.range.end}`);
    add(inner, `${c.address} is declared here`);
  } else {
    seen.add(`${loc.file}:${loc.range.start}:${loc.range.end}`);
  }
  for (const step of field.trace) add(step.loc, step.label);
  if (field.literal) add(field.literal, 'the value is written here');
  for (const extra of r.related ?? []) add(extra.loc, extra.message);
  return { loc, related };
}

/**
 * The call-site argument to report at: the outermost one the value came through (where the user
 * passed it in, nearest the root), skipping arguments inside modules `terraform init` downloaded,
 * which nobody edits. Undefined when the value was not passed in by an editable call.
 */
function outermostEditableArgument(field: FieldValue<string>): TraceStep | undefined {
  for (let i = field.trace.length - 1; i >= 0; i--) {
    const t = field.trace[i]!;
    if (t.kind === 'module-argument' && t.loc && !isDownloadedModuleFile(t.loc.file)) return t;
  }
  return undefined;
}

/**
 * Blocks whose leading comment may suppress the report: the resource, the outermost module call,
 * and the block enclosing it (a ROS resource around its ingress items).
 */
export function suppressibleBlocks(c: RuleCandidate): Loc[] {
  const blocks = c.modulePath.length > 0 ? [c.modulePath[0]!.call, c.block] : [c.block];
  if (c.enclosing) blocks.push(c.enclosing);
  return blocks;
}
