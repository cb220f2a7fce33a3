/**
 * A Config rule that has not finished its first evaluation has no results: the tree built from it
 * would be empty and look clean. Real Config takes minutes on a new rule; here the evaluator's
 * PutEvaluations is held back. findingsFromConfig then refuses (ConfigRuleNotEvaluated), so the view
 * scans directly instead, and reads the rule once it has results.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxHandle } from '../../sandbox/src/index';
import type { CloudSession } from '../../client/src/cloud/core/api/session';
import { configClient } from '../../client/src/cloud/core/api/config-client';
import { sdkGuardrailApi } from '../../client/src/cloud/core/deploy/api';
import { deploy } from '../../client/src/cloud/core/deploy/deployer';
import { findingsFromConfig } from '../../client/src/cloud/core/findings/config-findings';
import { cloudErrorInfo } from '../../remediation-fn/src/public';
import { control, desiredFor, sandboxSession } from './helpers';

describe('a Config rule without results yet is not read as a clean account', () => {
  let sb: SandboxHandle;
  let session: CloudSession;
  before(async () => ({ sb, session } = await sandboxSession()));
  after(() => sb.close());

  it('refuses until the first evaluation reports, then lists the exposed groups', async () => {
    await control(sb, 'faults', { action: 'PutEvaluations', kind: 'latency', count: 100, latencyMs: 4000 });
    await deploy(sdkGuardrailApi(session), desiredFor(sb, session, { execution: 'MANUAL' }));
    const config = await configClient(session);
    await assert.rejects(
      findingsFromConfig(config, { ruleName: 'sg-guard-risky-ports' }),
      (e) => cloudErrorInfo(e).code === 'ConfigRuleNotEvaluated',
    );
    await sb.idle();
    const scan = await findingsFromConfig(config, { ruleName: 'sg-guard-risky-ports' });
    const groups = [...scan!.accounts.values()].flatMap((m) => [...m.values()]).flatMap((r) => r.groups);
    assert.ok(groups.length > 0, 'the evaluated rule lists the exposed groups');
  });
});
