/**
 * The typed Cloud Config client for a session: the one shared with the function
 * (remediation-fn/src/cloud/config-client.ts), over the session's Config connection at the
 * account's site.
 */
import { ConfigClient } from '../../../../../remediation-fn/src/public';

export type {
  ConfigRuleDetail,
  ConfigRuleInput,
  ConfigRuleSettings,
  RemediationInput,
  RemediationSummary,
} from '../../../../../remediation-fn/src/public';
import type { CloudSession } from './session';

export { ConfigClient };

export async function configClient(session: Pick<CloudSession, 'configRpc'>): Promise<ConfigClient> {
  return new ConfigClient(await session.configRpc());
}
