/**
 * Retries for throttling, 5xx and connection failures: exponential backoff with full jitter,
 * honouring the server's `x-acs-retry-after`, bounded in attempts. The SDKs do not retry on
 * their own unless asked, so every cloud call of the extension goes through here.
 */
import { cloudErrorInfo, throwIfCancelled, type CloudErrorInfo } from './errors';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 5000 };

const TRANSIENT_NETWORK = /ECONNRESET|ETIMEDOUT|EPIPE|EAI_AGAIN|socket hang up|ReadTimeout|ConnectTimeout/i;

export function isRetryable(info: CloudErrorInfo): boolean {
  if (info.code.includes('Throttling')) return true;
  if (info.statusCode !== undefined && info.statusCode >= 500) return true;
  return info.statusCode === undefined && TRANSIENT_NETWORK.test(`${info.code} ${info.message}`);
}

export interface RetryHooks {
  signal?: AbortSignal;
  /** Told about every retry (for logs and the bench's throttling count). */
  onRetry?: (info: CloudErrorInfo, attempt: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(
  call: () => Promise<T>,
  hooks: RetryHooks = {},
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  const sleep = hooks.sleep ?? defaultSleep;
  const random = hooks.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    throwIfCancelled(hooks.signal);
    try {
      return await call();
    } catch (e) {
      const info = cloudErrorInfo(e);
      if (attempt >= policy.maxAttempts || !isRetryable(info)) throw e;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.max(
        Math.floor(random() * backoff),
        Math.min(info.retryAfterMs ?? 0, policy.maxDelayMs),
      );
      hooks.onRetry?.(info, attempt, delay);
      await sleep(delay);
    }
  }
}
