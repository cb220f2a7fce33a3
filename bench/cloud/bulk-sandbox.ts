/**
 * Shared by the cloud benches: the concurrency levels asked for on the command line, and a sandbox
 * seeded in bulk over five regions, its SDK loaded by one call outside the timings (the extension
 * pays that once per window). `run` gets a fresh session per measurement; the sandbox is closed after.
 */
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../sandbox/src/index';
import { sdkEcsApi } from '../../client/src/cloud/core/api/ecs';
import { CloudSession } from '../../client/src/cloud/core/api/session';
import { sandboxSession } from '../../test/cloud/sandbox-client';

export const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'ap-southeast-1'];

/** The positive numbers given as arguments, else `defaults`. */
export function concurrencyLevels(defaults: number[]): number[] {
  const levels = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  return levels.length ? levels : defaults;
}

export async function withBulkSandbox(
  bulk: NonNullable<SandboxOptions['bulk']>,
  run: (sb: SandboxHandle, freshSession: () => CloudSession) => Promise<void>,
): Promise<void> {
  const sb = await startSandbox({ port: 0, seed: 'empty', regions: REGIONS, bulk });
  try {
    const { endpoint, accessKeyId, accessKeySecret } = sb;
    const warm = sandboxSession({ endpoint, accessKeyId, accessKeySecret });
    await sdkEcsApi(warm).describeSecurityGroups('cn-hangzhou');
    await run(sb, () => new CloudSession(warm.target));
  } finally {
    await sb.close();
  }
}
