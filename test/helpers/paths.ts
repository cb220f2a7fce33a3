import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestContext } from 'node:test';

export const REPO = resolve(__dirname, '..', '..');
/**
 * shared/ sits beside the repo (CI clones the repo into another folder with a copy of shared/ beside
 * it). SG_GUARD_SHARED names it for a copy of the repo elsewhere (mutation testing's sandbox).
 */
export const SHARED = process.env.SG_GUARD_SHARED || join(REPO, '..', 'shared');
export const PEER_FIXTURES = join(SHARED, 'peer-fixtures');
export const CORPUS = join(SHARED, 'corpus');
export const EXAMPLES = join(REPO, 'examples');

/** CI sets CI=true (so do most CI services); there, test data that is missing is a failure. */
export const IN_CI =
  process.env.CI !== undefined && !['', '0', 'false'].includes(process.env.CI.toLowerCase());

export function sharedMissingReason(path: string): string | undefined {
  return existsSync(path) ? undefined : `${path} is absent (shared/ is not beside this checkout)`;
}

/**
 * For a test that needs `path` from ../shared: true when it is there. When it is not, the test is
 * skipped with the reason — except under CI=true, where it fails: CI must never pass by skipping.
 */
export function needShared(t: TestContext, path: string): boolean {
  const missing = sharedMissingReason(path);
  if (missing === undefined) return true;
  failInCi(missing);
  t.skip(missing);
  return false;
}

/** Under CI=true, fails with why the ../shared data is missing (a test falling back to less data). */
export function failInCi(missing: string | undefined): void {
  if (missing !== undefined && IN_CI) assert.fail(`${missing}; under CI=true a test may not skip for it`);
}
