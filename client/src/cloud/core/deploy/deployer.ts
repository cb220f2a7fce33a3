/**
 * Applies a deploy plan step by step (role → policy → attachment → Config rule → function →
 * remediation), re-reading the account first so a re-run after a failure resumes: finished steps
 * read back as unchanged and are skipped. Cancellation is checked between steps. A failure names
 * the step, the cloud's reason and what to do.
 */
import {
  cloudErrorInfo,
  describeErrorInfo,
  throwIfCancelled,
  type CloudErrorInfo,
} from '../../../../../remediation-fn/src/public';
import type { ActualFunction, ActualRole, GuardrailApi } from './api-types';
import { functionEnv, MANAGED_RULE, type DesiredState, type FunctionDesired } from './desired';
import {
  matchingRemediation,
  planDeploy,
  readActual,
  type ActualState,
  type DeployPlan,
  type PlanStep,
} from './plan';

export type StepStatus = 'running' | 'done' | 'skipped';

export interface RunHooks {
  signal?: AbortSignal;
  onStep?: (step: PlanStep, status: StepStatus, index: number, total: number) => void;
}

export class StepError extends Error {
  constructor(
    readonly step: PlanStep,
    readonly reason: CloudErrorInfo,
    readonly hint: string,
  ) {
    super(`${step.title}: ${describeErrorInfo(reason)}. ${hint}`);
    this.name = 'StepError';
  }
}

/** What to do about a failure, by the cloud's error code. */
export function hintFor(info: CloudErrorInfo, verb: 'deploy' | 'remove'): string {
  const again =
    verb === 'deploy' ? 'Deploy again: finished steps are kept and skipped.' : 'Run Remove guardrail again.';
  if (info.code === 'Forbidden.RAM' || info.code.startsWith('NoPermission')) {
    return `Your keys may not ${info.deniedAction ?? 'do this'}: grant it (or use a profile with RAM, FC and Config administration), then ${again}`;
  }
  if (info.code.includes('Throttling')) return `The API kept throttling. Wait a minute, then ${again}`;
  if (info.code === 'InvalidAccessKeyId.NotFound' || info.code === 'SignatureDoesNotMatch') {
    return 'The access key is wrong: run "SG Guard: Set Access Key" or pick another profile.';
  }
  if (info.code === 'AccountIdUnknown') return 'Set sgGuard.cloud.accountId to your account id.';
  if (info.statusCode !== undefined && info.statusCode >= 500) return `The service failed. ${again}`;
  return again;
}

export interface DeployResult {
  plan: DeployPlan;
  /** The account as it is after the deploy. */
  actual: ActualState;
}

export async function planFor(
  api: GuardrailApi,
  d: DesiredState,
): Promise<{ plan: DeployPlan; actual: ActualState }> {
  const actual = await readActual(api, d);
  return { plan: planDeploy(d, actual), actual };
}

export async function deploy(
  api: GuardrailApi,
  d: DesiredState,
  hooks: RunHooks = {},
): Promise<DeployResult> {
  const { plan, actual } = await planFor(api, d);
  const a: ActualState = { ...actual, evaluator: { attached: false, ...actual.evaluator } };
  const ev = a.evaluator!;
  const n = d.names;
  const region = d.settings.region;
  const total = plan.steps.length;
  const ensureRole = async (name: string, have: ActualRole | undefined, description: string) => {
    if (have) await api.updateRoleTrust(name, d.trustPolicy);
    const role = have ?? (await api.createRole(name, d.trustPolicy, description));
    return { ...role, trustPolicy: d.trustPolicy };
  };
  const ensurePolicy = async (name: string, exists: boolean, doc: string, description: string) => {
    if (exists) await api.setPolicyDocument(name, doc);
    else await api.createPolicy(name, doc, description);
  };
  const ensureFunction = async (
    want: FunctionDesired,
    env: Record<string, string>,
    have: ActualFunction | undefined,
    roleArn: string,
    s: PlanStep,
  ) => {
    const spec = { ...want, role: roleArn, env };
    const codeChanged = !have || s.changes.some((c) => c.startsWith('code'));
    return have
      ? api.updateFunction(region, spec, codeChanged ? d.codeZip : undefined)
      : api.createFunction(region, spec, d.codeZip);
  };
  for (const [i, s] of plan.steps.entries()) {
    throwIfCancelled(hooks.signal);
    if (s.action === 'unchanged') {
      hooks.onStep?.(s, 'skipped', i, total);
      continue;
    }
    hooks.onStep?.(s, 'running', i, total);
    try {
      switch (s.id) {
        case 'role':
          a.role = await ensureRole(
            n.role,
            a.role,
            'Assumed by the SG Guard remediation function (Function Compute).',
          );
          break;
        case 'policy':
          await ensurePolicy(
            n.policy,
            !!a.policy,
            d.policyDocument,
            `Least privilege for the SG Guard remediation function in ${d.settings.mode} mode.`,
          );
          break;
        case 'attachment':
          await api.attach(n.role, n.policy);
          break;
        case 'evaluatorRole':
          if (s.action === 'delete') await api.deleteRole(n.evaluator);
          else
            ev.role = await ensureRole(
              n.evaluator,
              ev.role,
              'Assumed by the SG Guard Config rule evaluator (Function Compute).',
            );
          break;
        case 'evaluatorPolicy':
          if (s.action === 'delete') await api.deletePolicy(n.evaluator);
          else
            await ensurePolicy(
              n.evaluator,
              !!ev.policy,
              d.evaluator!.policyDocument,
              'Least privilege for the SG Guard Config rule evaluator: read and report only.',
            );
          break;
        case 'evaluatorAttachment':
          if (s.action === 'delete') await api.detach(n.evaluator, n.evaluator);
          else await api.attach(n.evaluator, n.evaluator);
          break;
        case 'evaluator':
          if (s.action === 'delete') await api.deleteFunction(region, n.evaluator);
          else ev.fn = await ensureFunction(d.evaluator!.fn, d.evaluator!.fn.env, ev.fn, ev.role!.arn, s);
          break;
        case 'configRule': {
          const source =
            d.configRule.SourceOwner === 'ALIYUN'
              ? { SourceOwner: 'ALIYUN' as const, SourceIdentifier: MANAGED_RULE }
              : { SourceOwner: 'CUSTOM_FC' as const, SourceIdentifier: ev.fn!.arn };
          if (s.action === 'update') {
            await api.updateConfigRule(a.configRule!.ConfigRuleId, d.configRule);
            break;
          }
          if (s.action === 'replace') {
            if (a.remediations.length > 0)
              await api.deleteRemediations(a.remediations.map((r) => r.RemediationId));
            await api.deleteConfigRule(a.configRule!.ConfigRuleId);
            a.remediations = [];
          }
          const id = await api.createConfigRule({ ...d.configRule, ...source });
          a.configRule = (await api.findConfigRule(n.configRule)) ?? undefined;
          if (!a.configRule) throw new Error(`Config rule ${id} was created but cannot be read back`);
          break;
        }
        case 'function':
          a.fn = await ensureFunction(d.fn, functionEnv(d, a.configRule!.ConfigRuleId), a.fn, a.role!.arn, s);
          break;
        case 'remediation': {
          const ruleId = a.configRule!.ConfigRuleId;
          if (!matchingRemediation(d, a)) {
            // Config allows one remediation per rule: replace whatever points elsewhere.
            if (a.remediations.length > 0)
              await api.deleteRemediations(a.remediations.map((r) => r.RemediationId));
            await api.createRemediation({
              ConfigRuleId: ruleId,
              RemediationType: 'FC',
              RemediationTemplateId: a.fn!.arn,
              SourceType: 'CUSTOM',
              InvokeType: d.invokeType,
              Params: '{}',
            });
          }
          break;
        }
      }
    } catch (e) {
      const info = cloudErrorInfo(e);
      throw new StepError(s, info, hintFor(info, 'deploy'));
    }
    hooks.onStep?.(s, 'done', i, total);
  }
  return { plan, actual: await readActual(api, d) };
}

export interface RemovalItem {
  title: string;
  run: () => Promise<void>;
}

/** What Remove guardrail deletes (only what exists), in dependency order. */
export function removalItems(api: GuardrailApi, d: DesiredState, a: ActualState): RemovalItem[] {
  const n = d.names;
  const out: RemovalItem[] = [];
  const rule = a.configRule;
  if (rule && a.remediations.length > 0) {
    const ids = a.remediations.map((r) => r.RemediationId);
    out.push({ title: `Config remediation ${ids.join(', ')}`, run: () => api.deleteRemediations(ids) });
  }
  if (rule)
    out.push({
      title: `Config rule ${rule.ConfigRuleName} (${rule.ConfigRuleId})`,
      run: () => api.deleteConfigRule(rule.ConfigRuleId),
    });
  if (a.fn)
    out.push({
      title: `FC function ${n.functionName} (${d.settings.region})`,
      run: () => api.deleteFunction(d.settings.region, n.functionName),
    });
  const ev = a.evaluator;
  if (ev?.fn)
    out.push({
      title: `FC function ${n.evaluator} (${d.settings.region})`,
      run: () => api.deleteFunction(d.settings.region, n.evaluator),
    });
  if (ev?.attached)
    out.push({
      title: `Policy attachment ${n.evaluator} → ${n.evaluator}`,
      run: () => api.detach(n.evaluator, n.evaluator),
    });
  if (ev?.policy) out.push({ title: `RAM policy ${n.evaluator}`, run: () => api.deletePolicy(n.evaluator) });
  if (ev?.role) out.push({ title: `RAM role ${n.evaluator}`, run: () => api.deleteRole(n.evaluator) });
  if (a.attached)
    out.push({ title: `Policy attachment ${n.policy} → ${n.role}`, run: () => api.detach(n.role, n.policy) });
  if (a.policy) out.push({ title: `RAM policy ${n.policy}`, run: () => api.deletePolicy(n.policy) });
  if (a.role) out.push({ title: `RAM role ${n.role}`, run: () => api.deleteRole(n.role) });
  return out;
}

export async function removeItems(
  items: RemovalItem[],
  hooks: { signal?: AbortSignal; onItem?: (item: RemovalItem, i: number, total: number) => void } = {},
): Promise<void> {
  for (const [i, item] of items.entries()) {
    throwIfCancelled(hooks.signal);
    hooks.onItem?.(item, i, items.length);
    try {
      await item.run();
    } catch (e) {
      const info = cloudErrorInfo(e);
      const s: PlanStep = { id: 'role', title: item.title, action: 'unchanged', changes: [] };
      throw new StepError(s, info, hintFor(info, 'remove'));
    }
  }
}
