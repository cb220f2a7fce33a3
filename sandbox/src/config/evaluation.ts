/**
 * The managed rules, judged with the project's own rule module (the same code the editor and the
 * remediation function use). Where the real managed rule's behaviour is unpublished (IPv6 `::/0`,
 * protocol `all`, drop rules of higher priority) this evaluation follows our stricter contract
 * (shared/spec/rule-semantics.md).
 *
 * Service-managed groups are evaluated like any other: the managed rule has no notion of them,
 * so they show NON_COMPLIANT when risky (unverified); it is the remediation function that skips them.
 */
import { assessGroup, fromLivePermission, parsePortList, RULE_IDS } from '../../../server/src/risk';
import { configErrors } from './errors';
import type { ConfigRule, EvaluationResult, SecurityGroup } from '../state';

export const SG_RESOURCE_TYPE = 'ACS::ECS::SecurityGroup';
export const SUPPORTED_RULES: readonly string[] = [RULE_IDS.riskyPorts, RULE_IDS.publicAccess];

export function inputParameters(rule: Pick<ConfigRule, 'InputParameters'>): Record<string, string> {
  if (rule.InputParameters === '') return {};
  try {
    const parsed = JSON.parse(rule.InputParameters) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
  } catch {
    throw configErrors.inputParameters();
  }
}

/** Checks a rule's identifier and parameters the way creation would (throws ApiError). */
export function validateRule(
  rule: Pick<ConfigRule, 'SourceOwner' | 'SourceIdentifier' | 'InputParameters'>,
): void {
  if (rule.SourceOwner !== 'ALIYUN') {
    throw configErrors.sourceOwner();
  }
  if (!SUPPORTED_RULES.includes(rule.SourceIdentifier)) {
    throw configErrors.sourceIdentifier(SUPPORTED_RULES);
  }
  const params = inputParameters(rule);
  if (rule.SourceIdentifier === RULE_IDS.riskyPorts && params.ports !== undefined) {
    try {
      parsePortList(params.ports);
    } catch (e) {
      throw configErrors.inputParameters(`ports: ${(e as Error).message}`);
    }
  }
}

/** True when the rule's scope covers this group. */
export function inScope(rule: ConfigRule, g: SecurityGroup): boolean {
  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const types = list(rule.ResourceTypesScope);
  if (types.length > 0 && !types.includes(SG_RESOURCE_TYPE)) return false;
  const regions = list(rule.RegionIdsScope);
  if (regions.length > 0 && !regions.includes(g.RegionId)) return false;
  return !list(rule.ExcludeResourceIdsScope).includes(g.SecurityGroupId);
}

export function evaluateGroup(rule: ConfigRule, g: SecurityGroup, now: number): EvaluationResult {
  const normalised = g.rules.map((r) => fromLivePermission({ ...r }));
  const params = inputParameters(rule);
  const ports = params.ports !== undefined ? parsePortList(params.ports) : undefined;
  const assessed = assessGroup(normalised, ports ? { ports } : {});
  const findings: string[] = [];
  for (const a of assessed) {
    const id = g.rules[a.index]?.SecurityGroupRuleId ?? '';
    const verdict = rule.SourceIdentifier === RULE_IDS.riskyPorts ? a.riskyPorts : a.publicAccess;
    if (verdict) findings.push(`${id} ${verdict.message}`);
  }
  const compliant = findings.length === 0;
  // (unverified) Annotation shape: real managed rules put a JSON object string here.
  const annotation = compliant
    ? ''
    : JSON.stringify({
        configuration: findings.join('; '),
        desiredValue:
          rule.SourceIdentifier === RULE_IDS.riskyPorts
            ? `ports ${(ports ?? [22, 3389]).join(',')} not open to 0.0.0.0/0 or ::/0`
            : 'no rule opening every port to 0.0.0.0/0 or ::/0',
        operator: 'NotIn',
        property: '$.Permissions.Permission',
      });
  return {
    ResourceId: g.SecurityGroupId,
    ResourceName: g.SecurityGroupName,
    RegionId: g.RegionId,
    ResourceType: SG_RESOURCE_TYPE,
    ComplianceType: compliant ? 'COMPLIANT' : 'NON_COMPLIANT',
    Annotation: annotation,
    OrderingTimestamp: now,
  };
}
