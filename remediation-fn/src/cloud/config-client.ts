/**
 * The product's typed Cloud Config (2020-09-07) client, shared by the extension and the function.
 * The official Config SDK does not install; its generated code is a thin layer over openapi-core's
 * `callApi`, and this does the same for the operations we use, each parameter in the place the
 * generated client puts it (query or form body: contract/alibaba-cloud.json, proved by
 * test/contract/call-sites.test.ts).
 */
import type {
  ConfigRuleDetail,
  ConfigRuleInput,
  ConfigRuleSettings,
  ConfigRuleSummary,
  ConfigScope,
  DiscoveredResource,
  Evaluation,
  EvaluationResult,
  Page,
  RemediationInput,
  RemediationSummary,
  Wire,
} from './config-types';
import { CloudError } from './errors';
import { callRpc, type RpcConnection, type RpcParams } from './rpc';
import { list, obj, str } from './wire';

export type * from './config-types';

const VERSION = '2020-09-07';
export const SECURITY_GROUP_TYPE = 'ACS::ECS::SecurityGroup';
/** PutEvaluations takes a list; SG Guard sends at most this many per call. */
export const EVALUATIONS_PER_CALL = 100;

function summary(r: Wire): ConfigRuleSummary {
  return {
    ConfigRuleId: str(r.ConfigRuleId),
    ConfigRuleName: str(r.ConfigRuleName),
    ConfigRuleArn: str(r.ConfigRuleArn),
    ConfigRuleState: str(r.ConfigRuleState),
    // ListConfigRules has them at the top; GetConfigRule under Source.
    SourceIdentifier: str(r.SourceIdentifier ?? obj(r.Source).Identifier),
    SourceOwner: str(r.SourceOwner ?? obj(r.Source).Owner),
    RiskLevel: Number(r.RiskLevel ?? 0),
    ...(r.AccountId !== undefined ? { AccountId: str(r.AccountId) } : {}),
  };
}

/**
 * Throws for the first item a batch delete refused, unless it was already gone (`goneCode`): the
 * models name the per-item code ErrorCode (rules) and ErrorMessage (remediations).
 */
function refused(action: string, items: { id: string; ok: boolean; code: string }[], goneCode: string): void {
  const bad = items.find((i) => !i.ok && i.code !== goneCode);
  if (bad)
    throw new CloudError({
      code: bad.code || 'Refused',
      message: `${action} did not delete ${bad.id}`,
    });
}

/** GetConfigRule's InputParameters is a map in the model; older answers sent a JSON string. */
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

/** The settings UpdateConfigRule and CreateConfigRule share (all in the form body). */
function ruleBody(input: ConfigRuleSettings): RpcParams {
  return {
    ConfigRuleName: input.ConfigRuleName,
    ConfigRuleTriggerTypes: input.ConfigRuleTriggerTypes,
    MaximumExecutionFrequency: input.MaximumExecutionFrequency,
    RiskLevel: input.RiskLevel,
    ResourceTypesScope: input.ResourceTypesScope,
    InputParameters: JSON.stringify(input.InputParameters),
    Description: input.Description,
  };
}

/** A number when the id is all digits (the models type account ids as numbers), else the text. */
const accountValue = (id: string): string | number => (/^\d{1,15}$/.test(id) ? Number(id) : id);

export class ConfigClient {
  constructor(private readonly conn: RpcConnection) {}

  private call(action: string, params: { query?: RpcParams; body?: RpcParams }): Promise<Wire> {
    return callRpc(this.conn, VERSION, action, params);
  }

  /** The multi-account `*Aggregate*` form of a list/get operation when an aggregator is given. */
  private agg(scope: ConfigScope, action: string): [string, RpcParams] {
    return scope.aggregatorId
      ? [action.replace(/^(List|Get)/, '$1Aggregate'), { AggregatorId: scope.aggregatorId }]
      : [action, {}];
  }

  async createConfigRule(input: ConfigRuleInput): Promise<string> {
    const body = await this.call('CreateConfigRule', {
      body: { ...ruleBody(input), SourceOwner: input.SourceOwner, SourceIdentifier: input.SourceIdentifier },
    });
    return str(body.ConfigRuleId);
  }

  /** The rule's source cannot change (the model has no SourceOwner/SourceIdentifier): replace it. */
  async updateConfigRule(id: string, input: ConfigRuleSettings): Promise<void> {
    await this.call('UpdateConfigRule', { body: { ConfigRuleId: id, ...ruleBody(input) } });
  }

  async listConfigRules(scope: ConfigScope = {}, keyword?: string): Promise<ConfigRuleSummary[]> {
    const [action, extra] = this.agg(scope, 'ListConfigRules');
    const out: ConfigRuleSummary[] = [];
    for (let page = 1; page < 100; page++) {
      const body = await this.call(action, {
        query: { ...extra, Keyword: keyword, PageNumber: page, PageSize: 100 },
      });
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
    const r = obj((await this.call(action, { query: { ...extra, ConfigRuleId: id } })).ConfigRule);
    const scopeOf = obj(r.Scope);
    return {
      ...summary(r),
      Description: str(r.Description),
      InputParameters: parseParams(r.InputParameters),
      ConfigRuleTriggerTypes: str(r.ConfigRuleTriggerTypes),
      MaximumExecutionFrequency: str(r.MaximumExecutionFrequency),
      ResourceTypesScope:
        str(r.ResourceTypesScope) ||
        (Array.isArray(scopeOf.ComplianceResourceTypes)
          ? scopeOf.ComplianceResourceTypes.map(str).join(',')
          : ''),
    };
  }

  /** Fails when Config refused any rule (it answers 200 with a result per rule). */
  async deleteConfigRules(ids: string[]): Promise<void> {
    const body = await this.call('DeleteConfigRules', { query: { ConfigRuleIds: ids.join(',') } });
    const items = list(obj(body.OperateRuleResult).OperateRuleItemList);
    refused(
      'DeleteConfigRules',
      items.map((i) => ({ id: str(i.ConfigRuleId), ok: i.Success !== false, code: str(i.ErrorCode) })),
      'ConfigRuleNotExists',
    );
  }

  async createRemediation(input: RemediationInput): Promise<string> {
    return str((await this.call('CreateRemediation', { body: { ...input } })).RemediationId);
  }

  /** Every remediation of the rules, paged with PageNumber/PageSize as the model pages it. */
  async listRemediations(configRuleIds: string[]): Promise<RemediationSummary[]> {
    const out: RemediationSummary[] = [];
    for (let page = 1; page < 100; page++) {
      const body = await this.call('ListRemediations', {
        query: { ConfigRuleIds: configRuleIds.join(','), PageNumber: page, PageSize: 50 },
      });
      const items = list(body.Remediations).map((r) => ({
        RemediationId: str(r.RemediationId),
        ConfigRuleId: str(r.ConfigRuleId),
        RemediationType: str(r.RemediationType),
        RemediationTemplateId: str(r.RemediationTemplateId),
        InvokeType: str(r.InvokeType),
        Params: str(r.RemediationOriginParams),
      }));
      out.push(...items);
      if (items.length < 50 || out.length >= Number(str(body.TotalCount) || 0)) break;
    }
    return out;
  }

  /** Fails when Config refused any remediation (it answers 200 with a result per remediation). */
  async deleteRemediations(ids: string[]): Promise<void> {
    const body = await this.call('DeleteRemediations', { body: { RemediationIds: ids.join(',') } });
    refused(
      'DeleteRemediations',
      list(body.RemediationDeleteResults).map((i) => ({
        id: str(i.RemediationId),
        ok: i.Success !== false,
        code: str(i.ErrorMessage),
      })),
      'RemediationConfigNotExist',
    );
  }

  async startConfigRuleEvaluation(configRuleId: string): Promise<void> {
    await this.call('StartConfigRuleEvaluation', { query: { ConfigRuleId: configRuleId } });
  }

  async listEvaluationResults(
    configRuleId: string,
    opts: { complianceType?: string; regions?: string[]; nextToken?: string } & ConfigScope = {},
  ): Promise<Page<EvaluationResult>> {
    const [action, extra] = this.agg(opts, 'ListConfigRuleEvaluationResults');
    const body = await this.call(action, {
      query: {
        ...extra,
        ConfigRuleId: configRuleId,
        ComplianceType: opts.complianceType,
        Regions: opts.regions?.join(','),
        MaxResults: 100,
        NextToken: opts.nextToken,
      },
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

  /**
   * A recorded security group. With an aggregator the member account goes in ResourceAccountId
   * (the model marks ResourceOwnerId deprecated).
   */
  async getDiscoveredResource(
    id: string,
    region: string,
    opts: ConfigScope & { accountId?: string } = {},
  ): Promise<DiscoveredResource> {
    const [action, extra] = this.agg(opts, 'GetDiscoveredResource');
    const body = await this.call(action, {
      query: {
        ...extra,
        ResourceId: id,
        ResourceType: SECURITY_GROUP_TYPE,
        Region: region,
        ResourceAccountId: opts.aggregatorId && opts.accountId ? accountValue(opts.accountId) : undefined,
      },
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
      ResourceName: str(d.ResourceName),
      Configuration: configuration,
      // ResourceDeleted: 1 = exists, 0 = deleted (yes, inverted; see the spec).
      exists: Number(d.ResourceDeleted ?? 1) === 1,
    };
  }

  /** The security groups Config has recorded (live ones only), one page. */
  async listDiscoveredGroups(
    opts: { regions?: string[]; nextToken?: string } = {},
  ): Promise<Page<{ ResourceId: string; Region: string; AccountId: string }>> {
    const body = await this.call('ListDiscoveredResources', {
      query: {
        ResourceTypes: SECURITY_GROUP_TYPE,
        Regions: opts.regions?.join(','),
        ResourceDeleted: 1,
        MaxResults: 100,
        NextToken: opts.nextToken,
      },
    });
    const profiles = obj(body.DiscoveredResourceProfiles);
    const items = list(profiles.DiscoveredResourceProfileList).map((p) => ({
      ResourceId: str(p.ResourceId),
      Region: str(p.Region),
      AccountId: str(p.AccountId),
    }));
    const nextToken = str(profiles.NextToken) || undefined;
    return nextToken ? { items, nextToken } : { items };
  }

  /**
   * Reports a custom rule's results with the invocation's result token, at most
   * EVALUATIONS_PER_CALL per call. `deleteMode` (scheduled runs) drops results not reported now.
   */
  async putEvaluations(resultToken: string, evaluations: Evaluation[], deleteMode = false): Promise<number> {
    let calls = 0;
    for (let i = 0; i === 0 || i < evaluations.length; i += EVALUATIONS_PER_CALL) {
      const batch = evaluations.slice(i, i + EVALUATIONS_PER_CALL).map((e) => ({
        ...e,
        accountId: accountValue(e.accountId),
      }));
      await this.call('PutEvaluations', {
        body: {
          ResultToken: resultToken,
          Evaluations: JSON.stringify(batch),
          DeleteMode: deleteMode && i === 0 ? true : undefined,
        },
      });
      calls++;
    }
    return calls;
  }
}
