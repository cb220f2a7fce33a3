/**
 * ROS resources → RuleCandidates. Three resource types carry ingress rules (their property
 * reference pages in the ROS developer reference are the spec):
 * - `ALIYUN::ECS::SecurityGroup`: `SecurityGroupIngress`, a list of rules of the group itself;
 * - `ALIYUN::ECS::SecurityGroupIngress`: one rule, its group in `SecurityGroupId`;
 * - `ALIYUN::ECS::SecurityGroupIngresses`: `Permissions`, a list of rules for `SecurityGroupId`.
 * Each rule reads `IpProtocol`, `PortRange`, `SourceCidrIp`, `Ipv6SourceCidrIp`, `Policy`,
 * `Priority`, `SourceGroupId` and `SourcePrefixListId`; every one is ingress.
 */
import type { Node } from 'yaml';
import type { FieldValue, Loc, RuleCandidate } from '../../model/types';
import { absentField, fieldOf, knownField } from '../../model/extract';
import type { CandidateField } from '../../model/field-names';
import { depsOf, unknown, type Value } from '../../evaluate/value';
import {
  argText,
  deref,
  entries,
  entry,
  functionCall,
  isMapNode,
  scalarString,
  seqItems,
  type Entry,
} from './nodes';
import type { RosEvaluator } from './evaluate';
import { pairRange, type Template } from './template';

const PROPERTIES: [Exclude<CandidateField, 'direction'>, string, 'string' | 'number'][] = [
  ['policy', 'Policy', 'string'],
  ['protocol', 'IpProtocol', 'string'],
  ['portRange', 'PortRange', 'string'],
  ['sourceCidr', 'SourceCidrIp', 'string'],
  ['sourceIpv6Cidr', 'Ipv6SourceCidrIp', 'string'],
  ['sourceGroupId', 'SourceGroupId', 'string'],
  ['prefixListId', 'SourcePrefixListId', 'string'],
  ['priority', 'Priority', 'number'],
];

interface RuleSite {
  address: string;
  docPath: string;
  block: Loc;
  enclosing?: Loc;
  groupKey: string;
  instancesDeps?: string[];
}

export function rosCandidates(t: Template, ev: RosEvaluator): RuleCandidate[] {
  const out: RuleCandidate[] = [];
  const doc = t.doc;
  const resources = entry(doc, t.doc.contents, 'Resources');
  for (const r of entries(doc, resources?.value)) {
    const type = scalarString(doc, entry(doc, r.value, 'Type')?.value);
    if (type !== SG && type !== INGRESS && type !== INGRESSES) continue;
    const condition = scalarString(doc, entry(doc, r.value, 'Condition')?.value);
    const cond = condition === undefined ? undefined : ev.condition(condition);
    // A resource whose condition is false is not created: nothing to check.
    if (cond?.t === 'bool' && !cond.v) continue;
    const instancesDeps = cond && cond.t !== 'bool' ? depsOf(cond) : undefined;
    const props = entry(doc, r.value, 'Properties')?.value;
    const resourceLoc: Loc = { file: t.path, range: pairRange(t, r.pair) };
    const base = `Resources.${r.key}.Properties`;
    if (type === INGRESS) {
      const site: RuleSite = {
        address: r.key,
        docPath: base,
        block: resourceLoc,
        groupKey: groupKeyOf(ev, entry(doc, props, 'SecurityGroupId')?.value, r.key),
        ...(instancesDeps ? { instancesDeps } : {}),
      };
      out.push(...rulesFrom(ev, site, props));
      continue;
    }
    const listName = type === SG ? 'SecurityGroupIngress' : 'Permissions';
    const groupKey = type === SG ? r.key : groupKeyOf(ev, entry(doc, props, 'SecurityGroupId')?.value, r.key);
    const listEntry = entry(doc, props, listName);
    const site = (i: number, block: Loc): RuleSite => ({
      address: `${r.key}.${listName}[${i}]`,
      docPath: `${base}.${listName}[${i}]`,
      block,
      enclosing: resourceLoc,
      groupKey,
      ...(instancesDeps ? { instancesDeps } : {}),
    });
    const listNode = deref(doc, listEntry?.value);
    const items = listNode && !functionCall(doc, listNode) ? seqItems(doc, listNode) : undefined;
    if (items) {
      items.forEach((item, i) => {
        const at = deref(doc, item);
        out.push(...rulesFrom(ev, site(i, at ? ev.locOf(at) : resourceLoc), item));
      });
    } else if (listNode) {
      // The list is built by a function (Fn::If, Fn::ListMerge, ...): its items are values.
      const v = ev.field(listNode);
      const at = ev.locOf(listNode);
      if (v.t === 'list') v.items.forEach((item, i) => out.push(...rulesFromValue(site(i, at), item, at)));
      else if (v.t === 'unknown') out.push(candidate(site(0, at), () => unknownField(v, at)));
    }
  }
  return out;
}

const SG = 'ALIYUN::ECS::SecurityGroup';
const INGRESS = 'ALIYUN::ECS::SecurityGroupIngress';
const INGRESSES = 'ALIYUN::ECS::SecurityGroupIngresses';

function candidate(
  site: RuleSite,
  field: (
    f: Exclude<CandidateField, 'direction'>,
    name: string,
    kind: 'string' | 'number',
  ) => FieldValue<never>,
): RuleCandidate {
  const fields = Object.fromEntries(PROPERTIES.map(([f, name, kind]) => [f, field(f, name, kind)])) as Record<
    Exclude<CandidateField, 'direction'>,
    FieldValue<never>
  >;
  const c: RuleCandidate = {
    address: site.address,
    kind: 'resource',
    block: site.block,
    modulePath: [],
    groupKey: site.groupKey,
    direction: knownField('ingress'),
    ...fields,
    language: 'ros',
    docPath: site.docPath,
  };
  if (site.enclosing) c.enclosing = site.enclosing;
  if (site.instancesDeps) {
    c.instancesUnknown = true;
    c.instancesDeps = site.instancesDeps;
  }
  return c;
}

/** A rule written as a mapping (each property at its own place), or built by a function. */
function rulesFrom(ev: RosEvaluator, site: RuleSite, node: Node | null | undefined): RuleCandidate[] {
  const doc = ev.doc;
  const n = deref(doc, node);
  if (!n) return [];
  if (isMapNode(doc, n) && !functionCall(doc, n)) {
    const props = new Map<string, Entry>(entries(doc, n).map((e) => [e.key, e]));
    return [
      candidate(site, (_f, name, kind) => {
        const e = props.get(name);
        const at = deref(doc, e?.value);
        if (!e || !at) return absentField();
        const field = fieldOf(ev.field(at), kind, ev.locOf(at));
        field.docPath = `${site.docPath}.${name}`;
        return field;
      }),
    ];
  }
  const at = ev.locOf(n);
  return rulesFromValue(site, ev.field(n), at);
}

/** A rule given as an evaluated value (an item a function chose): fields from its entries. */
function rulesFromValue(site: RuleSite, v: Value, at: Loc): RuleCandidate[] {
  if (v.t === 'null') return []; // ALIYUN::NoValue: no rule
  if (v.t === 'unknown') return [candidate(site, () => unknownField(v, at))];
  if (v.t !== 'map') return [];
  return [
    candidate(site, (_f, name, kind) => {
      const e = v.entries.get(name);
      if (!e) return absentField();
      const field = fieldOf(e, kind, e.literal ?? at);
      field.docPath = `${site.docPath}.${name}`;
      return field;
    }),
  ];
}

function unknownField(v: Value, at: Loc): FieldValue<never> {
  return fieldOf(v.t === 'unknown' ? v : unknown(), 'string', at);
}

/**
 * What identifies the rule's group, so a drop rule shadows an accept rule of the same group: the
 * logical id it names (`Ref: Web`, `Fn::GetAtt: [Web, SecurityGroupId]`, the same key a group's own
 * `SecurityGroupIngress` items get), else its value, else where it is written.
 */
function groupKeyOf(ev: RosEvaluator, node: Node | null | undefined, owner: string): string {
  const doc = ev.doc;
  const n = deref(doc, node);
  if (!n) return `${owner}.(no SecurityGroupId)`;
  const call = functionCall(doc, n);
  if (call?.name === 'Ref' || call?.name === 'Fn::GetAtt') {
    const target = call.short ? argText(doc, call.arg) : scalarString(doc, call.arg);
    const name = target?.split('.')[0] ?? scalarString(doc, seqItems(doc, call.arg)?.[0]);
    if (name && ev.isResource(name)) return name;
  }
  const v = ev.field(n);
  if (v.t === 'string') return v.v;
  return `${owner}.SecurityGroupId`;
}
