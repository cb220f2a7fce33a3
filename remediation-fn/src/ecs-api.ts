/**
 * The narrow ECS surface the function uses, in the API's own (PascalCase) field names. The
 * executor calls ECS only through `EcsApi.call`, so tests inject a fake and the SDK adapter
 * (ecs-sdk.ts) stays a thin translation.
 */
import type { LivePermission } from '../../server/src/risk';
import { ECS_ACTIONS } from './actions';
import type { EcsAction } from './actions';

/** A permission as AuthorizeSecurityGroup takes it (`Permissions.N.*`). */
export interface AuthorizePermission {
  IpProtocol: string;
  PortRange: string;
  SourceCidrIp?: string;
  Ipv6SourceCidrIp?: string;
  Policy: 'accept';
  Priority?: string;
  NicType?: string;
  Description?: string;
}

export interface GroupInfo {
  SecurityGroupId: string;
  ServiceManaged?: boolean;
  Tags: { TagKey: string; TagValue?: string }[];
}

export interface EcsRequests {
  [ECS_ACTIONS.describeGroups]: { RegionId: string; SecurityGroupIds: string[] };
  [ECS_ACTIONS.describeRules]: {
    RegionId: string;
    SecurityGroupId: string;
    Direction: 'ingress';
    MaxResults: number;
    NextToken?: string;
  };
  [ECS_ACTIONS.revoke]: { RegionId: string; SecurityGroupId: string; SecurityGroupRuleId: string[] };
  [ECS_ACTIONS.authorize]: { RegionId: string; SecurityGroupId: string; Permissions: AuthorizePermission[] };
}

export interface EcsResponses {
  [ECS_ACTIONS.describeGroups]: { SecurityGroups: GroupInfo[] };
  [ECS_ACTIONS.describeRules]: { Permissions: LivePermission[]; NextToken?: string };
  [ECS_ACTIONS.revoke]: { RequestId?: string };
  [ECS_ACTIONS.authorize]: { RequestId?: string };
}

export interface EcsApi {
  call<A extends EcsAction>(action: A, request: EcsRequests[A]): Promise<EcsResponses[A]>;
}

/** What every cloud error is reduced to: the API's code, HTTP status, and message. */
export interface CloudErrorInfo {
  code: string;
  statusCode?: number;
  message: string;
  /** Seconds or milliseconds the server asked to wait, as the SDK reports it (throttling). */
  retryAfterMs?: number;
}

/** Errors thrown by the SDKs (openapi-core's AlibabaCloudError) or by fakes: `{code, statusCode, message}`. */
export function cloudErrorInfo(e: unknown): CloudErrorInfo {
  if (typeof e === 'object' && e !== null) {
    const o = e as Record<string, unknown>;
    const code = typeof o.code === 'string' && o.code !== '' ? o.code : 'UnknownError';
    const statusCode = typeof o.statusCode === 'number' ? o.statusCode : undefined;
    const message = typeof o.message === 'string' ? o.message : 'no message';
    const info: CloudErrorInfo = { code, message };
    if (statusCode !== undefined) info.statusCode = statusCode;
    if (typeof o.retryAfter === 'number' && Number.isFinite(o.retryAfter) && o.retryAfter > 0) {
      info.retryAfterMs = o.retryAfter;
    }
    return info;
  }
  return { code: 'UnknownError', message: String(e) };
}
