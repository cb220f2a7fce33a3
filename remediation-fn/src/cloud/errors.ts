/**
 * Cloud errors in one shape, whatever threw them (the SDKs' ResponseError family, a network
 * failure, our own checks), so the tree, the deploy report and the logs can say what failed.
 */
export interface CloudErrorInfo {
  /** The API's error code (`Forbidden.RAM`, `Throttling.User`), or a network / local code. */
  code: string;
  message: string;
  statusCode?: number;
  requestId?: string;
  /** From `x-acs-retry-after` on throttling. */
  retryAfterMs?: number;
  /** For `Forbidden.RAM`: the RAM action that was denied, e.g. `ecs:DescribeSecurityGroups`. */
  deniedAction?: string;
}

type Loose = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Reads any thrown value into a CloudErrorInfo. */
export function cloudErrorInfo(e: unknown): CloudErrorInfo {
  if (e instanceof CloudError) return e.info;
  const o = (typeof e === 'object' && e !== null ? e : {}) as Loose;
  const data = (typeof o.data === 'object' && o.data !== null ? o.data : {}) as Loose;
  const detail = (o.accessDeniedDetail ?? data.AccessDeniedDetail) as Loose | undefined;
  const rawMessage = str(o.message) ?? (e instanceof Error ? e.message : String(e));
  // The SDK prefixes messages with "code: <status>, <message> request id: ...": keep the API's part.
  const message =
    str(data.Message) ?? rawMessage.replace(/^code: \d+, /, '').replace(/ request id: .*$/s, '');
  const statusCode = typeof o.statusCode === 'number' ? o.statusCode : undefined;
  const retryAfter = typeof o.retryAfter === 'number' ? o.retryAfter : undefined;
  return {
    code: str(data.Code) ?? str(o.code) ?? (e instanceof Error ? e.name : 'Error'),
    message,
    statusCode,
    requestId: str(o.requestId) ?? str(data.RequestId),
    retryAfterMs: retryAfter,
    deniedAction: detail ? str(detail.AuthAction) : undefined,
  };
}

/**
 * Errors that mean "no such security group rule": InvalidParam.SecurityGroupRuleId is what ECS's
 * RevokeSecurityGroup reference documents since 2024-07-08 for a rule id that does not exist; the
 * other two are seen in the wild (unverified: no published list names them). The function counts a
 * rule as gone only after reading the group again (executor.ts), so none is taken on trust.
 */
export const RULE_GONE_CODES: ReadonlySet<string> = new Set([
  'InvalidParam.SecurityGroupRuleId',
  'InvalidSecurityGroupRule.RuleNotExist',
  'InvalidSecurityGroupRuleId.NotFound',
]);

export function isRuleGone(e: unknown): boolean {
  return RULE_GONE_CODES.has(cloudErrorInfo(e).code);
}

/** One line for a tree node or a notification: `Forbidden.RAM: ecs:DescribeSecurityGroups`. */
export function describeCloudError(e: unknown): string {
  return describeErrorInfo(cloudErrorInfo(e));
}

export function describeErrorInfo(info: CloudErrorInfo): string {
  if (info.deniedAction) return `${info.code}: ${info.deniedAction}`;
  return `${info.code}: ${info.message}`;
}

/** An error we raise ourselves with a code, so it reads like the cloud's own. */
export class CloudError extends Error {
  constructor(readonly info: CloudErrorInfo) {
    super(`${info.code}: ${info.message}`);
    this.name = 'CloudError';
  }
}

/** Thrown when the user (or a test) cancels a long operation. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
