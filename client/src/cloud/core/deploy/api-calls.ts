/**
 * What the RAM, FC and Config halves of the guardrail API share: the retry wrapper, the account they
 * act on, "not found" as `undefined`, and reading loosely typed SDK answers.
 */
import { cloudErrorInfo } from '../errors';

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

export type Wire = Record<string, unknown>;
export const obj = (v: unknown): Wire => (typeof v === 'object' && v !== null ? (v as Wire) : {});
export const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

/** Wraps a call in the retry policy (throttling, 5xx). */
export type Retry = <T>(call: () => Promise<T>) => Promise<T>;

/** The account the API acts on; the RAM calls fill it in when the settings do not give it. */
export interface AccountRef {
  id: string | undefined;
}
