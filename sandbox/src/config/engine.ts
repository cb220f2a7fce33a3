/**
 * Cloud Config's moving parts: re-evaluating rules when a security group changes or on demand,
 * and running remediations (an AUTO_EXECUTION remediation invokes its FC function with the
 * resource list as the event, in the background, whenever an evaluation finds the group
 * NON_COMPLIANT). Real Config works minutes later; the sandbox judges managed rules at once so tests
 * are deterministic. A custom function rule (CUSTOM_FC) is judged by its function: the sandbox
 * invokes it in the background with Config's invoking event and a result token, and records what
 * it reports through PutEvaluations (evaluations.ts).
 */
import { randomBytes } from 'node:crypto';
import { newHexId } from '../ids';
import type { Sandbox } from '../sandbox';
import type {
  ConfigRule,
  EvaluationResult,
  Remediation,
  RemediationExecution,
  SandboxState,
  SecurityGroup,
} from '../state';
import { evaluateGroup, functionNameOf, inputParameters, inScope, SG_RESOURCE_TYPE } from './evaluation';
import { configurationView } from '../ecs/views';

/** (unverified) Configuration items larger than this are pushed as OVERSIZE, without the configuration. */
export const OVERSIZE_BYTES = 64 * 1024;
/** (unverified) How long a result token stays good. */
const TOKEN_TTL_MS = 60 * 60 * 1000;

type Trigger = 'AUTO' | 'MANUAL' | 'NONE';

export interface ResourceRef {
  resourceId: string;
  regionId: string;
  resourceType: string;
}

export class ConfigEngine {
  constructor(private readonly sb: Sandbox) {}

  private get state() {
    return this.sb.state;
  }

  private activeRules(): ConfigRule[] {
    return Object.values(this.state.config.rules).filter((r) => r.ConfigRuleState === 'ACTIVE');
  }

  /** Evaluates one rule over every group in its scope (a custom rule: asks its function to). */
  evaluateRule(rule: ConfigRule, trigger: Trigger): void {
    const now = Date.now();
    const seen = new Set<string>();
    // (unverified) A whole-rule evaluation of a custom rule is one ScheduledNotification invocation
    // without a configuration item: the function lists the recorded groups and reports them all
    // (PutEvaluations in batches, DeleteMode). Alibaba documents per-resource items for changes.
    if (rule.SourceOwner === 'CUSTOM_FC')
      this.invokeEvaluator(rule, undefined, 'ScheduledNotification', trigger);
    for (const g of Object.values(this.state.securityGroups)) {
      if (!inScope(rule, g)) continue;
      seen.add(g.SecurityGroupId);
      if (rule.SourceOwner !== 'CUSTOM_FC') this.record(rule, evaluateGroup(rule, g, now), trigger);
    }
    for (const id of Object.keys(rule.results)) if (!seen.has(id)) delete rule.results[id];
    rule.lastEvaluation = {
      FirstActivatedTimestamp: rule.lastEvaluation?.FirstActivatedTimestamp ?? now,
      LastSuccessfulEvaluationTimestamp: now,
    };
  }

  onGroupChanged(g: SecurityGroup): void {
    const now = Date.now();
    for (const rule of this.activeRules()) {
      if (!rule.ConfigRuleTriggerTypes.includes('ConfigurationItemChangeNotification')) continue;
      if (!inScope(rule, g)) {
        delete rule.results[g.SecurityGroupId];
        continue;
      }
      if (rule.SourceOwner === 'CUSTOM_FC')
        this.invokeEvaluator(rule, g, 'ConfigurationItemChangeNotification', 'AUTO');
      else this.record(rule, evaluateGroup(rule, g, now), 'AUTO');
    }
  }

  /** Stores one result; a NON_COMPLIANT one starts the rule's automatic remediations. */
  record(rule: ConfigRule, result: EvaluationResult, trigger: Trigger): void {
    rule.results[result.ResourceId] = result;
    const g = this.state.securityGroups[result.ResourceId];
    if (g && result.ComplianceType === 'NON_COMPLIANT' && trigger !== 'NONE')
      this.autoRemediate(rule, g, trigger === 'MANUAL' ? 'MANUAL' : 'AUTO');
  }

  /**
   * Invokes a custom rule's function for one group, in the background, with Config's invoking event
   * (the "custom function rule" data structure) and a fresh result token for PutEvaluations.
   */
  private invokeEvaluator(
    rule: ConfigRule,
    g: SecurityGroup | undefined,
    messageType: string,
    trigger: Trigger,
  ): void {
    const name = functionNameOf(rule.SourceIdentifier);
    if (!name) return;
    const now = Date.now();
    const token = randomBytes(24).toString('base64');
    rule.resultTokens = [
      ...(rule.resultTokens ?? []).filter((t) => t.issued >= now - TOKEN_TTL_MS),
      { token, trigger, issued: now },
    ];
    const configuration = g ? JSON.stringify(configurationView(g)) : '';
    const oversize = Buffer.byteLength(configuration) > OVERSIZE_BYTES;
    const item = g && {
      accountId: Number(this.state.accountId),
      availabilityZone: '',
      regionId: g.RegionId,
      ...(oversize ? {} : { configuration }),
      captureTime: now,
      resourceCreateTime: Date.parse(g.CreationTime),
      resourceId: g.SecurityGroupId,
      resourceName: g.SecurityGroupName,
      resourceType: SG_RESOURCE_TYPE,
      tags: '',
    };
    const event = Buffer.from(
      JSON.stringify({
        ruleParameters: inputParameters(rule),
        resultToken: token,
        orderingTimestamp: now,
        invokingEvent: {
          messageType,
          configurationType: item ? (oversize ? 'OVERSIZE' : 'COMMON') : 'NONE',
          notificationCreationTimestamp: now,
          accountId: Number(this.state.accountId),
          ...(item ? { configurationItem: item } : {}),
        },
      }),
    );
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.sb.invokeFunction(name, event))
      .then((outcome) => {
        if (!outcome.ok)
          rule.lastError = { code: outcome.errorType, message: outcome.errorMessage, at: Date.now() };
      })
      .finally(() => this.sb.touch());
    this.sb.track(run);
  }

  onGroupDeleted(g: SecurityGroup): void {
    for (const rule of Object.values(this.state.config.rules)) delete rule.results[g.SecurityGroupId];
    this.state.config.deleted[g.SecurityGroupId] = {
      ResourceId: g.SecurityGroupId,
      ResourceName: g.SecurityGroupName,
      Region: g.RegionId,
      ResourceCreationTime: Date.parse(g.CreationTime),
      Configuration: JSON.stringify(configurationView(g)),
      Tags: g.Tags,
      DeletedAt: Date.now(),
    };
  }

  private autoRemediate(rule: ConfigRule, g: SecurityGroup, trigger: 'AUTO' | 'MANUAL'): void {
    for (const rem of Object.values(this.state.config.remediations)) {
      if (rem.ConfigRuleId !== rule.ConfigRuleId || rem.InvokeType !== 'AUTO_EXECUTION') continue;
      this.startRemediation(
        rem,
        { resourceId: g.SecurityGroupId, regionId: g.RegionId, resourceType: SG_RESOURCE_TYPE },
        trigger,
      );
    }
  }

  /**
   * Starts one remediation run in the background (never blocking the call that triggered it).
   * A run already in progress for the same rule and resource is not started twice.
   */
  startRemediation(
    rem: Remediation,
    ref: ResourceRef,
    trigger: 'AUTO' | 'MANUAL',
  ): RemediationExecution | undefined {
    const running = this.state.config.executions.find(
      (e) =>
        e.RemediationId === rem.RemediationId &&
        e.ResourceId === ref.resourceId &&
        e.ExecutionStatus === 'Running',
    );
    if (running) return running;
    const exec: RemediationExecution = {
      InvocationId: newHexId(this.state, 'inv-', 20),
      ConfigRuleId: rem.ConfigRuleId,
      RemediationId: rem.RemediationId,
      ResourceId: ref.resourceId,
      ResourceRegionId: ref.regionId,
      ResourceType: ref.resourceType,
      ExecutionStatus: 'Running',
      ExecutionErrorMessage: '',
      ExecutionCreateDate: Date.now(),
      trigger,
    };
    this.state.config.executions.push(exec);
    // Keep the history bounded: a long-running sandbox should not grow without limit.
    if (this.state.config.executions.length > 1000) this.state.config.executions.splice(0, 100);
    const event = Buffer.from(
      JSON.stringify([
        {
          regionId: ref.regionId,
          accountId: this.state.accountId,
          resourceId: ref.resourceId,
          resourceType: ref.resourceType,
        },
      ]),
    );
    const name = functionNameFromArn(rem.RemediationTemplateId);
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.sb.invokeFunction(name, event, exec.InvocationId))
      .then((outcome) => {
        exec.ExecutionStatus = outcome.ok ? 'Success' : 'Failed';
        if (!outcome.ok) exec.ExecutionErrorMessage = `${outcome.errorType}: ${outcome.errorMessage}`;
      })
      .catch((e: unknown) => {
        exec.ExecutionStatus = 'Failed';
        exec.ExecutionErrorMessage = e instanceof Error ? e.message : String(e);
      })
      .finally(() => this.sb.touch());
    this.sb.track(run);
    return exec;
  }
}

/** `acs:fc:<region>:<account>:functions/<name>` → name (the sandbox has one FC namespace). */
export function functionNameFromArn(arn: string): string {
  const m = /functions\/([^/]+)/.exec(arn);
  return m ? m[1]! : arn;
}

/** The remediations configured for a rule. */
export function remediationsOf(state: SandboxState, rule: ConfigRule): Remediation[] {
  return Object.values(state.config.remediations).filter((r) => r.ConfigRuleId === rule.ConfigRuleId);
}
