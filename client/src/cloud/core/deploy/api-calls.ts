/**
 * What the RAM, FC and Config halves of the guardrail API share: the retry wrapper, the account they
 * act on, and "not found" as `undefined` (SDK answers are read with ../wire).
 */
import { cloudErrorInfo } from '../../../../../remediation-fn/src/public';

/**
 * The codes that mean "no such role / policy / attachment / function / rule" for the calls the deploy
 * reads as absent, as the Terraform provider reads them (contract/annotations.json names each source).
 * Nothing else counts: `InvalidAccessKeyId.NotFound` is a 404 too, and a 404 from something that is
 * not the service (a proxy, a wrong endpoint) must fail the step, never make the account look empty.
 */
export const NO_SUCH_RESOURCE_CODES: ReadonlySet<string> = new Set([
  'EntityNotExist.Role',
  'EntityNotExist.Policy',
  'EntityNotExist.Role.Policy',
  'FunctionNotFound',
  'ConfigRuleNotExists',
  'Invalid.ConfigRuleId.Value',
]);

export function isNotFound(e: unknown): boolean {
  return NO_SUCH_RESOURCE_CODES.has(cloudErrorInfo(e).code);
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
