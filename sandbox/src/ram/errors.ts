/** RAM 2015-05-01 error answers the sandbox gives, by name (also the RAM denial every product answers). */
import { ApiError } from '../http/errors';
import type { NameProblem } from '../names';

const nameError = (kind: 'Role' | 'Policy', problem: NameProblem) =>
  new ApiError(
    400,
    `InvalidParameter.${kind}Name.${problem}`,
    problem === 'Length'
      ? `The maximum length of the ${kind.toLowerCase()} name is exceeded.`
      : `The specified ${kind.toLowerCase()} name contains invalid characters.`,
  );

export const ramErrors = {
  notFound: (kind: 'Role' | 'Policy', name: string) =>
    new ApiError(404, `EntityNotExist.${kind}`, `The ${kind.toLowerCase()} does not exist: ${name}.`),
  /** (unverified code) the real service's code for a policy it cannot parse. */
  malformedPolicy: (name: string, detail: string) =>
    new ApiError(400, 'MalformedPolicyDocument', `${name} is malformed: ${detail}`),
  /** A role name RAM refuses (codes from the API reference: DeleteRole's error list). */
  roleName: (problem: NameProblem) => nameError('Role', problem),
  /** (unverified codes, named after the role's) a policy name RAM refuses. */
  policyName: (problem: NameProblem) => nameError('Policy', problem),
  roleExists: (name: string) =>
    new ApiError(409, 'EntityAlreadyExists.Role', `The role already exists: ${name}.`),
  policyExists: (name: string) =>
    new ApiError(409, 'EntityAlreadyExists.Policy', `The policy already exists: ${name}.`),
  roleHasPolicies: () =>
    new ApiError(409, 'DeleteConflict.Role.Policy', 'The role still has policies attached.'),
  policyAttached: () =>
    new ApiError(409, 'DeleteConflict.Policy.Role', 'The policy is still attached to a role.'),
  alreadyAttached: (policy: string) =>
    new ApiError(
      409,
      'EntityAlreadyExists.Role.Policy',
      `The policy is already attached to the role: ${policy}.`,
    ),
  notAttached: (policy: string) =>
    new ApiError(404, 'EntityNotExist.Role.Policy', `The policy is not attached to the role: ${policy}.`),
  /** (unverified code) the real service's answer once a policy holds its 5 versions. */
  versionLimit: (policy: string, max: number) =>
    new ApiError(409, 'LimitExceeded.Policy.Version', `The policy ${policy} already has ${max} versions.`),
  versionNotFound: (id: string) =>
    new ApiError(404, 'EntityNotExist.Policy.Version', `The policy version does not exist: ${id}.`),
  /** (unverified code) deleting the default version. */
  defaultVersion: () =>
    new ApiError(409, 'DeleteConflict.Policy.Version.Default', 'The default version cannot be deleted.'),
  /** terraform-provider-alicloud retries DeletePolicy on this code (resource_alicloud_ram_policy.go). */
  policyHasVersions: (policy: string) =>
    new ApiError(
      409,
      'DeleteConflict.Policy.Version',
      `The policy ${policy} has non-default versions: delete them first or set CascadingDelete.`,
    ),
  /** What any product answers when a role's policies do not allow the call. */
  forbidden: (detail: Record<string, unknown>) =>
    new ApiError(
      403,
      'Forbidden.RAM',
      "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
      { body: { AccessDeniedDetail: detail } },
    ),
};
