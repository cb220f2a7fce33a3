/**
 * Temporary credentials the sandbox issues for a role (what FC puts in `context.credentials`).
 * Kept in memory only: like real STS tokens they do not outlive the service that issued them.
 */
import { randomBytes } from 'node:crypto';

export interface TemporaryCredential {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  roleName: string;
  roleArn: string;
  expiresAt: number;
}

export class StsStore {
  private readonly byKey = new Map<string, TemporaryCredential>();

  issue(roleName: string, roleArn: string, durationSeconds = 3600): TemporaryCredential {
    this.prune();
    const cred: TemporaryCredential = {
      accessKeyId: `STS.${randomBytes(12).toString('base64url')}`,
      accessKeySecret: randomBytes(24).toString('base64url'),
      securityToken: `CAIS${randomBytes(48).toString('base64')}`,
      roleName,
      roleArn,
      expiresAt: Date.now() + durationSeconds * 1000,
    };
    this.byKey.set(cred.accessKeyId, cred);
    return cred;
  }

  get(accessKeyId: string): TemporaryCredential | undefined {
    return this.byKey.get(accessKeyId);
  }

  /** Drops expired credentials (kept a little longer so an expired one answers "expired", not "unknown"). */
  private prune(): void {
    const cutoff = Date.now() - 3600_000;
    for (const [k, c] of this.byKey) if (c.expiresAt < cutoff) this.byKey.delete(k);
  }
}
