/**
 * The real cloud clients: the official ECS SDK and, for Cloud Config (whose SDK does not install
 * here), openapi-core's generic callApi. Both are loaded lazily: requiring the ECS SDK costs more than
 * everything else in the function, and invocations rejected early should not pay for it.
 */
import { ConfigClient } from '../../client/src/cloud/core/api/config-client';
import type { OpenApiCore } from '../../client/src/cloud/core/api/session';
import { list, obj, text, type Wire } from '../../client/src/cloud/core/api/wire';
import type EcsClient from '@alicloud/ecs20140526';
import type OpenApiClient from '@alicloud/openapi-core';
import { ECS_ACTIONS } from './actions';
import type { EcsAction } from './actions';
import type { EcsApi, EcsRequests, EcsResponses, GroupInfo } from './ecs-api';
import type { Settings } from './settings';

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface ConfigApi {
  startConfigRuleEvaluation(configRuleId: string): Promise<void>;
}

const READ_TIMEOUT_MS = 10000;
const CONNECT_TIMEOUT_MS = 5000;

/**
 * The SDKs are CommonJS with `exports.default = Client`: Node's loader hands back the exports object
 * as `default` (so the class is `default.default`), bundlers and tsx hand back the class itself.
 */
function classFrom<M extends { default: unknown }>(moduleDefault: M): M['default'] {
  return typeof moduleDefault === 'function' ? moduleDefault : moduleDefault.default;
}

async function openApiConfig(
  creds: Credentials,
  regionId: string,
  endpoint: string | undefined,
  settings: Settings,
) {
  const { $OpenApiUtil } = await import('@alicloud/openapi-core');
  return new $OpenApiUtil.Config({
    accessKeyId: creds.accessKeyId,
    accessKeySecret: creds.accessKeySecret,
    securityToken: creds.securityToken,
    regionId,
    endpoint,
    protocol: settings.protocol.toUpperCase(),
    readTimeout: READ_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
  });
}

function groupInfo(g: Wire): GroupInfo {
  return {
    SecurityGroupId: text(g.SecurityGroupId),
    ServiceManaged: g.ServiceManaged === true,
    Tags: list(obj(g.Tags).Tag).map((t) => ({
      TagKey: text(t.TagKey),
      TagValue: text(t.TagValue),
    })),
  };
}

export async function sdkEcs(regionId: string, creds: Credentials, settings: Settings): Promise<EcsApi> {
  const ecsModule = await import('@alicloud/ecs20140526');
  const Ecs: typeof EcsClient = classFrom(ecsModule.default);
  const client = new Ecs(await openApiConfig(creds, regionId, settings.ecsEndpoint, settings));
  // Responses are SDK models; toMap() gives back the API's own PascalCase shape.
  const handlers: { [A in EcsAction]: (r: EcsRequests[A]) => Promise<EcsResponses[A]> } = {
    [ECS_ACTIONS.describeGroups]: async (r) => {
      const res = await client.describeSecurityGroups(
        new ecsModule.DescribeSecurityGroupsRequest({
          regionId: r.RegionId,
          securityGroupIds: JSON.stringify(r.SecurityGroupIds),
          maxResults: 100,
        }),
      );
      const body = obj(res.body?.toMap());
      return { SecurityGroups: list(obj(body.SecurityGroups).SecurityGroup).map(groupInfo) };
    },
    [ECS_ACTIONS.describeRules]: async (r) => {
      const res = await client.describeSecurityGroupAttribute(
        new ecsModule.DescribeSecurityGroupAttributeRequest({
          regionId: r.RegionId,
          securityGroupId: r.SecurityGroupId,
          direction: r.Direction,
          maxResults: r.MaxResults,
          nextToken: r.NextToken,
        }),
      );
      const body = obj(res.body?.toMap());
      const token = typeof body.NextToken === 'string' && body.NextToken !== '' ? body.NextToken : undefined;
      return { Permissions: list(obj(body.Permissions).Permission), NextToken: token };
    },
    [ECS_ACTIONS.revoke]: async (r) => {
      const res = await client.revokeSecurityGroup(
        new ecsModule.RevokeSecurityGroupRequest({
          regionId: r.RegionId,
          securityGroupId: r.SecurityGroupId,
          securityGroupRuleId: r.SecurityGroupRuleId,
        }),
      );
      return { RequestId: res.body?.requestId };
    },
    [ECS_ACTIONS.authorize]: async (r) => {
      const res = await client.authorizeSecurityGroup(
        new ecsModule.AuthorizeSecurityGroupRequest({
          regionId: r.RegionId,
          securityGroupId: r.SecurityGroupId,
          permissions: r.Permissions.map(
            (p) =>
              new ecsModule.AuthorizeSecurityGroupRequestPermissions({
                ipProtocol: p.IpProtocol,
                portRange: p.PortRange,
                sourceCidrIp: p.SourceCidrIp,
                ipv6SourceCidrIp: p.Ipv6SourceCidrIp,
                policy: p.Policy,
                priority: p.Priority,
                nicType: p.NicType,
                description: p.Description,
              }),
          ),
        }),
      );
      return { RequestId: res.body?.requestId };
    },
  };
  return {
    call: <A extends EcsAction>(action: A, request: EcsRequests[A]) =>
      (handlers[action] as (r: EcsRequests[A]) => Promise<EcsResponses[A]>)(request),
  };
}

/** Cloud Config through openapi-core's callApi (RPC, 2020-09-07), as the generated SDK would do it. */
export async function sdkConfig(
  regionId: string,
  creds: Credentials,
  settings: Settings,
): Promise<ConfigApi> {
  const core = await import('@alicloud/openapi-core');
  const OpenApi: typeof OpenApiClient = classFrom(core.default);
  const client = new OpenApi(await openApiConfig(creds, regionId, settings.configEndpoint, settings));
  // The product's typed Config client (one wire implementation for the extension and the function).
  const config = new ConfigClient(core as unknown as OpenApiCore, client);
  return {
    startConfigRuleEvaluation: (configRuleId) => config.startConfigRuleEvaluation(configRuleId),
  };
}
