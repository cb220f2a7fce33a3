/**
 * `MaxResults`/`NextToken` paging. The token is an opaque cursor (the sort key of the last item
 * returned), so items added or removed between pages never make a page skip or repeat others.
 */
import { errors } from './errors';

export function encodeToken(cursor: string): string {
  return Buffer.from(`v1:${cursor}`, 'utf8').toString('base64url');
}

export function decodeToken(token: string, name = 'NextToken'): string {
  const raw = Buffer.from(token, 'base64url').toString('utf8');
  if (!raw.startsWith('v1:')) throw errors.invalidParameter(name, 'the token is not one this service issued');
  return raw.slice(3);
}

/** One page of `items` (already sorted by `key`, ascending) after the token's cursor. */
export function page<T>(
  items: readonly T[],
  key: (item: T) => string,
  token: string | undefined,
  max: number,
  tokenName = 'NextToken',
): { items: T[]; nextToken: string } {
  const after = token === undefined ? undefined : decodeToken(token, tokenName);
  const start = after === undefined ? 0 : items.findIndex((it) => key(it) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const out = rest.slice(0, max);
  const nextToken = rest.length > max && out.length > 0 ? encodeToken(key(out[out.length - 1]!)) : '';
  return { items: out, nextToken };
}

/** Zero-padded so string order equals numeric order. */
export const seqKey = (n: number): string => n.toString().padStart(12, '0');
