/** ECS 2014-05-26 error answers (status, code, message) the sandbox gives, by name. */
import { ApiError } from '../http/errors';

export const ecsErrors = {
  missingRegionId: () => new ApiError(400, 'MissingRegionId', 'RegionId is mandatory for this action.'),
  /** (unverified) the exact code for a region the account cannot use. */
  regionNotFound: (id: string) =>
    new ApiError(404, 'InvalidRegionId.NotFound', `The specified RegionId "${id}" does not exist.`),
  groupNotFound: (id: string) =>
    new ApiError(
      404,
      'InvalidSecurityGroupId.NotFound',
      `The specified security group "${id}" does not exist.`,
    ),
  /** (unverified code) a change to a group a cloud service manages. */
  serviceManaged: (id: string) =>
    new ApiError(
      403,
      'OperationDenied.ServiceManagedSecurityGroup',
      `The security group "${id}" is managed by a cloud service and cannot be modified.`,
    ),
  groupReferenced: () =>
    new ApiError(
      403,
      'DependencyViolation',
      'There is still a security group rule referencing this security group.',
    ),
  tooManyRules: (max: number) =>
    new ApiError(
      403,
      'AuthorizationLimitExceed',
      `The number of rules in the security group exceeds ${max}.`,
    ),
  tooManyRuleIds: () =>
    new ApiError(
      400,
      'InvalidParam.SecurityGroupRuleId',
      'At most 100 SecurityGroupRuleId values are allowed.',
    ),
  ruleIdInvalid: (id: string) =>
    new ApiError(
      400,
      'InvalidParam.SecurityGroupRuleId',
      `The specified SecurityGroupRuleId "${id}" is not valid.`,
    ),
  /** (unverified code) the real service's answer to an unknown port list. */
  portListNotFound: (id: string) =>
    new ApiError(404, 'InvalidPortRangeListId.NotFound', `The port list "${id}" does not exist.`),
  /** (unverified code) deleting a port list that rules still name. */
  portListInUse: () =>
    new ApiError(403, 'DependencyViolation.PortRangeList', 'The port list is used by security group rules.'),
  ipProtocol: (raw: string) =>
    new ApiError(400, 'InvalidIpProtocol.Malformed', `The specified IpProtocol "${raw}" is not valid.`),
  portRange: (value: string, proto: string) =>
    new ApiError(
      400,
      'InvalidPortRange.Malformed',
      `The specified PortRange "${value}" is not valid for ${proto}.`,
    ),
  policy: (raw: string) =>
    new ApiError(400, 'InvalidPolicy.Malformed', `The specified Policy "${raw}" is not valid.`),
  priority: (raw: string) =>
    new ApiError(400, 'InvalidPriority.Malformed', `The specified Priority "${raw}" is not valid (1..100).`),
};
