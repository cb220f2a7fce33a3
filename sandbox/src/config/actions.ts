/** Cloud Config 2020-09-07: rules and evaluation results (remediations: remediations.ts). */
import type { ActionSpec, Call } from '../http/call';
import { page } from '../http/paging';
import { newHexId } from '../ids';
import { newStore, type ConfigRule, type EvaluationResult } from '../state';
import { inputParameters, SG_RESOURCE_TYPE, validateRule } from './evaluation';
import { remediationsOf } from './engine';
import { configErrors } from './errors';

export function getRule(call: Call, param = 'ConfigRuleId'): ConfigRule {
  const id = call.params.required(param);
  const rule = call.sb.state.config.rules[id];
  // (unverified code and status)
  if (!rule) throw configErrors.ruleNotFound(id);
  return rule;
}

export function ruleCompliance(rule: ConfigRule): { ComplianceType: string; Count: number } {
  const results = Object.values(rule.results);
  const bad = results.filter((r) => r.ComplianceType === 'NON_COMPLIANT').length;
  if (results.length === 0) return { ComplianceType: 'INSUFFICIENT_DATA', Count: 0 };
  return { ComplianceType: bad > 0 ? 'NON_COMPLIANT' : 'COMPLIANT', Count: bad };
}

export function ruleSummary(rule: ConfigRule, accountId: string) {
  return {
    ConfigRuleId: rule.ConfigRuleId,
    ConfigRuleName: rule.ConfigRuleName,
    ConfigRuleArn: rule.ConfigRuleArn,
    ConfigRuleState: rule.ConfigRuleState,
    Description: rule.Description,
    RiskLevel: rule.RiskLevel,
    SourceOwner: rule.SourceOwner,
    SourceIdentifier: rule.SourceIdentifier,
    AccountId: Number(accountId),
    Compliance: ruleCompliance(rule),
  };
}

/** GetConfigRule's ConfigRule (its model has the source under Source, not at the top). */
export function ruleDetail(rule: ConfigRule, accountId: string) {
  const { SourceOwner: _o, SourceIdentifier: _i, ...summary } = ruleSummary(rule, accountId);
  return {
    ...summary,
    // The model types InputParameters as a map: the object, not the JSON string sent.
    InputParameters: inputParameters(rule),
    ConfigRuleTriggerTypes: rule.ConfigRuleTriggerTypes,
    MaximumExecutionFrequency: rule.MaximumExecutionFrequency,
    ResourceTypesScope: rule.ResourceTypesScope,
    RegionIdsScope: rule.RegionIdsScope,
    ExcludeResourceIdsScope: rule.ExcludeResourceIdsScope,
    Scope: { ComplianceResourceTypes: rule.ResourceTypesScope.split(',').filter(Boolean) },
    Source: { Owner: rule.SourceOwner, Identifier: rule.SourceIdentifier },
    CreateTimestamp: rule.CreateTimestamp,
    ModifiedTimestamp: rule.ModifiedTimestamp,
    ConfigRuleEvaluationStatus: {
      FirstEvaluationStarted: rule.lastEvaluation !== undefined,
      FirstActivatedTimestamp: rule.lastEvaluation?.FirstActivatedTimestamp ?? 0,
      LastSuccessfulEvaluationTimestamp: rule.lastEvaluation?.LastSuccessfulEvaluationTimestamp ?? 0,
      LastSuccessfulInvocationTimestamp: rule.lastEvaluation?.LastSuccessfulEvaluationTimestamp ?? 0,
      ...(rule.lastError
        ? {
            LastErrorCode: rule.lastError.code,
            LastErrorMessage: rule.lastError.message,
            LastFailedInvocationTimestamp: rule.lastError.at,
          }
        : {}),
    },
  };
}

const clientTokens = new WeakMap<object, Map<string, string>>();

function createConfigRule(call: Call) {
  const p = call.params;
  const st = call.sb.state;
  const tokens = clientTokens.get(st) ?? new Map<string, string>();
  clientTokens.set(st, tokens);
  const token = p.str('ClientToken');
  const known = token === undefined ? undefined : tokens.get(token);
  if (known !== undefined && st.config.rules[known]) return { ConfigRuleId: known };
  const name = p.required('ConfigRuleName');
  if (Object.values(st.config.rules).some((r) => r.ConfigRuleName === name)) {
    throw configErrors.duplicateRuleName(name);
  }
  const id = newHexId(st, 'cr-', 20);
  const now = Date.now();
  const rule: ConfigRule = {
    ConfigRuleId: id,
    ConfigRuleName: name,
    ConfigRuleArn: `acs:config::${st.accountId}:rule/${id}`,
    ConfigRuleState: 'ACTIVE',
    Description: p.str('Description') ?? '',
    SourceOwner: p.required('SourceOwner'),
    SourceIdentifier: p.required('SourceIdentifier'),
    ConfigRuleTriggerTypes: p.str('ConfigRuleTriggerTypes') ?? 'ConfigurationItemChangeNotification',
    MaximumExecutionFrequency: p.str('MaximumExecutionFrequency') ?? '',
    RiskLevel: p.int('RiskLevel', { min: 1, max: 3, def: 1 })!,
    ResourceTypesScope: p.str('ResourceTypesScope') ?? SG_RESOURCE_TYPE,
    RegionIdsScope: p.str('RegionIdsScope') ?? '',
    ExcludeResourceIdsScope: p.str('ExcludeResourceIdsScope') ?? '',
    InputParameters: p.str('InputParameters') ?? '',
    CreateTimestamp: now,
    ModifiedTimestamp: now,
    results: newStore(),
  };
  validateRule(rule, (name) => !!st.fc.functions[name]);
  st.config.rules[id] = rule;
  if (token !== undefined) tokens.set(token, id);
  call.sb.config.evaluateRule(rule, 'NONE');
  return { ConfigRuleId: id };
}

function updateConfigRule(call: Call) {
  const p = call.params;
  const rule = getRule(call);
  const next: ConfigRule = { ...rule };
  const text = (
    k:
      | 'ConfigRuleName'
      | 'Description'
      | 'ConfigRuleTriggerTypes'
      | 'ResourceTypesScope'
      | 'RegionIdsScope'
      | 'ExcludeResourceIdsScope'
      | 'InputParameters'
      | 'MaximumExecutionFrequency',
  ) => {
    const v = p.values.get(k);
    if (v !== undefined) next[k] = v;
  };
  for (const k of [
    'ConfigRuleName',
    'Description',
    'ConfigRuleTriggerTypes',
    'ResourceTypesScope',
    'RegionIdsScope',
    'ExcludeResourceIdsScope',
    'InputParameters',
    'MaximumExecutionFrequency',
  ] as const)
    text(k);
  const risk = p.int('RiskLevel', { min: 1, max: 3 });
  if (risk !== undefined) next.RiskLevel = risk;
  validateRule(next, (name) => !!call.sb.state.fc.functions[name]);
  next.ModifiedTimestamp = Date.now();
  call.sb.state.config.rules[rule.ConfigRuleId] = next;
  call.sb.config.evaluateRule(next, 'NONE');
  return { ConfigRuleId: rule.ConfigRuleId };
}

function listConfigRules(call: Call) {
  const p = call.params;
  const name = p.str('ConfigRuleName');
  const keyword = p.str('Keyword');
  const compliance = p.str('ComplianceType');
  const risk = p.int('RiskLevel');
  const pageNumber = p.int('PageNumber', { min: 1, def: 1 })!;
  const pageSize = p.int('PageSize', { min: 1, max: 100, def: 10 })!;
  const all = Object.values(call.sb.state.config.rules)
    .filter((r) => name === undefined || r.ConfigRuleName === name)
    .filter(
      (r) =>
        keyword === undefined || r.ConfigRuleName.includes(keyword) || r.SourceIdentifier.includes(keyword),
    )
    .filter((r) => risk === undefined || r.RiskLevel === risk)
    .filter((r) => compliance === undefined || ruleCompliance(r).ComplianceType === compliance)
    .sort((a, b) => a.CreateTimestamp - b.CreateTimestamp || (a.ConfigRuleId < b.ConfigRuleId ? -1 : 1));
  const slice = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    ConfigRules: {
      ConfigRuleList: slice.map((r) => ruleSummary(r, call.sb.state.accountId)),
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: all.length,
    },
  };
}

function deleteConfigRules(call: Call) {
  const st = call.sb.state;
  const ids = call.params
    .required('ConfigRuleIds')
    .split(',')
    .map((s) => s.trim());
  for (const id of ids) {
    delete st.config.rules[id];
    for (const [rid, rem] of Object.entries(st.config.remediations))
      if (rem.ConfigRuleId === id) delete st.config.remediations[rid];
  }
  return {
    OperateRuleResult: { OperateRuleItemList: ids.map((id) => ({ ConfigRuleId: id, Success: true })) },
  };
}

function startConfigRuleEvaluation(call: Call) {
  const rule = getRule(call);
  call.sb.config.evaluateRule(rule, 'MANUAL');
  return { Result: true };
}

export function resultView(
  r: EvaluationResult,
  rule: ConfigRule,
  accountId: string,
  remediationEnabled: boolean,
) {
  return {
    ComplianceType: r.ComplianceType,
    Annotation: r.Annotation,
    RiskLevel: rule.RiskLevel,
    InvokingEventMessageType: 'ConfigurationItemChangeNotification',
    ResultRecordedTimestamp: r.OrderingTimestamp,
    ConfigRuleInvokedTimestamp: r.OrderingTimestamp,
    RemediationEnabled: remediationEnabled,
    EvaluationResultIdentifier: {
      OrderingTimestamp: r.OrderingTimestamp,
      EvaluationResultQualifier: {
        ConfigRuleArn: rule.ConfigRuleArn,
        ConfigRuleId: rule.ConfigRuleId,
        ConfigRuleName: rule.ConfigRuleName,
        RegionId: r.RegionId,
        ResourceId: r.ResourceId,
        ResourceName: r.ResourceName,
        ResourceType: r.ResourceType,
        ResourceOwnerId: Number(accountId),
      },
    },
  };
}

export function listEvaluationResults(call: Call, rule: ConfigRule) {
  const p = call.params;
  const compliance = p.str('ComplianceType');
  const regions = p
    .str('Regions')
    ?.split(',')
    .map((s) => s.trim());
  const types = p
    .str('ResourceTypes')
    ?.split(',')
    .map((s) => s.trim());
  const max = p.int('MaxResults', { min: 1, max: 100, def: 10 })!;
  const all = Object.values(rule.results)
    .filter((r) => compliance === undefined || r.ComplianceType === compliance)
    .filter((r) => regions === undefined || regions.includes(r.RegionId))
    .filter((r) => types === undefined || types.includes(r.ResourceType))
    .sort((a, b) => (a.ResourceId < b.ResourceId ? -1 : 1));
  const res = page(all, (r) => r.ResourceId, p.str('NextToken'), max);
  return {
    EvaluationResults: {
      MaxResults: max,
      NextToken: res.nextToken,
      EvaluationResultList: res.items.map((r) =>
        resultView(r, rule, call.sb.state.accountId, remediationsOf(call.sb.state, rule).length > 0),
      ),
    },
  };
}

/** Read past the contract layer's tracking: naming the resource is the router's business. */
export const ruleArn = (call: Call) =>
  `acs:config::${call.sb.state.accountId}:rule/${call.params.values.get('ConfigRuleId') || '*'}`;

export const configActions: Record<string, ActionSpec> = {
  CreateConfigRule: { handler: createConfigRule, resource: ruleArn },
  UpdateConfigRule: { handler: updateConfigRule, resource: ruleArn },
  ListConfigRules: { handler: listConfigRules, resource: ruleArn },
  GetConfigRule: {
    handler: (call) => ({ ConfigRule: ruleDetail(getRule(call), call.sb.state.accountId) }),
    resource: ruleArn,
  },
  DeleteConfigRules: { handler: deleteConfigRules, resource: ruleArn },
  StartConfigRuleEvaluation: { handler: startConfigRuleEvaluation, resource: ruleArn },
  ListConfigRuleEvaluationResults: {
    handler: (call) => listEvaluationResults(call, getRule(call)),
    resource: ruleArn,
  },
};
