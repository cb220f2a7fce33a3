/**
 * ECS port lists (CreatePortRangeList & co.): named sets of port ranges a security group rule may
 * reference (`Permissions.N.PortRangeListId`) instead of a PortRange; the model notes that a given
 * PortRange wins. Such a rule is answered with an empty PortRange and its PortRangeListId, as
 * DescribeSecurityGroupAttribute's model carries both fields.
 */
import { errors } from '../http/errors';
import { ecsErrors } from './errors';
import type { ActionSpec, Call } from '../http/call';
import { page } from '../http/paging';
import { isoNow, newId } from '../ids';
import { newStore, type PortRangeList, type SandboxState } from '../state';

const RANGE = /^(\d{1,5})\/(\d{1,5})$/;

function entry(raw: Record<string, string>, name: string): { PortRange: string; Description: string } {
  const r = (raw.PortRange ?? '').trim();
  const m = RANGE.exec(r);
  if (!m || Number(m[1]) < 1 || Number(m[2]) > 65535 || Number(m[1]) > Number(m[2])) {
    throw errors.invalidParameter(`${name}.N.PortRange`, `"${r}" is not a port range such as 22/22`);
  }
  return { PortRange: r, Description: raw.Description ?? '' };
}

export function portLists(st: SandboxState): Record<string, PortRangeList> {
  return (st.portRangeLists ??= newStore());
}

/** The list a rule may name, in the request's region. */
export function portListFor(st: SandboxState, id: string, regionId: string): PortRangeList {
  const l = portLists(st)[id];
  if (!l || l.RegionId !== regionId) throw ecsErrors.portListNotFound(id);
  return l;
}

function list(call: Call): PortRangeList {
  return portListFor(
    call.sb.state,
    call.params.required('PortRangeListId'),
    call.params.required('RegionId'),
  );
}

function createPortRangeList(call: Call) {
  const st = call.sb.state;
  const p = call.params;
  const max = p.int('MaxEntries', { min: 1, max: 200 });
  if (max === undefined) throw errors.missingParameter('MaxEntries');
  const entries = p.objects('Entry').map((e) => entry(e, 'Entry'));
  if (entries.length > max) throw errors.invalidParameter('Entry', `more than MaxEntries (${max}) entries`);
  const l: PortRangeList = {
    PortRangeListId: newId(st, 'prl-', 17),
    PortRangeListName: p.required('PortRangeListName'),
    RegionId: p.required('RegionId'),
    Description: p.str('Description') ?? '',
    MaxEntries: max,
    Entries: entries,
    CreationTime: isoNow(),
  };
  portLists(st)[l.PortRangeListId] = l;
  return { PortRangeListId: l.PortRangeListId };
}

/** Adds and removes entries; every group naming the list changes with it. */
function modifyPortRangeList(call: Call) {
  const l = list(call);
  const p = call.params;
  const remove = new Set(p.objects('RemoveEntry').map((e) => (e.PortRange ?? '').trim()));
  const add = p.objects('AddEntry').map((e) => entry(e, 'AddEntry'));
  const next = [
    ...l.Entries.filter((e) => !remove.has(e.PortRange)),
    ...add.filter((a) => !l.Entries.some((e) => e.PortRange === a.PortRange)),
  ];
  if (next.length > l.MaxEntries)
    throw errors.invalidParameter('AddEntry', `more than MaxEntries (${l.MaxEntries}) entries`);
  l.Entries = next;
  l.PortRangeListName = p.str('PortRangeListName') ?? l.PortRangeListName;
  l.Description = p.str('Description') ?? l.Description;
  return {};
}

function deletePortRangeList(call: Call) {
  const l = list(call);
  const used = Object.values(call.sb.state.securityGroups).some((g) =>
    g.rules.some((r) => r.PortRangeListId === l.PortRangeListId),
  );
  if (used) throw ecsErrors.portListInUse();
  delete portLists(call.sb.state)[l.PortRangeListId];
  return {};
}

function describePortRangeLists(call: Call) {
  const p = call.params;
  const region = p.required('RegionId');
  const ids = p.str('PortRangeListId.1') !== undefined ? p.list('PortRangeListId') : undefined;
  const name = p.str('PortRangeListName');
  const all = Object.values(portLists(call.sb.state))
    .filter((l) => l.RegionId === region)
    .filter((l) => ids === undefined || ids.includes(l.PortRangeListId))
    .filter((l) => name === undefined || l.PortRangeListName === name)
    .sort((a, b) => (a.PortRangeListId < b.PortRangeListId ? -1 : 1));
  const res = page(
    all,
    (l) => l.PortRangeListId,
    p.str('NextToken'),
    p.int('MaxResults', { min: 1, max: 100, def: 10 })!,
  );
  const used = (id: string) =>
    Object.values(call.sb.state.securityGroups).filter((g) => g.rules.some((r) => r.PortRangeListId === id))
      .length;
  return {
    NextToken: res.nextToken ?? '',
    PortRangeLists: res.items.map((l) => ({
      PortRangeListId: l.PortRangeListId,
      PortRangeListName: l.PortRangeListName,
      Description: l.Description,
      MaxEntries: l.MaxEntries,
      AssociationCount: used(l.PortRangeListId),
      CreationTime: l.CreationTime,
      ResourceGroupId: '',
      Tags: [],
    })),
  };
}

function describePortRangeListEntries(call: Call) {
  return { Entries: list(call).Entries.map((e) => ({ PortRange: e.PortRange, Description: e.Description })) };
}

const prlArn = (call: Call) =>
  `acs:ecs:${call.params.values.get('RegionId') || '*'}:${call.sb.state.accountId}:portrangelist/${call.params.values.get('PortRangeListId') || '*'}`;

export const portListActions: Record<string, ActionSpec> = {
  CreatePortRangeList: { handler: createPortRangeList, resource: prlArn },
  ModifyPortRangeList: { handler: modifyPortRangeList, resource: prlArn },
  DeletePortRangeList: { handler: deletePortRangeList, resource: prlArn },
  DescribePortRangeLists: { handler: describePortRangeLists, resource: prlArn },
  DescribePortRangeListEntries: { handler: describePortRangeListEntries, resource: prlArn },
};
