/**
 * The product's typed Cloud Config (2020-09-07) client. The official Config SDK does not install,
 * and its generated code is a thin layer over openapi-core's `callApi`: this does the same for the
 * actions we use, so nothing else sees untyped RPC. Parameters go in a form body (what the
 * generated client does for Config); responses are the API's PascalCase JSON.
 */
import type {
  ConfigRuleDetail,
  ConfigRuleInput,
  ConfigRuleSummary,
  ConfigScope,
  DiscoveredResource,
  EvaluationResult,
  Page,
  RemediationInput,
  RemediationSummary,
  Wire,
} from './config-types';
import type { OpenApiClient, OpenApiCore } from './session';
import { list, obj, str } from './wire';

export type * from './config-types';

function summary(r: Wire): ConfigRuleSummary {
  return {
    ConfigRuleId: str(r.ConfigRuleId),
    ConfigRuleName: str(r.ConfigRuleName),
    ConfigRuleArn: str(r.ConfigRuleArn),
    ConfigRuleState: str(r.ConfigRuleState),
    SourceIdentifier: str(r.SourceIdentifier ?? obj(r.Source).Identifier),
    SourceOwner: str(r.SourceOwner ?? obj(r.Source).Owner),
    RiskLevel: Number(r.RiskLevel ?? 0),
    ...(r.AccountId !== undefined ? { AccountId: str(r.AccountId) } : {}),
  };
}

function parseParams(v: unknown): Record<string, string> {
  let o: unknown = v;
  if (typeof v === 'string') {
    try {
      o = v === '' ? {} : JSON.parse(v);
    } catch {
      o = {};
    }
  }
  return Object.fromEntries(Object.entries(obj(o)).map(([k, x]) => [k, str(x)]));
}

export class ConfigClient {
  constructor(
    private readonly core: OpenApiCore,
    private readonly client: OpenApiClient,
  ) {}

  /** One RPC call; `undefined` values are left out. */
  async call(action: string, params: Record<string, string | number | boolean | undefined>): Promise<Wire> {
    const body: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) if (v !== undefined) body[k] = String(v);
    const { $OpenApiUtil } = this.core;
    const res = await this.client.callApi(
      new $OpenApiUtil.Params({
        action,
        version: '2020-09-07',
        protocol: 'HTTPS',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      }),
      new $OpenApiUtil.OpenApiRequest({ body }),
      new (await import('@darabonba/typescript')).RuntimeOptions({}),
    );
    return obj(obj(res).body);
  }

  private agg(scope: ConfigScope, action: string): [string, { AggregatorId?: string }] {
    return scope.aggregatorId
      ? [action.replace(/^(List|Get)/, '$1Aggregate'), { AggregatorId: scope.aggregatorId }]
      : [action, {}];
  }

  async createConfigRule(input: ConfigRuleInput): Promise<string> {
    const body = await this.call('CreateConfigRule', {
      ...input,
      InputParameters: JSON.stringify(input.InputParameters),
    });
    return str(body.ConfigRuleId);
  }

  async updateConfigRule(id: string, input: ConfigRuleInput): Promise<void> {
    await this.call('UpdateConfigRule', {
      ConfigRuleId: id,
      ...input,
      InputParameters: JSON.stringify(input.InputParameters),
    });
  }

  async listConfigRules(scope: ConfigScope = {}, keyword?: string): Promise<ConfigRuleSummary[]> {
    const [action, extra] = this.agg(scope, 'ListConfigRules');
    const out: ConfigRuleSummary[] = [];
    for (let page = 1; page < 100; page++) {
      const body = await this.call(action, { ...extra, Keyword: keyword, PageNumber: page, PageSize: 100 });
      const rules = obj(body.ConfigRules);
      const items = list(rules.ConfigRuleList).map(summary);
      out.push(...items);
      if (items.length < 100 || out.length >= Number(rules.TotalCount ?? 0)) break;
    }
    return out;
  }

  /** The rule with exactly this name, if any. */
  async findConfigRule(name: string, scope: ConfigScope = {}): Promise<ConfigRuleSummary | undefined> {
    return (await this.listConfigRules(scope, name)).find((r) => r.ConfigRuleName === name);
  }

  async getConfigRule(id: string, scope: ConfigScope = {}): Promise<ConfigRuleDetail> {
    const [action, extra] = this.agg(scope, 'GetConfigRule');
    const r = obj((await this.call(action, { ...extra, ConfigRuleId: id })).ConfigRule);
    const scopeOf = obj(r.Scope);
    return {
      ...summary(r),
      Description: str(r.Description),
      InputParameters: parseParams(r.InputParameters),
      ConfigRuleTriggerTypes: str(r.ConfigRuleTriggerTypes ?? obj(r.Source).SourceDetails),
      ResourceTypesScope: str(r.ResourceTypesScope ?? scopeOf.ComplianceResourceTypes),
    };
  }

  async deleteConfigRules(ids: string[]): Promise<void> {
    await this.call('DeleteConfigRules', { ConfigRuleIds: ids.join(',') });
  }

  async createRemediation(input: RemediationInput): Promise<string> {
    return str((await this.call('CreateRemediation', { ...input })).RemediationId);
  }

  async listRemediations(configRuleIds: string[]): Promise<RemediationSummary[]> {
    const out: RemediationSummary[] = [];
    let token: string | undefined;
    do {
      const body = await this.call('ListRemediations', {
        ConfigRuleIds: configRuleIds.join(','),
        MaxResults: 100,
        NextToken: token,
      });
      for (const r of list(body.Remediations)) {
        out.push({
          RemediationId: str(r.RemediationId),
          ConfigRuleId: str(r.ConfigRuleId),
          RemediationType: str(r.RemediationType),
          RemediationTemplateId: str(r.RemediationTemplateId),
          InvokeType: str(r.InvokeType),
          Params: str(r.Params),
        });
      }
      token = str(body.NextToken) || undefined;
    } while (token);
    return out;
  }

  async deleteRemediations(ids: string[]): Promise<void> {
    await this.call('DeleteRemediations', { RemediationIds: ids.join(',') });
  }

  async startRemediation(configRuleId: string, resource?: { id: string; region: string }): Promise<void> {
    await this.call('StartRemediation', {
      ConfigRuleId: configRuleId,
      ResourceId: resource?.id,
      ResourceRegionId: resource?.region,
      ResourceType: resource ? 'ACS::ECS::SecurityGroup' : undefined,
    });
  }

  async startConfigRuleEvaluation(configRuleId: string): Promise<void> {
    await this.call('StartConfigRuleEvaluation', { ConfigRuleId: configRuleId });
  }

  async listEvaluationResults(
    configRuleId: string,
    opts: { complianceType?: string; regions?: string[]; nextToken?: string } & ConfigScope = {},
  ): Promise<Page<EvaluationResult>> {
    const [action, extra] = this.agg(opts, 'ListConfigRuleEvaluationResults');
    const body = await this.call(action, {
      ...extra,
      ConfigRuleId: configRuleId,
      ComplianceType: opts.complianceType,
      Regions: opts.regions?.join(','),
      MaxResults: 100,
      NextToken: opts.nextToken,
    });
    const results = obj(body.EvaluationResults);
    const items = list(results.EvaluationResultList).map((r): EvaluationResult => {
      const q = obj(obj(r.EvaluationResultIdentifier).EvaluationResultQualifier);
      return {
        ComplianceType: str(r.ComplianceType),
        Annotation: str(r.Annotation),
        RiskLevel: Number(r.RiskLevel ?? 0),
        RemediationEnabled: r.RemediationEnabled === true,
        ConfigRuleId: str(q.ConfigRuleId),
        RegionId: str(q.RegionId),
        ResourceId: str(q.ResourceId),
        ResourceName: str(q.ResourceName),
        ResourceType: str(q.ResourceType),
        ResourceOwnerId: str(q.ResourceOwnerId),
      };
    });
    const nextToken = str(results.NextToken) || undefined;
    return nextToken ? { items, nextToken } : { items };
  }

  async getDiscoveredResource(
    id: string,
    region: string,
    opts: ConfigScope & { ownerId?: string } = {},
  ): Promise<DiscoveredResource> {
    const [action, extra] = this.agg(opts, 'GetDiscoveredResource');
    const body = await this.call(action, {
      ...extra,
      ResourceId: id,
      ResourceType: 'ACS::ECS::SecurityGroup',
      Region: region,
      ResourceOwnerId: opts.aggregatorId ? opts.ownerId : undefined,
    });
    const d = obj(body.DiscoveredResourceDetail);
    let configuration: Wire = {};
    try {
      configuration = obj(
        typeof d.Configuration === 'string' ? JSON.parse(d.Configuration) : d.Configuration,
      );
    } catch {
      configuration = {};
    }
    return {
      ResourceId: str(d.ResourceId) || id,
      Region: str(d.Region) || region,
      AccountId: str(d.AccountId),
      Configuration: configuration,
      // ResourceDeleted: 1 = exists, 0 = deleted (yes, inverted; see the spec).
      exists: Number(d.ResourceDeleted ?? 1) === 1,
    };
  }
}

/** Builds the client from a session's openapi-core client. */
export async function configClient(session: {
  openApi(): Promise<{ core: OpenApiCore; client: OpenApiClient }>;
}): Promise<ConfigClient> {
  const { core, client } = await session.openApi();
  return new ConfigClient(core, client);
}
