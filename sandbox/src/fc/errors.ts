/** Function Compute 3.0 error answers the sandbox gives, by name. */
import { ApiError } from '../http/errors';

export const fcErrors = {
  /** FC's 400 for a request it cannot take; `detail` says what is wrong. */
  invalidArgument: (detail: string) => new ApiError(400, 'InvalidArgument', detail),
  functionNotFound: (name: string) =>
    new ApiError(404, 'FunctionNotFound', `function '${name}' does not exist`),
  functionExists: (name: string) =>
    new ApiError(409, 'FunctionAlreadyExists', `function '${name}' already exists`),
  /** FC's answer to a payload over its limit (code as documented: help/doc-detail/2527064; status unverified). */
  entityTooLarge: (limit: number) =>
    new ApiError(413, 'EntityTooLarge', `payload size exceeds maximum allowed size (${limit} bytes)`),
  roleNotTrusted: (role: string) =>
    new ApiError(
      403,
      'AccessDenied',
      `FC service is not authorized to assume role '${role}' (check its trust policy)`,
    ),
};
