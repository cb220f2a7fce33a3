import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO } from './paths';

/**
 * Copies into `stage` the files npm packs from this checkout (package.json's `files`, its globs
 * expanded by npm itself, plus what npm always adds), except dist/: the tests build that themselves.
 * Returns the copied paths.
 */
export function copyPackedFiles(stage: string): string[] {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' },
  });
  if (r.status !== 0) throw new Error(`npm pack --dry-run failed (${r.status}):\n${r.stderr}`);
  const [listed] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
  const copied: string[] = [];
  for (const { path: f } of listed!.files) {
    if (f.startsWith('dist/')) continue;
    mkdirSync(dirname(join(stage, f)), { recursive: true });
    copyFileSync(join(REPO, f), join(stage, f));
    copied.push(f);
  }
  return copied;
}
