/**
 * Applies a deploy plan step by step (role → policy → attachment → Config rule → function →
 * remediation), re-reading the account first so a re-run after a failure resumes: finished steps
 * read back as unchanged and are skipped. Cancellation is checked between steps. A failure names
 * the step, the cloud's reason and what to do.
 */
import { cloudErrorInfo, describeErrorInfo, throwIfCancelled, type CloudErrorInfo } from '../api/errors';
import type { GuardrailApi } from './api-types';
import { functionEnv, type DesiredState } from './desired';
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
  const a = { ...actual };
  const n = d.names;
  const region = d.settings.region;
  const total = plan.steps.length;
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
          if (a.role) await api.updateRoleTrust(n.role, d.trustPolicy);
          else
            a.role = await api.createRole(
              n.role,
              d.trustPolicy,
              'Assumed by the SG Guard remediation function (Function Compute).',
            );
          a.role = { ...a.role, trustPolicy: d.trustPolicy };
          break;
        case 'policy':
          if (a.policy) await api.setPolicyDocument(n.policy, d.policyDocument);
          else
            await api.createPolicy(
              n.policy,
              d.policyDocument,
              `Least privilege for the SG Guard remediation function in ${d.settings.mode} mode.`,
            );
          break;
        case 'attachment':
          await api.attach(n.role, n.policy);
          break;
        case 'configRule':
          if (a.configRule) await api.updateConfigRule(a.configRule.ConfigRuleId, d.configRule);
          else {
            const id = await api.createConfigRule(d.configRule);
            a.configRule = (await api.findConfigRule(n.configRule)) ?? undefined;
            if (!a.configRule) throw new Error(`Config rule ${id} was created but cannot be read back`);
          }
          break;
        case 'function': {
          const spec = {
            name: n.functionName,
            ...d.fn,
            role: a.role!.arn,
            env: functionEnv(d, a.configRule!.ConfigRuleId),
          };
          const codeChanged = !a.fn || s.changes.some((c) => c.startsWith('code'));
          a.fn = a.fn
            ? await api.updateFunction(region, spec, codeChanged ? d.codeZip : undefined)
            : await api.createFunction(region, spec, d.codeZip);
          break;
        }
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
