/**
 * Compares what the guardrail should be with what the account holds, step by step, so the user
 * sees a preview (create / update / replace / delete / unchanged, with the differences) before
 * anything changes. Reading is separate from planning: `planDeploy` is pure and unit-tested.
 *
 * A Config rule's source cannot be updated (UpdateConfigRule's model has no SourceOwner or
 * SourceIdentifier; the provider marks both ForceNew): switching rule forms replaces the rule, and
 * leaving the `sg-guard` form deletes its evaluator afterwards.
 */
import type { ConfigRuleDetail, RemediationSummary } from '../api/config-client';
import type { ActualFunction, ActualPolicy, ActualRole, GuardrailApi } from './api-types';
import {
  functionEnv,
  MANAGED_RULE,
  RULE_FORM_COVERAGE,
  type DesiredState,
  type FunctionDesired,
} from './desired';

export type StepId =
  | 'role'
  | 'policy'
  | 'attachment'
  | 'evaluatorRole'
  | 'evaluatorPolicy'
  | 'evaluatorAttachment'
  | 'evaluator'
  | 'configRule'
  | 'function'
  | 'remediation';
export type StepAction = 'create' | 'update' | 'replace' | 'delete' | 'unchanged';

export interface PlanStep {
  id: StepId;
  /** e.g. `RAM role sg-guard-remediation`. */
  title: string;
  action: StepAction;
  /** What differs, for an update or replace: `ports: 22 → 22,3389`. */
  changes: string[];
}

/** The evaluator's resources as found (rule form `sg-guard`). */
export interface ActualEvaluator {
  role?: ActualRole;
  policy?: ActualPolicy;
  attached: boolean;
  fn?: ActualFunction;
}

export interface ActualState {
  accountId: string;
  role?: ActualRole;
  policy?: ActualPolicy;
  attached: boolean;
  configRule?: ConfigRuleDetail;
  fn?: ActualFunction;
  remediations: RemediationSummary[];
  evaluator?: ActualEvaluator;
}

export interface DeployPlan {
  steps: PlanStep[];
  /** Steps that change something. */
  changes: number;
}

export async function readActual(api: GuardrailApi, d: DesiredState): Promise<ActualState> {
  const n = d.names;
  const [role, policy, attached, configRule, eRole, ePolicy, eAttached] = await Promise.all([
    api.getRole(n.role),
    api.getPolicy(n.policy),
    api.isAttached(n.role, n.policy),
    api.findConfigRule(n.configRule),
    api.getRole(n.evaluator),
    api.getPolicy(n.evaluator),
    api.isAttached(n.evaluator, n.evaluator),
  ]);
  const accountId = await api.accountId(n.role);
  const [fn, eFn, remediations] = await Promise.all([
    api.getFunction(d.settings.region, n.functionName),
    api.getFunction(d.settings.region, n.evaluator),
    configRule ? api.listRemediations(configRule.ConfigRuleId) : Promise.resolve([]),
  ]);
  const evaluator: ActualEvaluator = {
    ...(eRole ? { role: eRole } : {}),
    ...(ePolicy ? { policy: ePolicy } : {}),
    attached: eAttached,
    ...(eFn ? { fn: eFn } : {}),
  };
  return {
    accountId,
    role,
    policy,
    attached,
    configRule,
    fn,
    remediations,
    ...(eRole || ePolicy || eAttached || eFn ? { evaluator } : {}),
  };
}

/** Parses and re-serialises JSON with sorted keys and sorted string arrays, so order never counts as drift. */
export function canonicalJson(text: string): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const items = v.map(norm);
      return items.every((x) => typeof x === 'string') ? [...items].sort() : items;
    }
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, norm((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  try {
    return JSON.stringify(norm(JSON.parse(text)));
  } catch {
    return text;
  }
}

const diff = (label: string, was: unknown, want: unknown): string[] =>
  String(was) === String(want)
    ? []
    : [`${label}: ${String(was) || '(empty)'} → ${String(want) || '(empty)'}`];

function step(id: StepId, title: string, exists: boolean, changes: string[]): PlanStep {
  return {
    id,
    title,
    action: !exists ? 'create' : changes.length > 0 ? 'update' : 'unchanged',
    changes: exists ? changes : [],
  };
}

/** The remediation that points at our function with the wanted invoke type, if there is one. */
export function matchingRemediation(d: DesiredState, a: ActualState): RemediationSummary | undefined {
  return a.remediations.find(
    (r) =>
      r.RemediationType === 'FC' &&
      a.fn &&
      r.RemediationTemplateId === a.fn.arn &&
      r.InvokeType === d.invokeType,
  );
}

function envChanges(want: Record<string, string>, have: Record<string, string>): string[] {
  const out: string[] = [];
  for (const k of new Set([...Object.keys(want), ...Object.keys(have)])) {
    if ((want[k] ?? '') !== (have[k] ?? ''))
      out.push(`${k}: ${have[k] || '(unset)'} → ${want[k] || '(unset)'}`);
  }
  return out;
}

const actionsOf = (doc: string) =>
  (JSON.parse(doc) as { Statement: { Action: string[] }[] }).Statement[0]!.Action.join(', ');

function roleSteps(
  ids: [StepId, StepId, StepId],
  names: { role: string; policy: string },
  d: DesiredState,
  policyDocument: string,
  a: { role?: ActualRole; policy?: ActualPolicy; attached: boolean },
): PlanStep[] {
  return [
    step(
      ids[0],
      `RAM role ${names.role}`,
      !!a.role,
      a.role && canonicalJson(a.role.trustPolicy) !== canonicalJson(d.trustPolicy)
        ? ['trust policy (must trust fc.aliyuncs.com)']
        : [],
    ),
    step(
      ids[1],
      `RAM policy ${names.policy}`,
      !!a.policy,
      a.policy && canonicalJson(a.policy.document) !== canonicalJson(policyDocument)
        ? [`actions → ${actionsOf(policyDocument)}`]
        : [],
    ),
    step(ids[2], `Policy ${names.policy} attached to role ${names.role}`, a.attached, []),
  ];
}

function functionStep(
  id: StepId,
  d: DesiredState,
  want: FunctionDesired,
  env: Record<string, string>,
  have: ActualFunction | undefined,
  roleArn: string,
): PlanStep {
  return step(
    id,
    `FC function ${want.name} (${d.settings.region}, ${want.handler})`,
    !!have,
    have
      ? [
          ...(have.description.includes(`[code sha256:${d.codeSha256.slice(0, 16)}]`)
            ? []
            : ['code: a new build of the function package']),
          ...diff('runtime', have.runtime, want.runtime),
          ...diff('handler', have.handler, want.handler),
          ...diff('memory', have.memorySize, want.memorySize),
          ...diff('timeout', have.timeout, want.timeout),
          ...(roleArn && have.role !== roleArn
            ? diff('role', have.role, roleArn)
            : !roleArn
              ? ['role: the new role']
              : []),
          ...envChanges(env, have.env),
        ]
      : [],
  );
}

export function planDeploy(d: DesiredState, a: ActualState): DeployPlan {
  const n = d.names;
  const steps: PlanStep[] = [];
  steps.push(...roleSteps(['role', 'policy', 'attachment'], n, d, d.policyDocument, a));
  const ev = a.evaluator ?? { attached: false };
  if (d.evaluator) {
    steps.push(
      ...roleSteps(
        ['evaluatorRole', 'evaluatorPolicy', 'evaluatorAttachment'],
        d.evaluator,
        d,
        d.evaluator.policyDocument,
        ev,
      ),
    );
    steps.push(functionStep('evaluator', d, d.evaluator.fn, d.evaluator.fn.env, ev.fn, ev.role?.arn ?? ''));
  }
  const r = a.configRule;
  const w = d.configRule;
  const form = d.settings.ruleSource;
  const wantIdentifier =
    w.SourceOwner === 'ALIYUN' ? MANAGED_RULE : (ev.fn?.arn ?? '(the evaluator function)');
  const sourceChanges = r
    ? [
        ...diff('rule source', r.SourceOwner, w.SourceOwner),
        ...(r.SourceOwner === w.SourceOwner && w.SourceOwner === 'ALIYUN'
          ? diff('managed rule', r.SourceIdentifier, MANAGED_RULE)
          : []),
        ...(r.SourceOwner === w.SourceOwner &&
        w.SourceOwner === 'CUSTOM_FC' &&
        ev.fn &&
        r.SourceIdentifier !== ev.fn.arn
          ? diff('evaluator', r.SourceIdentifier, wantIdentifier)
          : []),
      ]
    : [];
  const settingChanges = r
    ? [
        ...diff('ports', r.InputParameters.ports ?? '', w.InputParameters.ports),
        ...diff('triggers', r.ConfigRuleTriggerTypes, w.ConfigRuleTriggerTypes),
        ...diff(
          'frequency',
          r.MaximumExecutionFrequency,
          w.MaximumExecutionFrequency ?? r.MaximumExecutionFrequency,
        ),
        ...diff('risk level', r.RiskLevel, w.RiskLevel),
        ...diff('description', r.Description, w.Description),
      ]
    : [];
  const ruleStep = step('configRule', `Config rule ${n.configRule} — ${RULE_FORM_COVERAGE[form]}`, !!r, [
    ...sourceChanges,
    ...settingChanges,
  ]);
  // The source is ForceNew: delete the old rule (and its remediation), create the new one.
  if (r && sourceChanges.length > 0) ruleStep.action = 'replace';
  steps.push(ruleStep);
  const roleArn = a.role?.arn ?? '';
  // A replaced rule gets a new id, which the remediation's environment carries.
  const ruleIdForEnv = ruleStep.action === 'replace' || !r ? '(new rule id)' : r.ConfigRuleId;
  steps.push(functionStep('function', d, d.fn, functionEnv(d, ruleIdForEnv), a.fn, roleArn));
  const rem = ruleStep.action === 'replace' ? undefined : matchingRemediation(d, a);
  steps.push({
    id: 'remediation',
    title: `Config remediation (${d.invokeType === 'AUTO_EXECUTION' ? 'automatic' : 'manual'}) → ${n.functionName}`,
    action: rem
      ? 'unchanged'
      : a.remediations.length > 0 && ruleStep.action !== 'replace'
        ? 'update'
        : 'create',
    changes:
      !rem && a.remediations.length > 0 && ruleStep.action !== 'replace'
        ? ['replaces the rule’s remediation (function or execution type changed)']
        : [],
  });
  if (!d.evaluator) {
    // Leaving the sg-guard form: its evaluator goes once the rule no longer points at it.
    const gone = (id: StepId, title: string, exists: boolean) => {
      if (exists) steps.push({ id, title, action: 'delete', changes: [] });
    };
    gone('evaluator', `FC function ${n.evaluator} (${d.settings.region}, index.evaluate)`, !!ev.fn);
    gone('evaluatorAttachment', `Policy ${n.evaluator} attached to role ${n.evaluator}`, ev.attached);
    gone('evaluatorPolicy', `RAM policy ${n.evaluator}`, !!ev.policy);
    gone('evaluatorRole', `RAM role ${n.evaluator}`, !!ev.role);
  }
  return { steps, changes: steps.filter((s) => s.action !== 'unchanged').length };
}

/** One line per step for the preview and the output log. */
export function describePlan(plan: DeployPlan): string[] {
  return plan.steps.map(
    (s) => `${s.action.padEnd(9)} ${s.title}${s.changes.length ? ` (${s.changes.join('; ')})` : ''}`,
  );
}
