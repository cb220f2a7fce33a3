/**
 * What the RAM, FC and Config halves of the guardrail API share: the retry wrapper, the account they
 * act on, and "not found" as `undefined` (SDK answers are read with ../wire).
 */
import { cloudErrorInfo } from '../../../../../remediation-fn/src/public';

export function isNotFound(e: unknown): boolean {
  const info = cloudErrorInfo(e);
  return info.statusCode === 404 || /NotExist|NotFound/.test(info.code);
}

export async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Wraps a call in the retry policy (throttling, 5xx). */
export type Retry = <T>(call: () => Promise<T>) => Promise<T>;

/** The account the API acts on; the RAM calls fill it in when the settings do not give it. */
export interface AccountRef {
  id: string | undefined;
}
