/**
 * Every ECS call goes through here: refused unless the mode's action set allows it (so the RAM
 * policy derived from that set is exactly enough), retried when transient, and counted.
 */
import { ecsActionsFor } from './actions';
import type { EcsAction } from './actions';
import type { EcsApi, EcsRequests, EcsResponses } from './ecs-api';
import { withRetry } from './cloud/retry';
import type { Clock, RetryPolicy } from './cloud/retry';
import type { Mode } from './settings';

export class ActionNotAllowed extends Error {
  readonly code = 'ActionNotAllowed';
}

export class EcsCaller {
  private readonly allowed: ReadonlySet<EcsAction>;
  retries = 0;

  constructor(
    private readonly api: EcsApi,
    mode: Mode,
    private readonly policy: RetryPolicy,
    private readonly clock: Clock,
  ) {
    this.allowed = new Set(ecsActionsFor(mode));
  }

  async call<A extends EcsAction>(action: A, request: EcsRequests[A]): Promise<EcsResponses[A]> {
    if (!this.allowed.has(action)) throw new ActionNotAllowed(`${action} is not used in this mode`);
    return withRetry(() => this.api.call(action, request), {
      policy: this.policy,
      clock: this.clock,
      onRetry: () => {
        this.retries++;
      },
    });
  }
}
