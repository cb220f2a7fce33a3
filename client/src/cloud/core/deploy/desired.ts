/**
 * What the guardrail should look like in the account, from its settings: the same resources and
 * values as templates/main.tf (RAM role trusted by FC, least-privilege policy from the function's
 * own action list, the FC function with the bundled code.zip, the managed Config rule, the
 * remediation). Pure.
 */
import { createHash } from 'node:crypto';
import { ramActionsFor } from '../../../../../remediation-fn/src/actions';
import { ENV } from '../../../../../remediation-fn/src/settings';
import type { ConfigRuleInput } from '../api/config-client';
import { DEFAULT_CONFIG_ENDPOINT } from '../api/session';
import { resourceNames, type GuardrailSettings, type ResourceNames } from './settings';

export interface DesiredState {
  settings: GuardrailSettings;
  names: ResourceNames;
  trustPolicy: string;
  policyDocument: string;
  configRule: ConfigRuleInput;
  fn: {
    description: string;
    runtime: string;
    handler: string;
    memorySize: number;
    timeout: number;
    /** Without SG_GUARD_CONFIG_RULE_ID, which is only known once the rule exists. */
    env: Record<string, string>;
  };
  codeZip: Buffer;
  codeSha256: string;
  invokeType: 'AUTO_EXECUTION' | 'MANUAL_EXECUTION';
}

export interface EndpointContext {
  /** The extension's endpoint override (sandbox, VPC endpoint), passed on to the function. */
  endpoint?: string;
  protocol?: 'HTTP' | 'HTTPS';
  configEndpoint?: string;
}

/** The code's hash goes into the description: FC's own checksum is not comparable across sites. */
export const codeMarker = (sha: string) => `[code sha256:${sha.slice(0, 16)}]`;

export function desiredState(
  settings: GuardrailSettings,
  codeZip: Buffer,
  ctx: EndpointContext = {},
): DesiredState {
  const names = resourceNames(settings.name);
  const ports = settings.ports.join(',');
  const sha = createHash('sha256').update(codeZip).digest('hex');
  const reevaluates = settings.reevaluate && settings.mode !== 'dry-run';
  const env: Record<string, string> = {
    [ENV.ports]: ports,
    [ENV.mode]: settings.mode,
    [ENV.trustedCidrs]: settings.trustedCidrs.join(','),
    [ENV.exemptTag]: settings.exemptTag,
    [ENV.configEndpoint]: ctx.endpoint ?? ctx.configEndpoint ?? DEFAULT_CONFIG_ENDPOINT,
  };
  if (ctx.endpoint) env[ENV.ecsEndpoint] = ctx.endpoint;
  if (ctx.protocol === 'HTTP') env[ENV.protocol] = 'http';
  return {
    settings,
    names,
    trustPolicy: JSON.stringify({
      Version: '1',
      Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['fc.aliyuncs.com'] } }],
    }),
    policyDocument: JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ramActionsFor(settings.mode, reevaluates), Resource: '*' }],
    }),
    configRule: {
      ConfigRuleName: names.configRule,
      SourceOwner: 'ALIYUN',
      SourceIdentifier: 'sg-risky-ports-check',
      ConfigRuleTriggerTypes: 'ConfigurationItemChangeNotification',
      RiskLevel: 1,
      ResourceTypesScope: 'ACS::ECS::SecurityGroup',
      InputParameters: { ports },
      Description: `Security groups must not open ${ports} to 0.0.0.0/0 or ::/0 (SG Guard).`,
    },
    fn: {
      description: `SG Guard: revokes world-open security group rules on risky ports (${settings.mode} mode). ${codeMarker(sha)}`,
      runtime: 'nodejs20',
      handler: 'index.handler',
      memorySize: 512,
      timeout: 120,
      env,
    },
    codeZip,
    codeSha256: sha,
    invokeType: settings.execution === 'AUTO' ? 'AUTO_EXECUTION' : 'MANUAL_EXECUTION',
  };
}

/** The function's environment once the rule id is known (empty when it does not re-evaluate). */
export function functionEnv(d: DesiredState, configRuleId: string): Record<string, string> {
  const reevaluates = d.settings.reevaluate && d.settings.mode !== 'dry-run';
  return { ...d.fn.env, [ENV.configRuleId]: reevaluates ? configRuleId : '' };
}
