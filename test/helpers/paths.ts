import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..');
/** shared/ sits beside the repo (CI clones the repo into another folder with a copy of shared/ beside it). */
export const SHARED = join(REPO, '..', 'shared');
export const PEER_FIXTURES = join(SHARED, 'peer-fixtures');
export const CORPUS = join(SHARED, 'corpus');
export const EXAMPLES = join(REPO, 'examples');

export function sharedMissingReason(path: string): string | undefined {
  return existsSync(path) ? undefined : `${path} is absent (shared/ is not beside this checkout)`;
}
