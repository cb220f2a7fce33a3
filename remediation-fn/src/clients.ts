/**
 * The function's cloud clients: ECS and Cloud Config through `@alicloud/openapi-core`'s callApi (the
 * generated SDKs are thin layers over it; bundling the 5 MB ECS SDK for four calls made cold starts
 * slow). Every ECS parameter goes in the query, flattened as the SDK does (`SecurityGroupRuleId.N`,
 * `Permissions.N.Field`); contract/alibaba-cloud.json is the reference and the call-site tests prove
 * each request against it. openapi-core is loaded on first use, so a rejected invocation never pays.
 */
import { ECS_ACTIONS, type EcsAction } from './actions';
import { ConfigClient, type Evaluation } from './cloud/config-client';
import { configRegionOf, defaultEndpoint, expandEndpoint, protocolFor } from './cloud/endpoints';
import { callRpc, rpcConnection, type Credentials, type RpcConnection } from './cloud/rpc';
import { list, obj, text, type Wire } from './cloud/wire';
import type { EcsApi, EcsRequests, EcsResponses, GroupInfo } from './ecs-api';
import type { Settings } from './settings';

export type { Credentials };

export interface ConfigApi {
  startConfigRuleEvaluation(configRuleId: string): Promise<void>;
  putEvaluations(resultToken: string, evaluations: Evaluation[], deleteMode: boolean): Promise<number>;
  /** The recorded configuration of a security group (for oversized configuration items). */
  discoveredGroup(id: string, region: string): Promise<{ exists: boolean; configuration: Wire }>;
  /** Every recorded live security group (scheduled evaluations without a configuration item). */
  discoveredGroups(): Promise<{ resourceId: string; regionId: string; accountId: string }[]>;
}

const ECS_VERSION = '2014-05-26';
const READ_TIMEOUT_MS = 10000;
const CONNECT_TIMEOUT_MS = 5000;

function groupInfo(g: Wire): GroupInfo {
  return {
    SecurityGroupId: text(g.SecurityGroupId),
    ServiceManaged: g.ServiceManaged === true,
    Tags: list(obj(g.Tags).Tag).map((t) => ({ TagKey: text(t.TagKey), TagValue: text(t.TagValue) })),
  };
}

async function connect(creds: Credentials, regionId: string, endpoint: string): Promise<RpcConnection> {
  return rpcConnection(creds, {
    regionId,
    endpoint,
    protocol: protocolFor(endpoint),
    readTimeoutMs: READ_TIMEOUT_MS,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
  });
}

export async function rpcEcs(regionId: string, creds: Credentials, settings: Settings): Promise<EcsApi> {
  const endpoint = settings.ecsEndpoint
    ? expandEndpoint(settings.ecsEndpoint, { region: regionId })
    : defaultEndpoint('ecs', { region: regionId, site: 'china' });
  const conn = await connect(creds, regionId, endpoint);
  const ecs = (action: EcsAction, query: Record<string, unknown>) =>
    callRpc(conn, ECS_VERSION, action, { query: query as Record<string, never> });
  const handlers: { [A in EcsAction]: (r: EcsRequests[A]) => Promise<EcsResponses[A]> } = {
    [ECS_ACTIONS.describeGroups]: async (r) => {
      const body = await ecs(ECS_ACTIONS.describeGroups, {
        RegionId: r.RegionId,
        SecurityGroupIds: JSON.stringify(r.SecurityGroupIds),
        MaxResults: 100,
      });
      return { SecurityGroups: list(obj(body.SecurityGroups).SecurityGroup).map(groupInfo) };
    },
    [ECS_ACTIONS.describeRules]: async (r) => {
      const body = await ecs(ECS_ACTIONS.describeRules, { ...r });
      const token = text(body.NextToken) || undefined;
      return { Permissions: list(obj(body.Permissions).Permission), NextToken: token };
    },
    [ECS_ACTIONS.revoke]: async (r) => {
      const body = await ecs(ECS_ACTIONS.revoke, { ...r });
      return { RequestId: text(body.RequestId) };
    },
    [ECS_ACTIONS.authorize]: async (r) => {
      const body = await ecs(ECS_ACTIONS.authorize, { ...r });
      return { RequestId: text(body.RequestId) };
    },
    [ECS_ACTIONS.portRangeListEntries]: async (r) => {
      const body = await ecs(ECS_ACTIONS.portRangeListEntries, { ...r });
      return { Entries: list(body.Entries).map((e) => ({ PortRange: text(e.PortRange) })) };
    },
  };
  return {
    call: <A extends EcsAction>(action: A, request: EcsRequests[A]) =>
      (handlers[action] as (r: EcsRequests[A]) => Promise<EcsResponses[A]>)(request),
  };
}

/** Cloud Config at the configured endpoint (the site's one region), through the shared client. */
export async function rpcConfig(creds: Credentials, settings: Settings): Promise<ConfigApi> {
  const endpoint = settings.configEndpoint;
  const config = new ConfigClient(await connect(creds, configRegionOf(endpoint), endpoint));
  return {
    startConfigRuleEvaluation: (id) => config.startConfigRuleEvaluation(id),
    putEvaluations: (token, evaluations, deleteMode) => config.putEvaluations(token, evaluations, deleteMode),
    async discoveredGroup(id, region) {
      const d = await config.getDiscoveredResource(id, region);
      return { exists: d.exists, configuration: d.Configuration };
    },
    async discoveredGroups() {
      const out: { resourceId: string; regionId: string; accountId: string }[] = [];
      let token: string | undefined;
      for (let page = 0; page < 1000; page++) {
        const p = await config.listDiscoveredGroups(token ? { nextToken: token } : {});
        out.push(
          ...p.items.map((i) => ({ resourceId: i.ResourceId, regionId: i.Region, accountId: i.AccountId })),
        );
        token = p.nextToken;
        if (!token) break;
      }
      return out;
    },
  };
}
