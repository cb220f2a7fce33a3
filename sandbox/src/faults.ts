/** Injected faults for tests: per action (or `*`), the next N calls are throttled, fail or wait. */
import { ApiError, errors } from './http/errors';

export type FaultKind = 'throttle' | '5xx' | 'latency';

export interface Fault {
  /** Action name (`DescribeSecurityGroups`, `InvokeFunction`, …) or `*` for every action. */
  action: string;
  kind: FaultKind;
  /** How many calls it affects. */
  count: number;
  /** For `latency`: the delay; for `throttle`: the `x-acs-retry-after` value (ms). */
  latencyMs?: number;
  /** For `5xx`: the status (default 503 ServiceUnavailable; 500 gives InternalError). */
  status?: number;
}

export class Faults {
  private list: Fault[] = [];

  add(f: Fault): void {
    if (!['throttle', '5xx', 'latency'].includes(f.kind))
      throw new Error(`unknown fault kind "${String(f.kind)}"`);
    if (!Number.isInteger(f.count) || f.count < 1) throw new Error('count must be a positive integer');
    if (typeof f.action !== 'string' || f.action === '') throw new Error('action is required');
    this.list.push({ ...f });
  }

  clear(): void {
    this.list = [];
  }

  pending(): Fault[] {
    return this.list.map((f) => ({ ...f }));
  }

  /** Consumes the faults that apply to this call: waits for latency ones, throws the first failing one. */
  async apply(action: string): Promise<void> {
    let failure: ApiError | undefined;
    let delay = 0;
    for (const f of this.list) {
      if (f.count <= 0 || (f.action !== '*' && f.action !== action)) continue;
      if (f.kind === 'latency') {
        delay = Math.max(delay, f.latencyMs ?? 1000);
        f.count--;
      } else if (!failure) {
        failure =
          f.kind === 'throttle'
            ? errors.throttling(f.latencyMs ?? 1000)
            : f.status === 500
              ? errors.internal()
              : errors.serviceUnavailable();
        f.count--;
      }
    }
    this.list = this.list.filter((f) => f.count > 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (failure) throw failure;
  }
}
