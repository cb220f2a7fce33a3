/**
 * The Cloud Config (2020-09-07) records the product reads and writes, in the API's PascalCase. The
 * client (config-client.ts) builds them from the wire answers, defaulting every missing field.
 */

/** A JSON object from the wire, before it is read into one of these records. */
import type { Wire } from './wire';

export type { Wire } from './wire';

export interface ConfigRuleSummary {
  ConfigRuleId: string;
  ConfigRuleName: string;
  ConfigRuleArn: string;
  ConfigRuleState: string;
  SourceIdentifier: string;
  SourceOwner: string;
  RiskLevel: number;
  AccountId?: string;
}

export interface ConfigRuleDetail extends ConfigRuleSummary {
  Description: string;
  InputParameters: Record<string, string>;
  ConfigRuleTriggerTypes: string;
  MaximumExecutionFrequency: string;
  ResourceTypesScope: string;
}

/** What UpdateConfigRule may change: the model has no SourceOwner / SourceIdentifier (ForceNew). */
export interface ConfigRuleSettings {
  ConfigRuleName: string;
  /** Comma-separated: `ConfigurationItemChangeNotification`, `ScheduledNotification`. */
  ConfigRuleTriggerTypes: string;
  /** Required with ScheduledNotification: `One_Hour` … `TwentyFour_Hours`. */
  MaximumExecutionFrequency?: string;
  RiskLevel: number;
  ResourceTypesScope: string;
  InputParameters: Record<string, string>;
  Description: string;
}

export interface ConfigRuleInput extends ConfigRuleSettings {
  /** ALIYUN: a managed rule (SourceIdentifier is its name); CUSTOM_FC: SourceIdentifier is a function ARN. */
  SourceOwner: 'ALIYUN' | 'CUSTOM_FC';
  SourceIdentifier: string;
}

export interface RemediationSummary {
  RemediationId: string;
  ConfigRuleId: string;
  RemediationType: string;
  RemediationTemplateId: string;
  InvokeType: string;
  /** `RemediationOriginParams` in ListRemediations' model. */
  Params: string;
}

export interface RemediationInput {
  ConfigRuleId: string;
  RemediationType: 'FC';
  RemediationTemplateId: string;
  SourceType: 'CUSTOM';
  InvokeType: 'AUTO_EXECUTION' | 'MANUAL_EXECUTION' | 'NON_EXECUTION';
  Params: string;
}

export interface EvaluationResult {
  ComplianceType: string;
  Annotation: string;
  RiskLevel: number;
  RemediationEnabled: boolean;
  ConfigRuleId: string;
  RegionId: string;
  ResourceId: string;
  ResourceName: string;
  ResourceType: string;
  /** The account the resource belongs to (the qualifier's ResourceOwnerId). */
  ResourceOwnerId: string;
}

/** One result a custom rule reports with PutEvaluations (the model's `Evaluations` JSON list). */
export interface Evaluation {
  accountId: string;
  complianceResourceId: string;
  complianceResourceType: string;
  complianceRegionId: string;
  complianceType: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
  annotation?: string;
  orderingTimestamp: number;
}

export interface DiscoveredResource {
  ResourceId: string;
  Region: string;
  AccountId: string;
  ResourceName: string;
  /** The parsed configuration JSON (shaped like DescribeSecurityGroupAttribute plus ServiceManaged). */
  Configuration: Wire;
  /** False when Config saw the resource deleted. */
  exists: boolean;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** `AggregatorId` switches the list/get actions to their multi-account `*Aggregate*` forms. */
export interface ConfigScope {
  aggregatorId?: string;
}
