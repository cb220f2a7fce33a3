/**
 * The cloud calls deploy and remove make, behind one interface (RAM role and policy, FC function,
 * Config rule and remediation), implemented over the official SDKs and the typed Config client.
 * Every call is retried on throttling and 5xx; "not found" answers become `undefined`. The RAM and FC
 * calls are in api-ram.ts and api-fc.ts; the Config calls, thin wrappers of the Config client, are here.
 */
import {
  ConfigClient,
  configClient,
  type ConfigRuleDetail,
  type ConfigRuleInput,
  type RemediationInput,
  type RemediationSummary,
} from '../config-client';
import { withRetry, type RetryHooks } from '../retry';
import type { CloudSession } from '../session';
import { orUndefined, type AccountRef, type Retry } from './api-calls';
import { fcCalls } from './api-fc';
import { ramCalls } from './api-ram';

export { isNotFound } from './api-calls';

export interface ActualRole {
  name: string;
  arn: string;
  trustPolicy: string;
}

export interface ActualPolicy {
  name: string;
  document: string;
}

export interface FunctionSpec {
  name: string;
  description: string;
  runtime: string;
  handler: string;
  role: string;
  memorySize: number;
  timeout: number;
  env: Record<string, string>;
}

export interface ActualFunction extends FunctionSpec {
  arn: string;
}

export interface GuardrailApi {
  /** The account the keys belong to (needed for FC's endpoint and ARNs). */
  accountId(roleName: string): Promise<string>;
  getRole(name: string): Promise<ActualRole | undefined>;
  createRole(name: string, trustPolicy: string, description: string): Promise<ActualRole>;
  updateRoleTrust(name: string, trustPolicy: string): Promise<void>;
  deleteRole(name: string): Promise<void>;
  getPolicy(name: string): Promise<ActualPolicy | undefined>;
  createPolicy(name: string, document: string, description: string): Promise<void>;
  setPolicyDocument(name: string, document: string): Promise<void>;
  deletePolicy(name: string): Promise<void>;
  isAttached(role: string, policy: string): Promise<boolean>;
  attach(role: string, policy: string): Promise<void>;
  detach(role: string, policy: string): Promise<void>;
  getFunction(region: string, name: string): Promise<ActualFunction | undefined>;
  createFunction(region: string, spec: FunctionSpec, zip: Buffer): Promise<ActualFunction>;
  updateFunction(region: string, spec: FunctionSpec, zip: Buffer | undefined): Promise<ActualFunction>;
  deleteFunction(region: string, name: string): Promise<void>;
  findConfigRule(name: string): Promise<ConfigRuleDetail | undefined>;
  createConfigRule(input: ConfigRuleInput): Promise<string>;
  updateConfigRule(id: string, input: ConfigRuleInput): Promise<void>;
  deleteConfigRule(id: string): Promise<void>;
  listRemediations(ruleId: string): Promise<RemediationSummary[]>;
  createRemediation(input: RemediationInput): Promise<string>;
  deleteRemediations(ids: string[]): Promise<void>;
}

export function sdkGuardrailApi(session: CloudSession, hooks: RetryHooks = {}): GuardrailApi {
  const retry: Retry = (call) => withRetry(call, hooks);
  let config: Promise<ConfigClient> | undefined;
  const cfg = () => (config ??= configClient(session));
  const account: AccountRef = { id: session.target.accountId };
  return {
    ...ramCalls(session, retry, account),
    ...fcCalls(session, retry, account),
    async findConfigRule(name) {
      const c = await cfg();
      const found = await retry(() => c.findConfigRule(name));
      return found ? retry(() => c.getConfigRule(found.ConfigRuleId)) : undefined;
    },
    async createConfigRule(input) {
      const c = await cfg();
      return retry(() => c.createConfigRule(input));
    },
    async updateConfigRule(id, input) {
      const c = await cfg();
      await retry(() => c.updateConfigRule(id, input));
    },
    async deleteConfigRule(id) {
      const c = await cfg();
      await orUndefined(retry(() => c.deleteConfigRules([id])));
    },
    async listRemediations(ruleId) {
      const c = await cfg();
      return retry(() => c.listRemediations([ruleId]));
    },
    async createRemediation(input) {
      const c = await cfg();
      return retry(() => c.createRemediation(input));
    },
    async deleteRemediations(ids) {
      const c = await cfg();
      await retry(() => c.deleteRemediations(ids));
    },
  };
}
