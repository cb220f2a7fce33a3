/**
 * Reading a ranged JSON tree (parse/json.ts) the way a plan reader needs: members by key, typed
 * leaves, and the JSON path of each value for messages and SARIF logical locations.
 */
import type { JArray, JObject, JValue } from '../../parse/json';

/** The value of `key` in an object (the last one, as JSON.parse keeps), or undefined. */
export function member(v: JValue | undefined, key: string): JValue | undefined {
  if (v?.kind !== 'object') return undefined;
  for (let i = v.members.length - 1; i >= 0; i--)
    if (v.members[i]!.key.value === key) return v.members[i]!.value;
  return undefined;
}

export function asObject(v: JValue | undefined): JObject | undefined {
  return v?.kind === 'object' ? v : undefined;
}

export function items(v: JValue | undefined): JArray['items'] {
  return v?.kind === 'array' ? v.items : [];
}

export function stringOf(v: JValue | undefined): string | undefined {
  return v?.kind === 'string' ? v.value : undefined;
}

/** `true` only for the JSON literal true (after_unknown marks unknown leaves so). */
export function isTrue(v: JValue | undefined): boolean {
  return v?.kind === 'literal' && v.value === true;
}

/** A member step of a JSON path: `.name`, or `["odd key"]` when the key is not an identifier. */
export function pathKey(base: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

export const pathIndex = (base: string, i: number): string => `${base}[${i}]`;
