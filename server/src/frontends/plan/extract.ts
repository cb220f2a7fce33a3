/**
 * One planned rule instance → one RuleCandidate, each field its *final* value: what the plan says
 * the rule will be after apply (or what the state says it is). A value the plan marks known only
 * after apply (`after_unknown`) is unknown: "cannot verify", never clean and never an error.
 */
import { basename } from 'node:path';
import type { Expr } from '../../parse/ast';
import type { JValue } from '../../parse/json';
import type { FieldValue, Loc, RuleCandidate, TraceStep } from '../../model/types';
import { absentField } from '../../model/extract';
import { fieldName, type CandidateField } from '../../model/field-names';
import { isTrue, member, pathKey } from './json-access';
import type { PlannedInstance } from './plan-document';
import { RULE_TYPE } from './plan-document';
import { constantString, referenceText, type SourceMap, type SourceResource } from './source-map';

export interface PlanContext {
  file: string;
  kind: 'plan' | 'state';
  sources: SourceMap;
}

export function planCandidate(ctx: PlanContext, inst: PlannedInstance): RuleCandidate {
  const src = ctx.sources.resource(inst.moduleAddress, RULE_TYPE, inst.name);
  // The plan's attributes are the provider schema's: the Terraform names of the fields.
  const field = (f: CandidateField): FieldValue<never> =>
    fieldOf(ctx, inst, src, fieldName({}, f), f === 'priority' ? 'number' : 'string');
  const c: RuleCandidate = {
    address: inst.address,
    kind: 'resource',
    block: src?.block ?? { file: ctx.file, range: inst.object.range },
    modulePath: src?.modulePath ?? [],
    groupKey: groupKey(ctx, inst, src),
    direction: field('direction'),
    policy: field('policy'),
    protocol: field('protocol'),
    portRange: field('portRange'),
    sourceCidr: field('sourceCidr'),
    sourceIpv6Cidr: field('sourceIpv6Cidr'),
    sourceGroupId: field('sourceGroupId'),
    prefixListId: field('prefixListId'),
    priority: field('priority'),
    docPath: inst.valuesPath,
  };
  return c;
}

function where(ctx: PlanContext): string {
  return ctx.kind === 'plan' ? `planned value in ${basename(ctx.file)}` : `value in ${basename(ctx.file)}`;
}

function fieldOf(
  ctx: PlanContext,
  inst: PlannedInstance,
  src: SourceResource | undefined,
  attr: string,
  kind: 'string' | 'number',
): FieldValue<never> {
  const json = member(inst.values, attr);
  const docPath = pathKey(inst.valuesPath, attr);
  const jsonLoc: Loc | undefined = json ? { file: ctx.file, range: json.range } : undefined;
  const written = src?.attributes.get(attr);
  const chain = written ? ctx.sources.argumentChain(inst.moduleAddress, written) : undefined;
  // In the source, the finding points where the attribute is written; the plan's value is related
  // information. Without the source, it points into the plan.
  const trace: TraceStep[] = [...(chain?.trace ?? [])];
  if (src && jsonLoc)
    trace.push({ kind: 'planned-value', label: `${where(ctx)} (${docPath})`, loc: jsonLoc });
  const loc = src ? written?.loc : jsonLoc;
  const base = { trace, docPath, ...(loc ? { loc } : {}) };

  if (isTrue(member(inst.unknown, attr))) {
    // The provider computes some arguments the configuration leaves unset (prefix_list_id,
    // nic_type): one nobody set is no source, whatever the provider fills in.
    const resourceAddress = `${RULE_TYPE}.${inst.name}`;
    const set =
      ctx.sources.configured(inst.moduleAddress, resourceAddress, attr) ??
      (src && !src.partial ? written !== undefined : undefined);
    if (set === false) return { state: 'absent', ...base };
    const refs = ctx.sources.references(inst.moduleAddress, resourceAddress, attr);
    const ref = refs[0] ?? (written && referenceText(written.expr)) ?? `${inst.address}.${attr}`;
    const field: FieldValue<never> = { state: 'unknown', ...base, deps: [`${ref} (known after apply)`] };
    const suffix = written && knownEnding(written.expr);
    if (suffix) field.suffix = suffix;
    return field;
  }
  const value = leaf(json, kind);
  if (value === undefined) return src || jsonLoc ? { state: 'absent', ...base } : absentField();
  const out: FieldValue<never> = { state: 'known', value: value as never, ...base };
  // Where the value is written as a literal the user can edit (a quick fix replaces it there).
  const literal = chain?.written;
  if (literal && constantString(literal.expr) === String(value)) out.literal = literal.loc;
  return out;
}

/** A leaf of the planned values; null and "" (the SDK's zero value for unset strings) are unset. */
function leaf(v: JValue | undefined, kind: 'string' | 'number'): string | number | undefined {
  if (v === undefined) return undefined;
  if (v.kind === 'string') {
    if (v.value === '') return undefined;
    if (kind === 'number' && /^-?\d+$/.test(v.value)) return Number(v.value);
    return v.value;
  }
  if (v.kind === 'number') return kind === 'number' ? v.value : String(v.value);
  if (v.kind === 'literal' && typeof v.value === 'boolean') return String(v.value);
  return undefined;
}

/**
 * The group the rule belongs to, so a drop rule shadows an accept rule of the same group: its id
 * when known; for a group created by the same plan, what `security_group_id` refers to.
 */
function groupKey(ctx: PlanContext, inst: PlannedInstance, src: SourceResource | undefined): string {
  const id = member(inst.values, 'security_group_id');
  if (id?.kind === 'string' && id.value !== '') return id.value;
  const refs = ctx.sources.references(inst.moduleAddress, `${RULE_TYPE}.${inst.name}`, 'security_group_id');
  const written = src?.attributes.get('security_group_id');
  const ref = refs[0] ?? (written && referenceText(written.expr));
  const prefix = inst.moduleAddress ? `${inst.moduleAddress}.` : '';
  return ref ? prefix + ref : `${inst.address}.security_group_id`;
}

/** How a template expression is known to end (`"${alicloud_eip.nat.ip_address}/32"` ends `/32`). */
function knownEnding(e: Expr): string | undefined {
  if (e.kind !== 'Template') return undefined;
  const last = e.parts[e.parts.length - 1];
  return last?.kind === 'Text' && e.parts.length > 1 ? last.value : undefined;
}
