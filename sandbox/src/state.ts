/**
 * The sandbox account's whole state: plain JSON so it can be saved to `--state FILE` and loaded
 * again. Every mutation happens synchronously inside one request handler (Node runs one at a
 * time), so parallel clients cannot interleave half-done updates. Every map keyed by a name or id
 * a user chooses is a `Store`: an object without a prototype, so `__proto__`, `constructor` or
 * `toString` are ordinary keys there, never built-in properties.
 */
import { randomBytes } from 'node:crypto';

/** A record keyed by user-chosen names; create it with `newStore()` (never `{}`). */
export type Store<T> = Record<string, T>;

/** An empty store: no prototype, so no key reaches a built-in property. */
export function newStore<T>(entries: Record<string, T> = {}): Store<T> {
  const store = Object.create(null) as Store<T>;
  for (const [k, v] of Object.entries(entries)) store[k] = v;
  return store;
}

export interface Tag {
  TagKey: string;
  TagValue: string;
}

/** A security group rule with the fields and spelling DescribeSecurityGroupAttribute returns. */
export interface SgRule {
  SecurityGroupRuleId: string;
  Direction: 'ingress' | 'egress';
  IpProtocol: string;
  PortRange: string;
  SourceCidrIp: string;
  Ipv6SourceCidrIp: string;
  SourceGroupId: string;
  SourcePrefixListId: string;
  SourcePortRange: string;
  DestCidrIp: string;
  Ipv6DestCidrIp: string;
  DestGroupId: string;
  DestPrefixListId: string;
  Policy: 'Accept' | 'Drop';
  /** The API returns Priority as a string ("1"); the SDK model types it `string`. */
  Priority: string;
  NicType: string;
  Description: string;
  CreateTime: string;
  /** Set when the rule names a port list instead of a PortRange (then PortRange is ''). */
  PortRangeListId?: string;
  /** Creation order within the sandbox (not an API field): the paging cursor. */
  seq: number;
}

/** An ECS port list (CreatePortRangeList): ranges a rule may name instead of a PortRange. */
export interface PortRangeList {
  PortRangeListId: string;
  PortRangeListName: string;
  RegionId: string;
  Description: string;
  MaxEntries: number;
  Entries: { PortRange: string; Description: string }[];
  CreationTime: string;
}

export interface SecurityGroup {
  SecurityGroupId: string;
  RegionId: string;
  SecurityGroupName: string;
  Description: string;
  VpcId: string;
  SecurityGroupType: 'normal' | 'enterprise';
  ServiceManaged: boolean;
  ResourceGroupId: string;
  CreationTime: string;
  InnerAccessPolicy: 'Accept' | 'Drop';
  Tags: Tag[];
  /** Creation order; the paging cursor. */
  seq: number;
  rules: SgRule[];
}

/** What instances and interfaces share: their groups and the EIP bound to them. */
export interface Attached {
  RegionId: string;
  VpcId: string;
  SecurityGroupIds: string[];
  PrivateIpAddress: string;
  Eip?: { IpAddress: string; AllocationId: string };
  /** Creation order; the paging cursor. */
  seq: number;
}

/** An ECS instance as far as security groups go (its primary interface is its own). */
export interface Instance extends Attached {
  InstanceId: string;
  InstanceName: string;
  Status: string;
  /** A fixed public IP ('' when it has none). */
  PublicIpAddress: string;
  PrimaryNetworkInterfaceId: string;
}

/** A secondary elastic network interface, attached to an instance or to none. */
export interface NetworkInterface extends Attached {
  NetworkInterfaceId: string;
  NetworkInterfaceName: string;
  InstanceId: string;
}

export interface RamRole {
  RoleId: string;
  RoleName: string;
  Arn: string;
  Description: string;
  AssumeRolePolicyDocument: string;
  MaxSessionDuration: number;
  CreateDate: string;
  UpdateDate: string;
}

export interface RamPolicy {
  PolicyName: string;
  PolicyType: 'Custom';
  Description: string;
  PolicyDocument: string;
  DefaultVersion: string;
  CreateDate: string;
  UpdateDate: string;
  /** Every version kept (RAM allows 5); absent in states saved before versions were kept. */
  Versions?: { VersionId: string; PolicyDocument: string; CreateDate: string }[];
}

export interface RamAttachment {
  RoleName: string;
  PolicyName: string;
  PolicyType: 'Custom' | 'System';
  AttachDate: string;
}

export interface FcFunction {
  functionName: string;
  functionId: string;
  functionArn: string;
  description: string;
  runtime: string;
  handler: string;
  role: string;
  memorySize: number;
  timeout: number;
  environmentVariables: Record<string, string>;
  /** The uploaded zip, base64. */
  zipFile: string;
  codeSize: number;
  codeChecksum: string;
  createdTime: string;
  lastModifiedTime: string;
  disableInjectCredentials?: string;
}

export interface ConfigRule {
  ConfigRuleId: string;
  ConfigRuleName: string;
  ConfigRuleArn: string;
  ConfigRuleState: 'ACTIVE' | 'INACTIVE';
  Description: string;
  SourceOwner: string;
  SourceIdentifier: string;
  ConfigRuleTriggerTypes: string;
  MaximumExecutionFrequency: string;
  RiskLevel: number;
  ResourceTypesScope: string;
  RegionIdsScope: string;
  ExcludeResourceIdsScope: string;
  InputParameters: string;
  CreateTimestamp: number;
  ModifiedTimestamp: number;
  /** Last evaluation per resource id. */
  results: Store<EvaluationResult>;
  /** CUSTOM_FC rules: the result tokens handed to the evaluator that PutEvaluations may use. */
  resultTokens?: { token: string; trigger: string; issued: number }[];
  lastEvaluation?: { FirstActivatedTimestamp: number; LastSuccessfulEvaluationTimestamp: number };
  /** A custom rule's last failed invocation (GetConfigRule's LastErrorCode / LastErrorMessage). */
  lastError?: { code: string; message: string; at: number };
}

export interface EvaluationResult {
  ResourceId: string;
  ResourceName: string;
  RegionId: string;
  ResourceType: string;
  ComplianceType: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';
  Annotation: string;
  OrderingTimestamp: number;
  /** Set when the resource was deleted: its result is dropped from listings. */
  deleted?: boolean;
  /** When a custom rule's function reported it (DeleteMode drops older ones). */
  reportedAt?: number;
}

export interface Remediation {
  RemediationId: string;
  ConfigRuleId: string;
  RemediationType: string;
  RemediationTemplateId: string;
  RemediationSourceType: string;
  InvokeType: string;
  Params: string;
  CreateTimestamp: number;
}

export interface RemediationExecution {
  InvocationId: string;
  ConfigRuleId: string;
  RemediationId: string;
  ResourceId: string;
  ResourceRegionId: string;
  ResourceType: string;
  ExecutionStatus: 'Running' | 'Success' | 'Failed';
  ExecutionErrorMessage: string;
  ExecutionCreateDate: number;
  trigger: 'AUTO' | 'MANUAL';
}

export interface DeletedResource {
  ResourceId: string;
  ResourceName: string;
  Region: string;
  ResourceCreationTime: number;
  Configuration: string;
  Tags: Tag[];
  DeletedAt: number;
}

export interface Aggregator {
  AggregatorId: string;
  AggregatorName: string;
}

export interface SandboxState {
  version: 1;
  accountId: string;
  accessKeyId: string;
  accessKeySecret: string;
  regions: string[];
  /** Monotonic counter behind every generated id (deterministic for a given seed). */
  idSeq: number;
  securityGroups: Store<SecurityGroup>;
  /** ECS port lists by id (absent in states saved before they existed). */
  portRangeLists?: Store<PortRangeList>;
  /** ECS instances and secondary interfaces by id (absent in states saved before they existed). */
  instances?: Store<Instance>;
  networkInterfaces?: Store<NetworkInterface>;
  ram: { roles: Store<RamRole>; policies: Store<RamPolicy>; attachments: RamAttachment[] };
  fc: { functions: Store<FcFunction> };
  config: {
    rules: Store<ConfigRule>;
    remediations: Store<Remediation>;
    executions: RemediationExecution[];
    aggregators: Store<Aggregator>;
    /** Groups deleted since recording began: Config still answers for them with ResourceDeleted 0. */
    deleted: Store<DeletedResource>;
  };
}

/** The account every new state gets; its secret is random per state (no key anyone could know). */
export const DEFAULT_ACCOUNT = {
  accountId: '1827364554637281',
  accessKeyId: 'LTAI5tSGGuardSandboxRoot',
} as const;

export function emptyState(regions: readonly string[]): SandboxState {
  return {
    version: 1,
    ...DEFAULT_ACCOUNT,
    accessKeySecret: randomBytes(24).toString('base64url'),
    regions: [...regions],
    idSeq: 1,
    securityGroups: newStore(),
    ram: { roles: newStore(), policies: newStore(), attachments: [] },
    fc: { functions: newStore() },
    config: {
      rules: newStore(),
      remediations: newStore(),
      executions: [],
      aggregators: newStore(),
      deleted: newStore(),
    },
  };
}
