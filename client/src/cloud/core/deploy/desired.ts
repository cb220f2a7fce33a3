/**
 * What the guardrail should look like in the account, from its settings: the same resources and
 * values as templates/main.tf — the remediation function with its RAM role and least-privilege
 * policy, the Config rule in the chosen form (managed `sg-risky-ports-check`, or SG Guard's custom
 * rule whose evaluator is the same code.zip's `index.evaluate` with a read-and-report role), and the
 * remediation. Pure.
 */
import { createHash } from 'node:crypto';
import {
  DEFAULT_CONFIG_ENDPOINT,
  ENV,
  evaluatorRamActions,
  ramActionsFor,
  type ConfigRuleSettings,
} from '../../../../../remediation-fn/src/public';
import { resourceNames, type GuardrailSettings, type ResourceNames, type RuleSource } from './settings';

export interface FunctionDesired {
  name: string;
  description: string;
  runtime: string;
  handler: string;
  memorySize: number;
  timeout: number;
  /** The remediation's SG_GUARD_CONFIG_RULE_ID is added once the rule exists (functionEnv). */
  env: Record<string, string>;
}

/** The custom rule's evaluator: its own function, role and policy (rule form `sg-guard`). */
export interface EvaluatorDesired {
  role: string;
  policy: string;
  policyDocument: string;
  fn: FunctionDesired;
}

export interface DesiredState {
  settings: GuardrailSettings;
  names: ResourceNames;
  trustPolicy: string;
  policyDocument: string;
  /** The rule without its source: the deployer adds the managed rule's name or the evaluator's ARN. */
  configRule: ConfigRuleSettings & { SourceOwner: 'ALIYUN' | 'CUSTOM_FC' };
  fn: FunctionDesired;
  evaluator?: EvaluatorDesired;
  codeZip: Buffer;
  codeSha256: string;
  invokeType: 'AUTO_EXECUTION' | 'MANUAL_EXECUTION';
}

/** Where the functions send their calls (their environment contract). */
export interface EndpointContext {
  /** A sandbox's loopback host:port serving every product: both functions use it over HTTP. */
  sandbox?: string;
  /** An ECS override, `{region}` allowed (the function fills it in per group). */
  ecsEndpoint?: string;
  /** Cloud Config at the account's site (the session worked it out). */
  configEndpoint?: string;
}

export const MANAGED_RULE = 'sg-risky-ports-check';

/** What each rule form catches, for the preview (docs/cloud.md has the full table). */
export const RULE_FORM_COVERAGE: Readonly<Record<RuleSource, string>> = {
  'sg-guard':
    "SG Guard's own rule: 0.0.0.0/0 and ::/0 (any /0), tcp/udp/all, port lists, higher-priority drop rules — the editor's verdict",
  managed: `Alibaba's managed ${MANAGED_RULE}: 0.0.0.0/0 only (documented) — a group open on ::/0 alone stays compliant`,
};

/** The code's hash goes into the description: FC's own checksum is not comparable across sites. */
export const codeMarker = (sha: string) => `[code sha256:${sha.slice(0, 16)}]`;

const FC_TRUST = JSON.stringify({
  Version: '1',
  Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['fc.aliyuncs.com'] } }],
});

const allowAll = (actions: string[]) =>
  JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

function endpointEnv(ctx: EndpointContext): Record<string, string> {
  const env: Record<string, string> = {
    [ENV.configEndpoint]: ctx.sandbox ?? ctx.configEndpoint ?? DEFAULT_CONFIG_ENDPOINT,
  };
  const ecs = ctx.sandbox ?? ctx.ecsEndpoint;
  if (ecs) env[ENV.ecsEndpoint] = ecs;
  if (ctx.sandbox) env[ENV.protocol] = 'http';
  return env;
}

export function desiredState(
  settings: GuardrailSettings,
  codeZip: Buffer,
  ctx: EndpointContext = {},
): DesiredState {
  const names = resourceNames(settings.name);
  const ports = settings.ports.join(',');
  const sha = createHash('sha256').update(codeZip).digest('hex');
  const reevaluates = settings.reevaluate && settings.mode !== 'dry-run';
  const custom = settings.ruleSource === 'sg-guard';
  const endpoints = endpointEnv(ctx);
  const common = { runtime: 'nodejs20', memorySize: 512, timeout: 120 };
  const d: DesiredState = {
    settings,
    names,
    trustPolicy: FC_TRUST,
    policyDocument: allowAll(ramActionsFor(settings.mode, reevaluates)),
    configRule: {
      ConfigRuleName: names.configRule,
      SourceOwner: custom ? 'CUSTOM_FC' : 'ALIYUN',
      // The custom rule also runs daily: a port list edit changes no group's configuration.
      ConfigRuleTriggerTypes: custom
        ? 'ConfigurationItemChangeNotification,ScheduledNotification'
        : 'ConfigurationItemChangeNotification',
      ...(custom ? { MaximumExecutionFrequency: 'TwentyFour_Hours' } : {}),
      RiskLevel: 1,
      ResourceTypesScope: 'ACS::ECS::SecurityGroup',
      InputParameters: { ports },
      Description: custom
        ? `SG Guard: security groups must not open ${ports} to 0.0.0.0/0 or ::/0 (IPv4 and IPv6, port lists, drop rules).`
        : `Managed ${MANAGED_RULE}: security groups must not open ${ports} to 0.0.0.0/0.`,
    },
    fn: {
      name: names.functionName,
      description: `SG Guard: revokes world-open security group rules on risky ports (${settings.mode} mode). ${codeMarker(sha)}`,
      handler: 'index.handler',
      ...common,
      env: {
        [ENV.ports]: ports,
        [ENV.mode]: settings.mode,
        [ENV.trustedCidrs]: settings.trustedCidrs.join(','),
        [ENV.exemptTag]: settings.exemptTag,
        ...endpoints,
      },
    },
    codeZip,
    codeSha256: sha,
    invokeType: settings.execution === 'AUTO' ? 'AUTO_EXECUTION' : 'MANUAL_EXECUTION',
  };
  if (custom) {
    d.evaluator = {
      role: names.evaluator,
      policy: names.evaluator,
      policyDocument: allowAll(evaluatorRamActions()),
      fn: {
        name: names.evaluator,
        description: `SG Guard: the Config rule judging security groups with the editor's rule module. ${codeMarker(sha)}`,
        handler: 'index.evaluate',
        ...common,
        env: { [ENV.ports]: ports, [ENV.exemptTag]: settings.exemptTag, ...endpoints },
      },
    };
  }
  return d;
}

/** The remediation's environment once the rule id is known (empty when it does not re-evaluate). */
export function functionEnv(d: DesiredState, configRuleId: string): Record<string, string> {
  const reevaluates = d.settings.reevaluate && d.settings.mode !== 'dry-run';
  return { ...d.fn.env, [ENV.configRuleId]: reevaluates ? configRuleId : '' };
}
