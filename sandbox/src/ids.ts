/** Deterministic ids in the shapes the real services use (`sg-bp1…`, `sgr-…`, `cr-…`). */
import { createHash, randomUUID } from 'node:crypto';
import type { SandboxState } from './state';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function chars(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[digest[i % digest.length]! % ALPHABET.length];
  return out;
}

/** A new id such as `sg-bp1xxxxxxxxxxxxxxxxx`: the counter lives in the state, so seeds repeat exactly. */
export function newId(state: SandboxState, prefix: string, length = 20): string {
  const n = state.idSeq++;
  return `${prefix}${chars(`${state.accountId}:${prefix}:${n}`, length)}`;
}

export function newHexId(state: SandboxState, prefix: string, length = 16): string {
  const n = state.idSeq++;
  return `${prefix}${createHash('sha256').update(`${state.accountId}:${prefix}:${n}`).digest('hex').slice(0, length)}`;
}

/** Request ids look like the real ones: upper-case UUIDs. */
export function requestId(): string {
  return randomUUID().toUpperCase();
}

/** ISO time without milliseconds, as ECS returns it (`2024-01-02T03:04:05Z`). */
export function isoNow(now = Date.now()): string {
  return new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
