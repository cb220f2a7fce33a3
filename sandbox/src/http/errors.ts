/** Errors answered the way Alibaba Cloud's gateways do: real HTTP status + `{Code, Message, RequestId}`. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra body fields (e.g. `AccessDeniedDetail`) and response headers. */
    readonly extra: { body?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

export const errors = {
  missingParameter: (name: string) =>
    new ApiError(
      400,
      `MissingParameter`,
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    ),
  invalidParameter: (name: string, detail: string) =>
    new ApiError(400, `InvalidParameter`, `The specified parameter "${name}" is not valid: ${detail}`),
  invalidAction: (action: string) =>
    new ApiError(
      404,
      'InvalidAction.NotFound',
      `Specified api is not found, please check your url and method. (${action})`,
    ),
  invalidVersion: (version: string) =>
    new ApiError(400, 'InvalidVersion', `Specified parameter Version is not valid. (${version})`),
  accessKeyNotFound: () =>
    new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'),
  signatureMismatch: (stringToSign: string) =>
    new ApiError(
      400,
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    ),
  incompleteSignature: (detail: string) =>
    new ApiError(
      400,
      'IncompleteSignature',
      `The request signature does not conform to Aliyun standards. ${detail}`,
    ),
  throttling: (retryAfterMs: number) =>
    new ApiError(400, 'Throttling.User', 'Request was denied due to user flow control.', {
      headers: { 'x-acs-retry-after': String(retryAfterMs) },
    }),
  serviceUnavailable: () =>
    new ApiError(
      503,
      'ServiceUnavailable',
      'The request has failed due to a temporary failure of the server.',
    ),
  bodyTooLarge: (limit: number) =>
    new ApiError(413, 'RequestEntityTooLarge', `The request body is larger than ${limit} bytes.`),
  nonceUsed: () => new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.'),
  securityTokenMissing: () =>
    new ApiError(
      400,
      'InvalidSecurityToken.MismatchWithAccessKey',
      'The security token is missing for temporary credentials.',
    ),
  securityTokenMismatch: () =>
    new ApiError(
      400,
      'InvalidSecurityToken.MismatchWithAccessKey',
      'The security token does not match the access key.',
    ),
  securityTokenExpired: () =>
    new ApiError(400, 'InvalidSecurityToken.Expired', 'The security token has expired.'),
  timestampExpired: () =>
    new ApiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.'),
  /** A write the sandbox could not save: it was undone (see persistence.ts). */
  stateNotSaved: (detail: string) => new ApiError(503, 'ServiceUnavailable', detail),
  internal: () =>
    new ApiError(500, 'InternalError', 'The request processing has failed due to some unknown error.'),
};
