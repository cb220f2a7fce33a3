/**
 * Opens SSH to the whole Internet on a security group with the official ECS SDK, as someone in the
 * console would: the risky change the guardrail must notice. Shared by the node tests and the
 * extension-host specs.
 */
import type { CloudSession } from '../../client/src/cloud/core/session';

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
