/**
 * Compares what the guardrail should be with what the account holds, step by step, so the user
 * sees a preview (create / update / unchanged, with the differences) before anything changes.
 * Reading is separate from planning: `planDeploy` is pure and unit-tested.
 */
import type { ConfigRuleDetail, RemediationSummary } from '../api/config-client';
import type { ActualFunction, ActualPolicy, ActualRole, GuardrailApi } from './api-types';
import { functionEnv, type DesiredState } from './desired';

export type StepId = 'role' | 'policy' | 'attachment' | 'configRule' | 'function' | 'remediation';
export type StepAction = 'create' | 'update' | 'unchanged';

export interface PlanStep {
  id: StepId;
  /** e.g. `RAM role sg-guard-remediation`. */
  title: string;
  action: StepAction;
  /** What differs, for an update: `ports: 22 → 22,3389`. */
  changes: string[];
}

export interface ActualState {
  accountId: string;
  role?: ActualRole;
  policy?: ActualPolicy;
  attached: boolean;
  configRule?: ConfigRuleDetail;
  fn?: ActualFunction;
  remediations: RemediationSummary[];
}

export interface DeployPlan {
  steps: PlanStep[];
  /** Steps that create or update something. */
  changes: number;
}

export async function readActual(api: GuardrailApi, d: DesiredState): Promise<ActualState> {
  const n = d.names;
  const [role, policy, attached, configRule] = await Promise.all([
    api.getRole(n.role),
    api.getPolicy(n.policy),
    api.isAttached(n.role, n.policy),
    api.findConfigRule(n.configRule),
  ]);
  const accountId = await api.accountId(n.role);
  const [fn, remediations] = await Promise.all([
    api.getFunction(d.settings.region, n.functionName),
    configRule ? api.listRemediations(configRule.ConfigRuleId) : Promise.resolve([]),
  ]);
  return { accountId, role, policy, attached, configRule, fn, remediations };
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

export function planDeploy(d: DesiredState, a: ActualState): DeployPlan {
  const n = d.names;
  const steps: PlanStep[] = [];
  steps.push(
    step(
      'role',
      `RAM role ${n.role}`,
      !!a.role,
      a.role && canonicalJson(a.role.trustPolicy) !== canonicalJson(d.trustPolicy)
        ? ['trust policy (must trust fc.aliyuncs.com)']
        : [],
    ),
  );
  steps.push(
    step(
      'policy',
      `RAM policy ${n.policy}`,
      !!a.policy,
      a.policy && canonicalJson(a.policy.document) !== canonicalJson(d.policyDocument)
        ? [
            `actions → ${(JSON.parse(d.policyDocument) as { Statement: { Action: string[] }[] }).Statement[0]!.Action.join(', ')}`,
          ]
        : [],
    ),
  );
  steps.push(step('attachment', `Policy ${n.policy} attached to role ${n.role}`, a.attached, []));
  const r = a.configRule;
  const w = d.configRule;
  steps.push(
    step(
      'configRule',
      `Config rule ${n.configRule} (sg-risky-ports-check)`,
      !!r,
      r
        ? [
            ...diff('ports', r.InputParameters.ports ?? '', w.InputParameters.ports),
            ...diff('managed rule', r.SourceIdentifier, w.SourceIdentifier),
            ...diff('risk level', r.RiskLevel, w.RiskLevel),
            ...diff('description', r.Description, w.Description),
          ]
        : [],
    ),
  );
  const f = a.fn;
  const roleArn = a.role?.arn ?? '';
  steps.push(
    step(
      'function',
      `FC function ${n.functionName} (${d.settings.region})`,
      !!f,
      f
        ? [
            ...(f.description.includes(`[code sha256:${d.codeSha256.slice(0, 16)}]`)
              ? []
              : ['code: a new build of the remediation function']),
            ...diff('runtime', f.runtime, d.fn.runtime),
            ...diff('handler', f.handler, d.fn.handler),
            ...diff('memory', f.memorySize, d.fn.memorySize),
            ...diff('timeout', f.timeout, d.fn.timeout),
            ...(roleArn && f.role !== roleArn
              ? diff('role', f.role, roleArn)
              : !roleArn
                ? ['role: the new role']
                : []),
            ...envChanges(functionEnv(d, r?.ConfigRuleId ?? '(new rule id)'), f.env),
          ]
        : [],
    ),
  );
  const rem = matchingRemediation(d, a);
  steps.push({
    id: 'remediation',
    title: `Config remediation (${d.invokeType === 'AUTO_EXECUTION' ? 'automatic' : 'manual'}) → ${n.functionName}`,
    action: rem ? 'unchanged' : a.remediations.length > 0 ? 'update' : 'create',
    changes:
      !rem && a.remediations.length > 0
        ? ['replaces the rule’s remediation (function or execution type changed)']
        : [],
  });
  return { steps, changes: steps.filter((s) => s.action !== 'unchanged').length };
}

/** One line per step for the preview and the output log. */
export function describePlan(plan: DeployPlan): string[] {
  const verb: Record<StepAction, string> = { create: 'create', update: 'update', unchanged: 'unchanged' };
  return plan.steps.map(
    (s) => `${verb[s.action].padEnd(9)} ${s.title}${s.changes.length ? ` (${s.changes.join('; ')})` : ''}`,
  );
}
