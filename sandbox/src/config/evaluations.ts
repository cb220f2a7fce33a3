/**
 * PutEvaluations: how a custom function rule (CUSTOM_FC) reports. The request carries the result
 * token Config handed the function and a JSON list of evaluations (the model's `Evaluations`); each
 * becomes the rule's result for that resource, and a NON_COMPLIANT one starts the rule's automatic
 * remediation as a managed rule's would. With DeleteMode, results the current evaluation did not
 * report again are dropped (the model's description of DeleteMode).
 */
import { errors } from '../http/errors';
import { configErrors } from './errors';
import type { ActionSpec, Call } from '../http/call';
import type { ConfigRule, EvaluationResult } from '../state';
import { SG_RESOURCE_TYPE } from './evaluation';

const COMPLIANCE = new Set(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);

function ruleOfToken(call: Call, token: string): { rule: ConfigRule; trigger: string; issued: number } {
  for (const rule of Object.values(call.sb.state.config.rules)) {
    const t = rule.resultTokens?.find((x) => x.token === token);
    if (t) return { rule, trigger: t.trigger, issued: t.issued };
  }
  throw configErrors.resultToken();
}

function evaluation(raw: unknown, i: number): EvaluationResult & { accountId: string } {
  if (typeof raw !== 'object' || raw === null)
    throw errors.invalidParameter('Evaluations', `item ${i} is not an object`);
  const e = raw as Record<string, unknown>;
  const text = (k: string) => (typeof e[k] === 'string' || typeof e[k] === 'number' ? String(e[k]) : '');
  const type = text('complianceType');
  if (!COMPLIANCE.has(type))
    throw errors.invalidParameter('Evaluations', `item ${i}: complianceType "${type}"`);
  const id = text('complianceResourceId');
  const region = text('complianceRegionId');
  if (!id || !region)
    throw errors.invalidParameter(
      'Evaluations',
      `item ${i}: complianceResourceId and complianceRegionId are required`,
    );
  return {
    accountId: text('accountId'),
    ResourceId: id,
    ResourceName: '',
    RegionId: region,
    ResourceType: text('complianceResourceType') || SG_RESOURCE_TYPE,
    ComplianceType: type as EvaluationResult['ComplianceType'],
    Annotation: text('annotation'),
    OrderingTimestamp: Number(e.orderingTimestamp) || Date.now(),
  };
}

function putEvaluations(call: Call) {
  const p = call.params;
  const { rule, trigger, issued } = ruleOfToken(call, p.required('ResultToken'));
  let list: unknown;
  try {
    list = JSON.parse(p.str('Evaluations') ?? '[]');
  } catch {
    throw errors.invalidParameter('Evaluations', 'not JSON');
  }
  if (!Array.isArray(list)) throw errors.invalidParameter('Evaluations', 'not a JSON list');
  const results = list.map(evaluation);
  const st = call.sb.state;
  for (const r of results) {
    const g = st.securityGroups[r.ResourceId];
    const { accountId: _a, ...result } = r;
    call.sb.config.record(
      rule,
      { ...result, ResourceName: g?.SecurityGroupName ?? '', reportedAt: Date.now() },
      trigger === 'NONE' ? 'NONE' : trigger === 'MANUAL' ? 'MANUAL' : 'AUTO',
    );
  }
  if (p.bool('DeleteMode')) {
    for (const [id, r] of Object.entries(rule.results))
      if ((r.reportedAt ?? 0) < issued) delete rule.results[id];
  }
  return { Result: true };
}

export const evaluationActions: Record<string, ActionSpec> = {
  PutEvaluations: {
    handler: putEvaluations,
    resource: (call) => `acs:config::${call.sb.state.accountId}:rule/*`,
  },
};
