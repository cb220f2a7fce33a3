/**
 * How Config judges a security group. Managed rules are evaluated as Alibaba documents them — not
 * with SG Guard's own rule module, which would make the sandbox agree with us by construction:
 *
 * - `sg-risky-ports-check` (Cloud Config managed rule page; Alibaba's InfraGuard policy of the same
 *   id): NON_COMPLIANT when an inbound accept rule has the source `0.0.0.0/0` and its port range
 *   includes one of `ports`. IPv6 `::/0` is not mentioned and is not counted; higher-priority drop
 *   rules are not mentioned (unlike ecs-security-group-risky-ports-check-with-protocol) and do not
 *   count. Which protocols count is not documented: tcp, udp and all (whose range is every port)
 *   are counted, icmp and gre (no ports) are not (unverified).
 * - `sg-public-access-check` (Cloud Config managed rule list, BestPracticesForSecurityGroups): an
 *   inbound accept rule from `0.0.0.0/0` with port range `-1/-1`, unless a drop rule of higher (or
 *   equal) priority from `0.0.0.0/0` covers every port; service-managed groups are NOT_APPLICABLE.
 *   Protocols: all, or tcp/udp with -1/-1; icmp and gre have no ports (unverified).
 *
 * Custom function rules (`CUSTOM_FC`) are not judged here at all: the sandbox invokes their
 * function, which reports with PutEvaluations (engine.ts, evaluations.ts).
 */
import { parsePortList, RULE_IDS } from '../../../server/src/risk';
import { configErrors } from './errors';
import type { ConfigRule, EvaluationResult, SecurityGroup, SgRule } from '../state';

export const SG_RESOURCE_TYPE = 'ACS::ECS::SecurityGroup';
export const SUPPORTED_RULES: readonly string[] = [RULE_IDS.riskyPorts, RULE_IDS.publicAccess];
const DEFAULT_PORTS = [22, 3389];
const WORLD_V4 = '0.0.0.0/0';

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

/** `acs:fc:<region>:<account>:functions/<name>` → name; undefined when it is not a function ARN. */
export function functionNameOf(arn: string): string | undefined {
  return /^acs:fc:[a-z0-9-]+:\d+:functions\/([^/]+)$/.exec(arn.trim())?.[1];
}

/** Checks a rule's source and parameters the way creation would (throws ApiError). */
export function validateRule(
  rule: Pick<ConfigRule, 'SourceOwner' | 'SourceIdentifier' | 'InputParameters'>,
  functionExists: (name: string) => boolean,
): void {
  if (rule.SourceOwner === 'CUSTOM_FC') {
    const name = functionNameOf(rule.SourceIdentifier);
    if (!name || !functionExists(name)) throw configErrors.customFunction(rule.SourceIdentifier);
    inputParameters(rule);
    return;
  }
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

/** `a/b` → the range; `-1/-1` (and a missing range) → every port; a port list alone → none known. */
function rangeOf(r: SgRule): { from: number; to: number } | undefined {
  const m = /^(-?\d+)\/(-?\d+)$/.exec(r.PortRange);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2]);
  return from === -1 && to === -1 ? { from: 1, to: 65535 } : { from, to };
}

const worldV4Ingress = (r: SgRule, policy: 'Accept' | 'Drop') =>
  r.Direction === 'ingress' && r.Policy === policy && r.SourceCidrIp === WORLD_V4;

/** sg-risky-ports-check as documented: the rules that make the group NON_COMPLIANT. */
export function managedRiskyRules(g: SecurityGroup, ports: readonly number[]): SgRule[] {
  return g.rules.filter((r) => {
    if (!worldV4Ingress(r, 'Accept')) return false;
    const proto = r.IpProtocol.toUpperCase();
    if (proto === 'ALL') return true;
    if (proto !== 'TCP' && proto !== 'UDP') return false;
    const range = rangeOf(r);
    return range !== undefined && ports.some((p) => p >= range.from && p <= range.to);
  });
}

/** sg-public-access-check as documented: world accept rules on -1/-1 not closed by a drop rule. */
export function managedPublicRules(g: SecurityGroup): SgRule[] {
  // (unverified) which protocols: those with ports (tcp, udp) and all; icmp and gre have none.
  const all = (r: SgRule) =>
    r.IpProtocol.toUpperCase() === 'ALL' ||
    (['TCP', 'UDP'].includes(r.IpProtocol.toUpperCase()) && r.PortRange === '-1/-1');
  return g.rules.filter(
    (r) =>
      worldV4Ingress(r, 'Accept') &&
      all(r) &&
      !g.rules.some((d) => worldV4Ingress(d, 'Drop') && all(d) && Number(d.Priority) <= Number(r.Priority)),
  );
}

/** A managed rule's result for one group. */
export function evaluateGroup(rule: ConfigRule, g: SecurityGroup, now: number): EvaluationResult {
  const base = {
    ResourceId: g.SecurityGroupId,
    ResourceName: g.SecurityGroupName,
    RegionId: g.RegionId,
    ResourceType: SG_RESOURCE_TYPE,
    OrderingTimestamp: now,
  };
  const params = inputParameters(rule);
  const risky = rule.SourceIdentifier === RULE_IDS.riskyPorts;
  if (!risky && g.ServiceManaged) return { ...base, ComplianceType: 'NOT_APPLICABLE', Annotation: '' };
  const ports = risky && params.ports !== undefined ? parsePortList(params.ports) : DEFAULT_PORTS;
  const hits = risky ? managedRiskyRules(g, ports) : managedPublicRules(g);
  if (hits.length === 0) return { ...base, ComplianceType: 'COMPLIANT', Annotation: '' };
  // (unverified) Annotation shape: a JSON object string, as Alibaba's samples write it.
  const annotation = JSON.stringify({
    configuration: hits
      .map((r) => `${r.SecurityGroupRuleId} ${r.IpProtocol} ${r.PortRange} from ${r.SourceCidrIp}`)
      .join('; '),
    desiredValue: risky
      ? `ports ${ports.join(',')} not open to ${WORLD_V4}`
      : `no rule opening every port to ${WORLD_V4}`,
    operator: 'NotIn',
    property: '$.Permissions.Permission',
  });
  return { ...base, ComplianceType: 'NON_COMPLIANT', Annotation: annotation };
}
