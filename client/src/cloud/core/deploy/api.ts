/**
 * The cloud calls deploy and remove make, behind one interface (RAM role and policy, FC function,
 * Config rule and remediation), implemented over the official SDKs and the typed Config client.
 * Every call is retried on throttling and 5xx; "not found" answers become `undefined`. The RAM and FC
 * calls are in api-ram.ts and api-fc.ts; the Config calls, thin wrappers of the Config client, are here.
 * The interface itself is in api-types.ts, which the halves import (no cycle back to this file).
 */
import { ConfigClient, configClient } from '../api/config-client';
import { withRetry, type RetryOptions } from '../../../../../remediation-fn/src/public';
import type { CloudSession } from '../api/session';
import { orUndefined, type AccountRef, type Retry } from './api-calls';
import { fcCalls } from './api-fc';
import { ramCalls } from './api-ram';
import type { GuardrailApi } from './api-types';

export { isNotFound } from './api-calls';
export type { ActualFunction, ActualPolicy, ActualRole, FunctionSpec, GuardrailApi } from './api-types';

export function sdkGuardrailApi(session: CloudSession, hooks: RetryOptions = {}): GuardrailApi {
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
