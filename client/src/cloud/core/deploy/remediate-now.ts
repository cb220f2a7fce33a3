/**
 * "Remediate Now" on one group: the event the deployed remediation function gets (that one
 * resource, in the shape Config's remediation sends), where the function lives (from the
 * remediation's template id, its ARN), and one line about what it did.
 */
import type { GroupFindings } from '../findings/findings';

/** `acs:fc:<region>:<account>:functions/<name>` → where to invoke it. */
export function functionOfArn(arn: string): { region: string; name: string } | undefined {
  const m = /^acs:fc:([a-z0-9-]+):\d*:functions\/([^/]+)$/.exec(arn.trim());
  return m ? { region: m[1]!, name: m[2]! } : undefined;
}

/** One line about a remediation run from the function's JSON summary. */
export function describeRemediation(
  group: string,
  out: { ok: boolean; body: string; errorType?: string },
): string {
  if (!out.ok) return `The remediation function failed on ${group}: ${out.errorType ?? 'error'}.`;
  try {
    const r = JSON.parse(out.body) as {
      groups?: { status: string; revoked: unknown[]; narrowed: unknown[]; skipped: { reason: string }[] }[];
      error?: { code: string; message: string };
    };
    if (r.error) return `The remediation function refused: ${r.error.code}: ${r.error.message}`;
    const s = r.groups?.[0];
    if (!s) return `The remediation function reported nothing for ${group}.`;
    const done = s.revoked.length + s.narrowed.length;
    const skipped = s.skipped.map((k) => k.reason).join(', ');
    return `${group}: ${s.status}${done ? ` (${done} rule${done === 1 ? '' : 's'} changed)` : ''}${skipped ? `; skipped: ${skipped}` : ''}.`;
  } catch {
    return `${group}: the remediation function answered ${out.body.slice(0, 200)}`;
  }
}

/** The remediation event for exactly this group: Config's shape, one resource. */
export function remediationEvent(g: Pick<GroupFindings, 'region' | 'accountId' | 'groupId'>): Buffer {
  return Buffer.from(
    JSON.stringify([
      {
        regionId: g.region,
        accountId: g.accountId,
        resourceId: g.groupId,
        resourceType: 'ACS::ECS::SecurityGroup',
      },
    ]),
  );
}
