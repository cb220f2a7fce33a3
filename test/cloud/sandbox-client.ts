/**
 * A client of a running sandbox, for the node tests, the extension-host specs and the benches: the
 * product's session with the sandbox's static key, and the risky change the guardrail must notice.
 * Imports no sandbox code, so the extension-host bundle can use it against a sandbox process.
 */
import { CloudSession } from '../../client/src/cloud/core/api/session';

/** What a started sandbox tells its clients (startSandbox's handle, or the process's JSON line). */
export interface SandboxAccess {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  accountId?: string;
}

export function sandboxSession(sb: SandboxAccess, label = 'sandbox'): CloudSession {
  return new CloudSession({
    source: {
      kind: 'static',
      label,
      credentials: { accessKeyId: sb.accessKeyId, accessKeySecret: sb.accessKeySecret },
    },
    sandbox: sb.endpoint,
    ...(sb.accountId !== undefined ? { accountId: sb.accountId } : {}),
  });
}

/**
 * Opens SSH to the whole Internet on a security group with the official ECS SDK, as someone in the
 * console would.
 */
export async function openSshToWorld(
  session: CloudSession,
  region: string,
  groupId: string,
  description?: string,
): Promise<void> {
  const sdk = await session.ecsSdk();
  const ecs = await session.ecs(region);
  await ecs.authorizeSecurityGroup(
    new sdk.AuthorizeSecurityGroupRequest({
      regionId: region,
      securityGroupId: groupId,
      permissions: [
        new sdk.AuthorizeSecurityGroupRequestPermissions({
          ipProtocol: 'TCP',
          portRange: '22/22',
          sourceCidrIp: '0.0.0.0/0',
          policy: 'Accept',
          ...(description !== undefined ? { description } : {}),
        }),
      ],
    }),
  );
}
