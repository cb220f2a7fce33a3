/** ECS 2014-05-26: regions and security groups. */
import { errors } from '../http/errors';
import type { ActionSpec, Call } from '../http/call';
import { page, seqKey } from '../http/paging';
import { isoNow, newId } from '../ids';
import { newStore, type SecurityGroup, type Tag } from '../state';
import { REGION_NAMES } from '../regions';
import { ecsErrors } from './errors';
import { ruleFromRequest, sameRule, storeRule, type RuleFields } from './permissions';
import { portListActions } from './port-lists';
import { instanceActions } from './instances';
import { groupView, ruleView } from './views';

/** Real quota: 200 rules per security group (ingress + egress). */
export const MAX_RULES_PER_GROUP = 200;

function region(call: Call): string {
  const id = call.params.str('RegionId');
  if (id === undefined) throw ecsErrors.missingRegionId();
  if (!call.sb.state.regions.includes(id)) {
    throw ecsErrors.regionNotFound(id);
  }
  return id;
}

function group(call: Call, regionId: string): SecurityGroup {
  const id = call.params.required('SecurityGroupId');
  const g = call.sb.state.securityGroups[id];
  if (!g || g.RegionId !== regionId) {
    throw ecsErrors.groupNotFound(id);
  }
  return g;
}

/** (unverified code) Cloud services own managed groups; users cannot change them. */
function mutable(g: SecurityGroup): SecurityGroup {
  if (g.ServiceManaged) {
    throw ecsErrors.serviceManaged(g.SecurityGroupId);
  }
  return g;
}

const sgArn = (call: Call): string => {
  const st = call.sb.state;
  // Read past the contract layer's tracking: naming the resource is the router's business, not the API's.
  const v = (k: string) => call.params.values.get(k) || '*';
  return `acs:ecs:${v('RegionId')}:${st.accountId}:securitygroup/${v('SecurityGroupId')}`;
};

function describeRegions(call: Call) {
  return {
    Regions: {
      Region: call.sb.state.regions.map((id) => ({
        RegionId: id,
        LocalName: REGION_NAMES[id] ?? id,
        RegionEndpoint: `ecs.${id}.aliyuncs.com`,
        Status: 'available',
      })),
    },
  };
}

function describeSecurityGroups(call: Call) {
  const p = call.params;
  const regionId = region(call);
  const vpcId = p.str('VpcId');
  const ids = p.str('SecurityGroupIds') !== undefined ? p.list('SecurityGroupIds') : undefined;
  if (ids && ids.length > 100) throw errors.invalidParameter('SecurityGroupIds', 'at most 100 ids');
  const oneId = p.str('SecurityGroupId');
  const name = p.str('SecurityGroupName');
  const type = p.str('SecurityGroupType');
  const managed = p.bool('ServiceManaged');
  const resourceGroup = p.str('ResourceGroupId');
  const tags = p.objects('Tag');
  const all = Object.values(call.sb.state.securityGroups)
    .filter((g) => g.RegionId === regionId)
    .filter((g) => vpcId === undefined || g.VpcId === vpcId)
    .filter((g) => ids === undefined || ids.includes(g.SecurityGroupId))
    .filter((g) => oneId === undefined || g.SecurityGroupId === oneId)
    .filter((g) => name === undefined || g.SecurityGroupName === name)
    .filter((g) => type === undefined || g.SecurityGroupType === type)
    .filter((g) => managed === undefined || g.ServiceManaged === managed)
    .filter((g) => resourceGroup === undefined || g.ResourceGroupId === resourceGroup)
    .filter((g) =>
      tags.every((t) =>
        g.Tags.some((gt) => gt.TagKey === t.Key && (t.Value === undefined || gt.TagValue === t.Value)),
      ),
    )
    .sort((a, b) => a.seq - b.seq);
  const legacy =
    p.str('MaxResults') === undefined &&
    p.str('NextToken') === undefined &&
    (p.str('PageNumber') !== undefined || p.str('PageSize') !== undefined);
  if (legacy) {
    const pageNumber = p.int('PageNumber', { min: 1, def: 1 })!;
    const pageSize = p.int('PageSize', { min: 1, max: 50, def: 10 })!;
    const slice = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return {
      RegionId: regionId,
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: all.length,
      SecurityGroups: { SecurityGroup: slice.map(groupView) },
    };
  }
  const max = p.int('MaxResults', { min: 1, max: 100, def: 10 })!;
  const res = page(all, (g) => seqKey(g.seq), p.str('NextToken'), max);
  return {
    RegionId: regionId,
    NextToken: res.nextToken,
    SecurityGroups: { SecurityGroup: res.items.map(groupView) },
  };
}

function describeSecurityGroupAttribute(call: Call) {
  const p = call.params;
  const g = group(call, region(call));
  const direction = (p.str('Direction') ?? 'all').toLowerCase();
  if (!['all', 'ingress', 'egress'].includes(direction))
    throw errors.invalidParameter('Direction', direction);
  const nicType = p.str('NicType');
  const rules = g.rules
    .filter((r) => direction === 'all' || r.Direction === direction)
    .filter((r) => nicType === undefined || r.NicType === nicType.toLowerCase())
    .sort((a, b) => a.seq - b.seq);
  const max = p.int('MaxResults', { min: 10, max: 1000, def: 500 })!;
  const res = page(rules, (r) => seqKey(r.seq), p.str('NextToken'), max);
  return {
    RegionId: g.RegionId,
    SecurityGroupId: g.SecurityGroupId,
    SecurityGroupName: g.SecurityGroupName,
    Description: g.Description,
    VpcId: g.VpcId,
    InnerAccessPolicy: g.InnerAccessPolicy,
    NextToken: res.nextToken,
    Permissions: { Permission: res.items.map(ruleView) },
  };
}

function createSecurityGroup(call: Call) {
  const p = call.params;
  const st = call.sb.state;
  const regionId = region(call);
  const type = (p.str('SecurityGroupType') ?? 'normal').toLowerCase();
  if (type !== 'normal' && type !== 'enterprise') throw errors.invalidParameter('SecurityGroupType', type);
  const tags: Tag[] = p.objects('Tag').map((t) => ({ TagKey: t.Key ?? '', TagValue: t.Value ?? '' }));
  if (tags.some((t) => t.TagKey === '')) throw errors.missingParameter('Tag.N.Key');
  const id = newId(st, 'sg-bp1', 17);
  const g: SecurityGroup = {
    SecurityGroupId: id,
    RegionId: regionId,
    SecurityGroupName: p.str('SecurityGroupName') ?? '',
    Description: p.str('Description') ?? '',
    VpcId: p.str('VpcId') ?? '',
    SecurityGroupType: type,
    // The real API only lets cloud services set this; the sandbox allows it so tests can make one.
    ServiceManaged: p.bool('ServiceManaged') ?? false,
    ResourceGroupId: p.str('ResourceGroupId') ?? '',
    CreationTime: isoNow(),
    InnerAccessPolicy: type === 'enterprise' ? 'Drop' : 'Accept',
    Tags: tags,
    seq: st.idSeq,
    rules: [],
  };
  st.securityGroups[id] = g;
  call.sb.groupChanged(g);
  return { SecurityGroupId: id };
}

function deleteSecurityGroup(call: Call) {
  const g = mutable(group(call, region(call)));
  const st = call.sb.state;
  const referenced = Object.values(st.securityGroups).some(
    (o) =>
      o !== g &&
      o.rules.some((r) => r.SourceGroupId === g.SecurityGroupId || r.DestGroupId === g.SecurityGroupId),
  );
  if (referenced) {
    throw ecsErrors.groupReferenced();
  }
  delete st.securityGroups[g.SecurityGroupId];
  call.sb.groupDeleted(g);
  return {};
}

/** Permissions.N.* or, for old callers, the single-rule top-level fields. */
function requestedPermissions(call: Call): Record<string, string>[] {
  const list = call.params.objects('Permissions');
  if (list.length > 0) return list;
  const top = newStore<string>();
  for (const [k, v] of call.params.values) if (!k.includes('.')) top[k] = v;
  return top.IpProtocol !== undefined ? [top] : [];
}

function authorize(direction: 'ingress' | 'egress') {
  return (call: Call) => {
    const g = mutable(group(call, region(call)));
    const wanted = requestedPermissions(call);
    if (wanted.length === 0) throw errors.missingParameter('Permissions');
    if (wanted.length > 100) throw errors.invalidParameter('Permissions', 'at most 100 rules per call');
    const fields = wanted.map((w) => ruleFromRequest(w, direction, g, call.sb.state));
    // Duplicate rules are accepted without creating a second copy (decided: idempotent; see README).
    const fresh: RuleFields[] = [];
    for (const f of fields) {
      if (!g.rules.some((r) => sameRule(r, f)) && !fresh.some((x) => sameRule(x, f))) fresh.push(f);
    }
    if (g.rules.length + fresh.length > MAX_RULES_PER_GROUP) {
      throw ecsErrors.tooManyRules(MAX_RULES_PER_GROUP);
    }
    const now = isoNow();
    for (const f of fresh) g.rules.push(storeRule(call.sb.state, f, now));
    if (fresh.length > 0) call.sb.groupChanged(g);
    return {};
  };
}

function revoke(direction: 'ingress' | 'egress') {
  return (call: Call) => {
    const g = mutable(group(call, region(call)));
    const ids = call.params.list('SecurityGroupRuleId');
    const tuples = requestedPermissions(call);
    if (ids.length > 0 && tuples.length > 0) {
      throw errors.invalidParameter('SecurityGroupRuleId', 'give rule ids or Permissions, not both');
    }
    if (ids.length > 100) throw ecsErrors.tooManyRuleIds();
    let remove: Set<string>;
    if (ids.length > 0) {
      for (const id of ids) {
        if (!g.rules.some((r) => r.SecurityGroupRuleId === id && r.Direction === direction)) {
          throw ecsErrors.ruleIdInvalid(id);
        }
      }
      remove = new Set(ids);
    } else {
      if (tuples.length === 0) throw errors.missingParameter('SecurityGroupRuleId');
      const wanted = tuples.map((t) => ruleFromRequest(t, direction, g, call.sb.state));
      // A tuple matching no rule is a silent success, as the real API.
      remove = new Set(
        g.rules.filter((r) => wanted.some((w) => sameRule(r, w))).map((r) => r.SecurityGroupRuleId),
      );
    }
    const before = g.rules.length;
    g.rules = g.rules.filter((r) => !remove.has(r.SecurityGroupRuleId));
    if (g.rules.length !== before) call.sb.groupChanged(g);
    return {};
  };
}

function modifySecurityGroupAttribute(call: Call) {
  const g = mutable(group(call, region(call)));
  const name = call.params.str('SecurityGroupName');
  const description = call.params.str('Description');
  if (name !== undefined) g.SecurityGroupName = name;
  if (description !== undefined) g.Description = description;
  call.sb.groupChanged(g);
  return {};
}

export const ecsActions: Record<string, ActionSpec> = {
  ...portListActions,
  ...instanceActions,
  DescribeRegions: { handler: describeRegions },
  DescribeSecurityGroups: { handler: describeSecurityGroups, resource: sgArn },
  DescribeSecurityGroupAttribute: { handler: describeSecurityGroupAttribute, resource: sgArn },
  CreateSecurityGroup: { handler: createSecurityGroup, resource: sgArn },
  DeleteSecurityGroup: { handler: deleteSecurityGroup, resource: sgArn },
  ModifySecurityGroupAttribute: { handler: modifySecurityGroupAttribute, resource: sgArn },
  AuthorizeSecurityGroup: { handler: authorize('ingress'), resource: sgArn },
  AuthorizeSecurityGroupEgress: { handler: authorize('egress'), resource: sgArn },
  RevokeSecurityGroup: { handler: revoke('ingress'), resource: sgArn },
  RevokeSecurityGroupEgress: { handler: revoke('egress'), resource: sgArn },
};
