/**
 * Cloud Config's moving parts: re-evaluating rules when a security group changes or on demand,
 * and running remediations (an AUTO_EXECUTION remediation invokes its FC function with the
 * resource list as the event, in the background, whenever an evaluation finds the group
 * NON_COMPLIANT). Real Config works minutes later; the sandbox evaluates at once so tests are
 * deterministic, and only the remediation is asynchronous.
 */
import { newHexId } from '../ids';
import type { Sandbox } from '../sandbox';
import type { ConfigRule, Remediation, RemediationExecution, SandboxState, SecurityGroup } from '../state';
import { evaluateGroup, inScope, SG_RESOURCE_TYPE } from './evaluation';
import { configurationView } from '../ecs/views';

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

  /** Evaluates one rule over every group in its scope; returns the non-compliant groups. */
  evaluateRule(rule: ConfigRule, trigger: 'AUTO' | 'MANUAL' | 'NONE'): void {
    const now = Date.now();
    const seen = new Set<string>();
    for (const g of Object.values(this.state.securityGroups)) {
      if (!inScope(rule, g)) continue;
      seen.add(g.SecurityGroupId);
      const result = evaluateGroup(rule, g, now);
      rule.results[g.SecurityGroupId] = result;
      if (result.ComplianceType === 'NON_COMPLIANT' && trigger !== 'NONE')
        this.autoRemediate(rule, g, trigger);
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
      const result = evaluateGroup(rule, g, now);
      rule.results[g.SecurityGroupId] = result;
      if (result.ComplianceType === 'NON_COMPLIANT') this.autoRemediate(rule, g, 'AUTO');
    }
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
