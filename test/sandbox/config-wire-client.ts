/**
 * Conformance-test view of Cloud Config (2020-09-07): every action with the API's own PascalCase
 * request and response shapes, so tests assert the wire format. Each parameter goes where the
 * generated SDK puts it (test/contract/config-rpc.ts).
 */
import OpenApi, { $OpenApiUtil } from '@alicloud/openapi-core';
import { typedImport, type OpenApiCore } from '../../remediation-fn/src/public';
import { configCall } from '../contract/config-rpc';
import type { ConfigRuleSummary as ProductRuleSummary } from '../../remediation-fn/src/public';

export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';

/** The product's rule summary, plus what the list answers beyond it. */
export interface ConfigRuleSummary extends ProductRuleSummary {
  Description?: string;
  Compliance?: { ComplianceType: ComplianceType; Count: number };
}

export interface ConfigRuleDetail extends Omit<ConfigRuleSummary, 'SourceIdentifier' | 'SourceOwner'> {
  Source?: { Owner: string; Identifier: string };
  InputParameters?: Record<string, string>;
  ConfigRuleTriggerTypes?: string;
  ResourceTypesScope?: string;
  RegionIdsScope?: string;
  ExcludeResourceIdsScope?: string;
  ConfigRuleEvaluationStatus?: {
    FirstEvaluationStarted?: boolean;
    FirstActivatedTimestamp?: number;
    LastSuccessfulEvaluationTimestamp?: number;
  };
}

export interface EvaluationResult {
  ComplianceType: ComplianceType;
  Annotation?: string;
  RiskLevel?: number;
  RemediationEnabled?: boolean;
  EvaluationResultIdentifier: {
    OrderingTimestamp: number;
    EvaluationResultQualifier: {
      ConfigRuleId: string;
      ConfigRuleName?: string;
      ConfigRuleArn?: string;
      RegionId: string;
      ResourceId: string;
      ResourceName?: string;
      ResourceType: string;
      ResourceOwnerId?: number;
    };
  };
}

export interface DiscoveredResourceProfile {
  AccountId: number;
  Region: string;
  ResourceId: string;
  ResourceName: string;
  ResourceType: string;
  /** 1: exists, 0: deleted. */
  ResourceDeleted: number;
  Tags?: string;
}

export interface DiscoveredResourceDetail extends DiscoveredResourceProfile {
  /** A JSON string shaped like DescribeSecurityGroupAttribute plus ServiceManaged. */
  Configuration: string;
  ResourceCreationTime?: number;
}

export interface RemediationSummary {
  RemediationId: string;
  ConfigRuleId: string;
  RemediationType: string;
  RemediationTemplateId: string;
  RemediationSourceType?: string;
  InvokeType: string;
  RemediationOriginParams?: string;
}

export interface RemediationExecution {
  ExecutionInvocationId: string;
  ExecutionResourceIds: string;
  ExecutionResourceType: string;
  ExecutionStatus: string;
  ExecutionStatusMessage?: string;
  ExecutionCreateDate: string;
}

export interface CreateConfigRuleInput {
  ConfigRuleName: string;
  SourceOwner: 'ALIYUN' | 'CUSTOM_FC';
  SourceIdentifier: string;
  ConfigRuleTriggerTypes: string;
  RiskLevel: 1 | 2 | 3;
  ResourceTypesScope?: string;
  /** A JSON string, e.g. `{"ports":"22,3389"}`. */
  InputParameters?: string;
  Description?: string;
  RegionIdsScope?: string;
  ExcludeResourceIdsScope?: string;
  ClientToken?: string;
}

type Scalar = string | number | boolean | undefined;
type Body = Record<string, Scalar>;

/** The aggregate forms take the same arguments plus the aggregator. */
type Aggregated<T> = T & { AggregatorId: string };

export class ConfigClient {
  private readonly client: OpenApi;

  constructor(config: $OpenApiUtil.Config) {
    this.client = new OpenApi(config);
  }

  private async call<T>(action: string, body: Body): Promise<T & { RequestId: string }> {
    const core = await typedImport<OpenApiCore>(import('@alicloud/openapi-core'));
    return (await configCall({ core, client: this.client }, action, body)) as T & { RequestId: string };
  }

  createConfigRule(input: CreateConfigRuleInput) {
    return this.call<{ ConfigRuleId: string }>('CreateConfigRule', { ...input });
  }

  updateConfigRule(input: Partial<CreateConfigRuleInput> & { ConfigRuleId: string }) {
    return this.call<{ ConfigRuleId: string }>('UpdateConfigRule', { ...input });
  }

  listConfigRules(
    input: {
      ConfigRuleName?: string;
      Keyword?: string;
      ComplianceType?: string;
      PageNumber?: number;
      PageSize?: number;
    } = {},
  ) {
    return this.call<{
      ConfigRules: {
        ConfigRuleList: ConfigRuleSummary[];
        TotalCount: number;
        PageNumber: number;
        PageSize: number;
      };
    }>('ListConfigRules', input);
  }

  getConfigRule(input: { ConfigRuleId: string }) {
    return this.call<{ ConfigRule: ConfigRuleDetail }>('GetConfigRule', input);
  }

  startConfigRuleEvaluation(input: { ConfigRuleId: string }) {
    return this.call<{ Result: boolean }>('StartConfigRuleEvaluation', input);
  }

  listConfigRuleEvaluationResults(input: {
    ConfigRuleId?: string;
    ComplianceType?: ComplianceType;
    Regions?: string;
    ResourceTypes?: string;
    MaxResults?: number;
    NextToken?: string;
  }) {
    return this.call<{
      EvaluationResults: {
        EvaluationResultList: EvaluationResult[];
        NextToken?: string;
        MaxResults?: number;
      };
    }>('ListConfigRuleEvaluationResults', input);
  }

  getDiscoveredResource(input: { ResourceId: string; ResourceType: string; Region: string }) {
    return this.call<{ DiscoveredResourceDetail: DiscoveredResourceDetail }>('GetDiscoveredResource', input);
  }

  listDiscoveredResources(input: {
    ResourceTypes?: string;
    Regions?: string;
    ResourceDeleted?: 0 | 1;
    MaxResults?: number;
    NextToken?: string;
  }) {
    return this.call<{
      DiscoveredResourceProfiles: {
        DiscoveredResourceProfileList: DiscoveredResourceProfile[];
        NextToken?: string;
        TotalCount?: number;
      };
    }>('ListDiscoveredResources', input);
  }

  createRemediation(input: {
    ConfigRuleId: string;
    RemediationType: 'FC' | 'OOS';
    RemediationTemplateId: string;
    SourceType: 'CUSTOM' | 'ALIYUN';
    InvokeType: 'AUTO_EXECUTION' | 'MANUAL_EXECUTION' | 'NON_EXECUTION';
    Params?: string;
    ClientToken?: string;
  }) {
    return this.call<{ RemediationId: string }>('CreateRemediation', input);
  }

  listRemediations(input: { ConfigRuleIds?: string; MaxResults?: number; NextToken?: string } = {}) {
    return this.call<{ Remediations: RemediationSummary[]; NextToken?: string }>('ListRemediations', input);
  }

  startRemediation(input: {
    ConfigRuleId: string;
    ResourceId?: string;
    ResourceRegionId?: string;
    ResourceType?: string;
  }) {
    return this.call<{ Data: boolean }>('StartRemediation', input);
  }

  listRemediationExecutions(input: {
    ConfigRuleId: string;
    ExecutionStatus?: string;
    MaxResults?: number;
    NextToken?: string;
  }) {
    return this.call<{
      RemediationExecutionData: { RemediationExecutions: RemediationExecution[]; NextToken?: string };
    }>('ListRemediationExecutions', input);
  }

  listAggregateConfigRuleEvaluationResults(
    input: Aggregated<Parameters<ConfigClient['listConfigRuleEvaluationResults']>[0]>,
  ) {
    return this.call<{ EvaluationResults: { EvaluationResultList: EvaluationResult[]; NextToken?: string } }>(
      'ListAggregateConfigRuleEvaluationResults',
      input,
    );
  }

  getAggregateDiscoveredResource(
    input: Aggregated<{ ResourceId: string; ResourceType: string; Region: string }>,
  ) {
    return this.call<{ DiscoveredResourceDetail: DiscoveredResourceDetail }>(
      'GetAggregateDiscoveredResource',
      input,
    );
  }

  listAggregateDiscoveredResources(
    input: Aggregated<Parameters<ConfigClient['listDiscoveredResources']>[0]>,
  ) {
    return this.call<{
      DiscoveredResourceProfiles: {
        DiscoveredResourceProfileList: DiscoveredResourceProfile[];
        NextToken?: string;
      };
    }>('ListAggregateDiscoveredResources', input);
  }
}
