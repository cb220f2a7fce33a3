/**
 * Config's resource inventory (security groups only) and the multi-account `Aggregate*` forms.
 * The sandbox has one account, so an aggregator simply covers it.
 */
import type { ActionSpec, Call } from '../http/call';
import { page } from '../http/paging';
import { newHexId } from '../ids';
import { newStore, type SandboxState } from '../state';
import { configurationView } from '../ecs/views';
import { configErrors } from './errors';
import { SG_RESOURCE_TYPE } from './evaluation';
import { getRule, listEvaluationResults, ruleDetail, ruleSummary } from './actions';

interface Resource {
  ResourceId: string;
  ResourceName: string;
  Region: string;
  ResourceCreationTime: number;
  ResourceDeleted: 0 | 1;
  Configuration: string;
  Tags: string;
}

function tagsJson(tags: { TagKey: string; TagValue: string }[]): string {
  // (unverified) Config reports tags as a JSON string of key → list of values.
  const out = newStore<string[]>();
  for (const t of tags) (out[t.TagKey] ??= []).push(t.TagValue);
  return JSON.stringify(out);
}

function resources(st: SandboxState): Resource[] {
  const live: Resource[] = Object.values(st.securityGroups).map((g) => ({
    ResourceId: g.SecurityGroupId,
    ResourceName: g.SecurityGroupName,
    Region: g.RegionId,
    ResourceCreationTime: Date.parse(g.CreationTime),
    ResourceDeleted: 1,
    Configuration: JSON.stringify(configurationView(g)),
    Tags: tagsJson(g.Tags),
  }));
  const gone: Resource[] = Object.values(st.config.deleted)
    .filter((d) => !st.securityGroups[d.ResourceId])
    .map((d) => ({ ...d, ResourceDeleted: 0, Tags: tagsJson(d.Tags) }));
  return [...live, ...gone].sort((a, b) => (a.ResourceId < b.ResourceId ? -1 : 1));
}

function checkType(call: Call, param: string): void {
  const types = call.params
    .str(param)
    ?.split(',')
    .map((s) => s.trim());
  if (types && !types.includes(SG_RESOURCE_TYPE)) {
    throw configErrors.resourceType(SG_RESOURCE_TYPE);
  }
}

function getDiscoveredResource(call: Call) {
  const st = call.sb.state;
  const id = call.params.required('ResourceId');
  checkType(call, 'ResourceType');
  const region = call.params.str('Region');
  const r = resources(st).find((x) => x.ResourceId === id && (region === undefined || x.Region === region));
  if (!r) throw configErrors.resourceNotFound(id);
  return {
    DiscoveredResourceDetail: {
      ...profile(st.accountId, r),
      AvailabilityZone: '',
      Configuration: r.Configuration,
    },
  };
}

/** What the list answers for a resource; the detail adds its configuration. */
function profile(accountId: string, r: Resource) {
  return {
    AccountId: Number(accountId),
    Region: r.Region,
    ResourceCreationTime: r.ResourceCreationTime,
    ResourceDeleted: r.ResourceDeleted,
    ResourceId: r.ResourceId,
    ResourceName: r.ResourceName,
    ResourceStatus: r.ResourceDeleted === 1 ? 'Available' : 'Deleted',
    ResourceType: SG_RESOURCE_TYPE,
    Tags: r.Tags,
  };
}

function listDiscoveredResources(call: Call) {
  const st = call.sb.state;
  const p = call.params;
  checkType(call, 'ResourceTypes');
  const regions = p
    .str('Regions')
    ?.split(',')
    .map((s) => s.trim());
  const ids = p
    .str('ResourceId')
    ?.split(',')
    .map((s) => s.trim());
  const deleted = p.int('ResourceDeleted', { min: 0, max: 1 });
  const max = p.int('MaxResults', { min: 1, max: 100, def: 10 })!;
  const all = resources(st)
    .filter((r) => regions === undefined || regions.includes(r.Region))
    .filter((r) => ids === undefined || ids.includes(r.ResourceId))
    .filter((r) => deleted === undefined || r.ResourceDeleted === deleted);
  const res = page(all, (r) => r.ResourceId, p.str('NextToken'), max);
  return {
    DiscoveredResourceProfiles: {
      MaxResults: max,
      NextToken: res.nextToken,
      TotalCount: all.length,
      DiscoveredResourceProfileList: res.items.map((r) => profile(st.accountId, r)),
    },
  };
}

/**
 * Aggregate forms: the aggregator must exist; then they answer as the single-account form. The
 * member account is ResourceAccountId (the model marks ResourceOwnerId deprecated): the sandbox's
 * one account, or nothing.
 */
function aggregate<T>(inner: (call: Call) => T, opts: { byAccount?: boolean } = {}) {
  return (call: Call) => {
    const id = call.params.required('AggregatorId');
    if (!call.sb.state.config.aggregators[id]) {
      throw configErrors.aggregatorNotFound(id);
    }
    // Only the operations whose model has ResourceAccountId take a member account.
    const account = opts.byAccount ? call.params.str('ResourceAccountId') : undefined;
    if (account !== undefined && account !== call.sb.state.accountId) {
      throw configErrors.notAMember(account);
    }
    return inner(call) as Record<string, unknown>;
  };
}

function createAggregator(call: Call) {
  const st = call.sb.state;
  const id = newHexId(st, 'ca-', 20);
  st.config.aggregators[id] = { AggregatorId: id, AggregatorName: call.params.required('AggregatorName') };
  return { AggregatorId: id };
}

function listAggregators(call: Call) {
  const st = call.sb.state;
  return {
    AggregatorsResult: {
      Aggregators: Object.values(st.config.aggregators).map((a) => ({
        ...a,
        AggregatorAccountCount: 1,
        AggregatorStatus: 1,
        AggregatorType: 'CUSTOM',
        AccountId: Number(st.accountId),
      })),
      NextToken: '',
    },
  };
}

function listAggregateConfigRules(call: Call) {
  const st = call.sb.state;
  const rules = Object.values(st.config.rules).sort((a, b) => a.CreateTimestamp - b.CreateTimestamp);
  return {
    ConfigRules: {
      ConfigRuleList: rules.map((r) => ruleSummary(r, st.accountId)),
      PageNumber: 1,
      PageSize: rules.length,
      TotalCount: rules.length,
    },
  };
}

export const resourceActions: Record<string, ActionSpec> = {
  GetDiscoveredResource: { handler: getDiscoveredResource },
  ListDiscoveredResources: { handler: listDiscoveredResources },
  CreateAggregator: { handler: createAggregator },
  ListAggregators: { handler: listAggregators },
  ListAggregateConfigRules: { handler: aggregate(listAggregateConfigRules) },
  GetAggregateConfigRule: {
    handler: aggregate((call) => {
      // GetAggregateConfigRule's model has no Scope (the single-account one has).
      const { Scope: _scope, ...detail } = ruleDetail(getRule(call), call.sb.state.accountId);
      return { ConfigRule: detail };
    }),
  },
  ListAggregateConfigRuleEvaluationResults: {
    handler: aggregate((call) => listEvaluationResults(call, getRule(call)), { byAccount: true }),
  },
  GetAggregateDiscoveredResource: { handler: aggregate(getDiscoveredResource, { byAccount: true }) },
  ListAggregateDiscoveredResources: { handler: aggregate(listDiscoveredResources, { byAccount: true }) },
};
