/**
 * The narrow ECS surface the function uses, in the API's own (PascalCase) field names. The
 * executor calls ECS only through `EcsApi.call`, so tests inject a fake and the SDK adapter
 * (clients.ts) stays a thin translation.
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
  [ECS_ACTIONS.portRangeListEntries]: { RegionId: string; PortRangeListId: string };
  [ECS_ACTIONS.revoke]: { RegionId: string; SecurityGroupId: string; SecurityGroupRuleId: string[] };
  [ECS_ACTIONS.authorize]: { RegionId: string; SecurityGroupId: string; Permissions: AuthorizePermission[] };
}

export interface EcsResponses {
  [ECS_ACTIONS.describeGroups]: { SecurityGroups: GroupInfo[] };
  [ECS_ACTIONS.describeRules]: { Permissions: LivePermission[]; NextToken?: string };
  [ECS_ACTIONS.portRangeListEntries]: { Entries: { PortRange: string }[] };
  [ECS_ACTIONS.revoke]: { RequestId?: string };
  [ECS_ACTIONS.authorize]: { RequestId?: string };
}

export interface EcsApi {
  call<A extends EcsAction>(action: A, request: EcsRequests[A]): Promise<EcsResponses[A]>;
}
