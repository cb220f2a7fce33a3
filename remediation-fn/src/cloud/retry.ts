/**
 * The one retry policy for every cloud call of the extension and the function: throttling, 5xx and
 * connection failures are tried again with exponential backoff and full jitter, honouring the
 * server's `x-acs-retry-after`, bounded in attempts and (for the function, which must finish inside
 * its FC timeout) in total time. The SDKs do not retry on their own unless asked.
 */
import { cloudErrorInfo, throwIfCancelled, type CloudErrorInfo } from './errors';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No new attempt is started once this much time has passed since the first (none: unbounded). */
  budgetMs?: number;
}

/** For the editor: a person is waiting, but a throttled scan should still finish. */
export const INTERACTIVE_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 5000 };

/** For the function: shorter waits, and never past 20 s in total (its timeout is 120 s). */
export const FUNCTION_RETRY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 100,
  maxDelayMs: 3000,
  budgetMs: 20000,
};

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1). */
  random(): number;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

const TRANSIENT_NETWORK =
  /ECONNRESET|ETIMEDOUT|ECONNREFUSED|EPIPE|EAI_AGAIN|socket hang up|ReadTimeout|ConnectTimeout/i;

/** Throttling (any `Throttling*` code), 5xx, and connection-level failures are worth another try. */
export function isRetryable(info: CloudErrorInfo): boolean {
  if (info.code.includes('Throttling')) return true;
  if (info.statusCode !== undefined && info.statusCode >= 500) return true;
  return info.statusCode === undefined && TRANSIENT_NETWORK.test(`${info.code} ${info.message}`);
}

/** Carries the last error's code and status, so callers report it like any cloud error. */
export class RetriesExhausted extends Error {
  readonly code: string;
  readonly statusCode: number | undefined;
  constructor(
    readonly last: CloudErrorInfo,
    readonly attempts: number,
  ) {
    super(`gave up after ${attempts} attempts: ${last.message}`);
    this.name = 'RetriesExhausted';
    this.code = last.code;
    this.statusCode = last.statusCode;
  }
}

/** Delay before retry number `retry` (1-based): full jitter over base·2^(retry-1), capped. */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  random: number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.floor(random * ceiling);
  return retryAfterMs !== undefined
    ? Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs))
    : jittered;
}

export interface RetryOptions {
  policy?: RetryPolicy;
  clock?: Clock;
  signal?: AbortSignal;
  /** Told about every retry (logs, the summary's and the bench's counts). */
  onRetry?: (info: CloudErrorInfo, attempt: number, delayMs: number) => void;
}

/**
 * Runs `call` until it succeeds, fails with a non-retryable error (thrown as is), is cancelled
 * (CancelledError), or the policy is exhausted (RetriesExhausted).
 */
export async function withRetry<T>(call: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const policy = opts.policy ?? INTERACTIVE_RETRY;
  const clock = opts.clock ?? realClock;
  const started = clock.now();
  for (let attempt = 1; ; attempt++) {
    throwIfCancelled(opts.signal);
    try {
      return await call();
    } catch (e) {
      const info = cloudErrorInfo(e);
      if (!isRetryable(info)) throw e;
      if (attempt >= policy.maxAttempts) throw new RetriesExhausted(info, attempt);
      const delay = backoffDelay(policy, attempt, clock.random(), info.retryAfterMs);
      if (policy.budgetMs !== undefined && clock.now() - started + delay > policy.budgetMs) {
        throw new RetriesExhausted(info, attempt);
      }
      opts.onRetry?.(info, attempt, delay);
      await clock.sleep(delay);
    }
  }
}
