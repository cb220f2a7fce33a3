/**
 * Retries for throttling and server errors: exponential backoff with full jitter, bounded both in
 * attempts and in total time, so one invocation never outlives its FC timeout waiting.
 */
import { cloudErrorInfo } from './ecs-api';
import type { CloudErrorInfo } from './ecs-api';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No new attempt is started once this much time has passed since the first. */
  budgetMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
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

/**
 * Runs `fn` until it succeeds, fails with a non-retryable error (thrown as is), or the policy is
 * exhausted (RetriesExhausted). `onRetry` counts retries for the summary.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  clock: Clock,
  onRetry: (info: CloudErrorInfo) => void = () => {},
): Promise<T> {
  const started = clock.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const info = cloudErrorInfo(e);
      if (!isRetryable(info)) throw e;
      if (attempt >= policy.maxAttempts) throw new RetriesExhausted(info, attempt);
      const delay = backoffDelay(policy, attempt, clock.random(), info.retryAfterMs);
      if (clock.now() - started + delay > policy.budgetMs) throw new RetriesExhausted(info, attempt);
      onRetry(info);
      await clock.sleep(delay);
    }
  }
}
