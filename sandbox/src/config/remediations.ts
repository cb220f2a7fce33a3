/** Cloud Config 2020-09-07 remediations: create/list/delete/start and their executions. */
import { errors } from '../http/errors';
import type { ActionSpec, Call } from '../http/call';
import { page, seqKey } from '../http/paging';
import { newHexId } from '../ids';
import type { Remediation } from '../state';
import { getRule, ruleArn } from './actions';
import { functionNameFromArn, remediationsOf } from './engine';
import { configErrors } from './errors';

function createRemediation(call: Call) {
  const p = call.params;
  const st = call.sb.state;
  const rule = getRule(call);
  const type = p.required('RemediationType');
  if (type !== 'FC') throw configErrors.remediationType();
  const invokeType = p.required('InvokeType');
  if (!['AUTO_EXECUTION', 'MANUAL_EXECUTION', 'NON_EXECUTION'].includes(invokeType))
    throw errors.invalidParameter('InvokeType', invokeType);
  const template = p.required('RemediationTemplateId');
  const fnName = functionNameFromArn(template);
  if (!st.fc.functions[fnName]) {
    throw configErrors.remediationTemplate(fnName, template);
  }
  const rem: Remediation = {
    RemediationId: newHexId(st, 'crr-', 20),
    ConfigRuleId: rule.ConfigRuleId,
    RemediationType: type,
    RemediationTemplateId: template,
    RemediationSourceType: p.str('SourceType') ?? 'CUSTOM',
    InvokeType: invokeType,
    Params: p.str('Params') ?? '{}',
    CreateTimestamp: Date.now(),
  };
  st.config.remediations[rem.RemediationId] = rem;
  return { RemediationId: rem.RemediationId };
}

function remediationView(rem: Remediation, accountId: string) {
  return {
    RemediationId: rem.RemediationId,
    ConfigRuleId: rem.ConfigRuleId,
    RemediationType: rem.RemediationType,
    RemediationTemplateId: rem.RemediationTemplateId,
    RemediationSourceType: rem.RemediationSourceType,
    InvokeType: rem.InvokeType,
    RemediationOriginParams: rem.Params,
    AccountId: Number(accountId),
  };
}

/** Pages with PageNumber/PageSize, as ListRemediations' model does (TotalCount is a string there). */
function listRemediations(call: Call) {
  const ids = call.params
    .str('ConfigRuleIds')
    ?.split(',')
    .map((s) => s.trim());
  const pageNumber = call.params.int('PageNumber', { min: 1, def: 1 })!;
  // (unverified) bounds of PageSize: the API spec's 1..50.
  const pageSize = call.params.int('PageSize', { min: 1, max: 50, def: 10 })!;
  const all = Object.values(call.sb.state.config.remediations)
    .filter((r) => ids === undefined || ids.includes(r.ConfigRuleId))
    .sort((a, b) => (a.RemediationId < b.RemediationId ? -1 : 1));
  return {
    PageNumber: pageNumber,
    PageSize: pageSize,
    TotalCount: String(all.length),
    Remediations: all
      .slice((pageNumber - 1) * pageSize, pageNumber * pageSize)
      .map((r) => remediationView(r, call.sb.state.accountId)),
  };
}

function deleteRemediations(call: Call) {
  const ids = call.params
    .required('RemediationIds')
    .split(',')
    .map((s) => s.trim());
  for (const id of ids) delete call.sb.state.config.remediations[id];
  return { RemediationDeleteResults: ids.map((id) => ({ RemediationId: id, Success: true })) };
}

function startRemediation(call: Call) {
  const rule = getRule(call);
  const rems = remediationsOf(call.sb.state, rule);
  if (rems.length === 0) throw configErrors.noRemediation();
  const resourceId = call.params.str('ResourceId');
  const targets = Object.values(rule.results).filter((r) =>
    resourceId !== undefined ? r.ResourceId === resourceId : r.ComplianceType === 'NON_COMPLIANT',
  );
  if (resourceId !== undefined && targets.length === 0) {
    throw configErrors.noEvaluation(resourceId);
  }
  for (const rem of rems) {
    for (const t of targets) {
      call.sb.config.startRemediation(
        rem,
        { resourceId: t.ResourceId, regionId: t.RegionId, resourceType: t.ResourceType },
        'MANUAL',
      );
    }
  }
  return { Data: true };
}

function listRemediationExecutions(call: Call) {
  const rule = getRule(call);
  const status = call.params.str('ExecutionStatus');
  const max = call.params.int('MaxResults', { min: 1, max: 100, def: 10 })!;
  const all = call.sb.state.config.executions
    .filter((e) => e.ConfigRuleId === rule.ConfigRuleId)
    .filter((e) => status === undefined || e.ExecutionStatus === status);
  const indexed = all.map((e, i) => ({ e, key: seqKey(i) }));
  const res = page(indexed, (x) => x.key, call.params.str('NextToken'), max);
  return {
    RemediationExecutionData: {
      MaxResults: max,
      NextToken: res.nextToken,
      RemediationExecutions: res.items.map(({ e }) => ({
        ExecutionInvocationId: e.InvocationId,
        ExecutionResourceIds: e.ResourceId,
        ExecutionResourceType: e.ResourceType,
        ExecutionStatus: e.ExecutionStatus,
        // The model's names and types: the message is ExecutionStatusMessage, the date an ISO string.
        ExecutionStatusMessage: e.ExecutionErrorMessage,
        ExecutionCreateDate: new Date(e.ExecutionCreateDate).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      })),
    },
  };
}

export const remediationActions: Record<string, ActionSpec> = {
  CreateRemediation: { handler: createRemediation, resource: ruleArn },
  ListRemediations: { handler: listRemediations, resource: ruleArn },
  DeleteRemediations: { handler: deleteRemediations, resource: ruleArn },
  StartRemediation: { handler: startRemediation, resource: ruleArn },
  ListRemediationExecutions: { handler: listRemediationExecutions, resource: ruleArn },
};
