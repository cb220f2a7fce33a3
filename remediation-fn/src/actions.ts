/**
 * The cloud API actions the function may call, per mode. The executor refuses any call outside this
 * set, and the Terraform template's RAM policy is tested against it: one source of truth for least
 * privilege.
 */
import type { Mode } from './settings';

/** ECS actions, as the API (and the SDK's `action` parameter) names them. */
export const ECS_ACTIONS = {
  describeGroups: 'DescribeSecurityGroups',
  describeRules: 'DescribeSecurityGroupAttribute',
  portRangeListEntries: 'DescribePortRangeListEntries',
  revoke: 'RevokeSecurityGroup',
  authorize: 'AuthorizeSecurityGroup',
} as const;

export type EcsAction = (typeof ECS_ACTIONS)[keyof typeof ECS_ACTIONS];

/**
 * Cloud Config actions: re-triggering the rule's evaluation after a change (remediation), and, for
 * the custom rule (`index.evaluate`), reporting results and reading recorded configurations.
 */
export const CONFIG_ACTIONS = {
  startEvaluation: 'StartConfigRuleEvaluation',
  putEvaluations: 'PutEvaluations',
  getDiscoveredResource: 'GetDiscoveredResource',
  listDiscoveredResources: 'ListDiscoveredResources',
} as const;

export type ConfigAction = (typeof CONFIG_ACTIONS)[keyof typeof CONFIG_ACTIONS];

/** ECS actions each mode needs: reading always; revoking unless dry-run; authorizing only to narrow. */
export function ecsActionsFor(mode: Mode): EcsAction[] {
  const read: EcsAction[] = [
    ECS_ACTIONS.describeGroups,
    ECS_ACTIONS.describeRules,
    ECS_ACTIONS.portRangeListEntries,
  ];
  if (mode === 'dry-run') return read;
  if (mode === 'narrow') return [...read, ECS_ACTIONS.authorize, ECS_ACTIONS.revoke];
  return [...read, ECS_ACTIONS.revoke];
}

/** The RAM actions (`ecs:...`, `config:...`) the function's role needs for a configuration. */
export function ramActionsFor(mode: Mode, reevaluatesConfigRule: boolean): string[] {
  const actions = ecsActionsFor(mode).map((a) => `ecs:${a}`);
  if (reevaluatesConfigRule && mode !== 'dry-run') actions.push(`config:${CONFIG_ACTIONS.startEvaluation}`);
  return actions.sort();
}

/** The RAM actions of the custom rule's evaluator function (`index.evaluate`): read and report only. */
export function evaluatorRamActions(): string[] {
  return [
    `ecs:${ECS_ACTIONS.portRangeListEntries}`,
    `config:${CONFIG_ACTIONS.putEvaluations}`,
    `config:${CONFIG_ACTIONS.getDiscoveredResource}`,
    `config:${CONFIG_ACTIONS.listDiscoveredResources}`,
  ].sort();
}
