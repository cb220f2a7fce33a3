/**
 * The shape of a state file, checked in full before the sandbox uses it: every field's type, the
 * enumerations, names as the real services allow them, and each store's key matching the id or
 * name inside. The schema is typed against `SandboxState`, so a field added to the state without
 * being added here fails the type check. Stores come out without a prototype (`newStore`).
 */
import { functionNameProblem, policyNameProblem, roleNameProblem, type NameProblem } from './names';
import {
  newStore,
  type Aggregator,
  type ConfigRule,
  type DeletedResource,
  type EvaluationResult,
  type FcFunction,
  type Instance,
  type NetworkInterface,
  type PortRangeList,
  type RamAttachment,
  type RamPolicy,
  type RamRole,
  type Remediation,
  type RemediationExecution,
  type SandboxState,
  type SecurityGroup,
  type SgRule,
  type Store,
  type Tag,
} from './state';

export class StateError extends Error {}

type Check<T> = (value: unknown, path: string) => T;

const fail = (path: string, what: string): never => {
  throw new StateError(`${path} ${what}`);
};
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

const str: Check<string> = (v, p) =>
  typeof v === 'string' ? v : fail(p, `must be a string, not ${kind(v)}`);
const num: Check<number> = (v, p) =>
  typeof v === 'number' && Number.isFinite(v) ? v : fail(p, `must be a number, not ${kind(v)}`);
const bool: Check<boolean> = (v, p) =>
  typeof v === 'boolean' ? v : fail(p, `must be true or false, not ${kind(v)}`);

function oneOf<T extends string | number>(...values: T[]): Check<T> {
  return (v, p) =>
    values.includes(v as T)
      ? (v as T)
      : fail(p, `must be one of ${values.join(', ')}, not ${JSON.stringify(v)}`);
}

function list<T>(item: Check<T>): Check<T[]> {
  return (v, p) =>
    Array.isArray(v) ? v.map((x, i) => item(x, `${p}[${i}]`)) : fail(p, `must be a list, not ${kind(v)}`);
}

interface Optional<T> {
  optional: Check<T>;
}
const opt = <T>(check: Check<T>): Optional<T> => ({ optional: check });
type Shape<T> = {
  [K in keyof T]-?: undefined extends T[K] ? Optional<Exclude<T[K], undefined>> : Check<T[K]>;
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj<T>(shape: Shape<T>): Check<T> {
  return (v, p) => {
    if (!isRecord(v)) return fail(p, `must be an object, not ${kind(v)}`);
    for (const key of Object.keys(v))
      if (!Object.hasOwn(shape, key)) fail(`${p}.${key}`, 'is not a field of the state');
    const out = Object.create(null) as Record<string, unknown>;
    for (const [key, field] of Object.entries<Check<unknown> | Optional<unknown>>(shape)) {
      const present = Object.hasOwn(v, key);
      if (typeof field === 'function') {
        if (!present) fail(`${p}.${key}`, 'is missing');
        out[key] = field(v[key], `${p}.${key}`);
      } else if (present && v[key] !== undefined) out[key] = field.optional(v[key], `${p}.${key}`);
    }
    return out as T;
  };
}

/** A store whose keys must equal a field of each entry (and pass `keyCheck`). */
function store<T>(
  entry: Check<T>,
  keyOf: (e: T) => string,
  keyCheck?: (k: string) => NameProblem | undefined,
): Check<Store<T>> {
  return (v, p) => {
    if (!isRecord(v)) return fail(p, `must be an object, not ${kind(v)}`);
    const out = newStore<T>();
    for (const key of Object.keys(v)) {
      const at = `${p}[${JSON.stringify(key)}]`;
      const problem = keyCheck?.(key);
      if (problem) fail(at, `is not a name the service accepts (${problem})`);
      const e = entry(v[key], at);
      if (keyOf(e) !== key) fail(at, `holds ${JSON.stringify(keyOf(e))}, not ${JSON.stringify(key)}`);
      out[key] = e;
    }
    return out;
  };
}

const tag = obj<Tag>({ TagKey: str, TagValue: str });

const rule = obj<SgRule>({
  SecurityGroupRuleId: str,
  Direction: oneOf('ingress', 'egress'),
  IpProtocol: str,
  PortRange: str,
  SourceCidrIp: str,
  Ipv6SourceCidrIp: str,
  SourceGroupId: str,
  SourcePrefixListId: str,
  SourcePortRange: str,
  DestCidrIp: str,
  Ipv6DestCidrIp: str,
  DestGroupId: str,
  DestPrefixListId: str,
  Policy: oneOf('Accept', 'Drop'),
  Priority: str,
  NicType: str,
  Description: str,
  CreateTime: str,
  PortRangeListId: opt(str),
  seq: num,
});

const portRangeList = obj<PortRangeList>({
  PortRangeListId: str,
  PortRangeListName: str,
  RegionId: str,
  Description: str,
  MaxEntries: num,
  Entries: list(obj<PortRangeList['Entries'][number]>({ PortRange: str, Description: str })),
  CreationTime: str,
});

const group = obj<SecurityGroup>({
  SecurityGroupId: str,
  RegionId: str,
  SecurityGroupName: str,
  Description: str,
  VpcId: str,
  SecurityGroupType: oneOf('normal', 'enterprise'),
  ServiceManaged: bool,
  ResourceGroupId: str,
  CreationTime: str,
  InnerAccessPolicy: oneOf('Accept', 'Drop'),
  Tags: list(tag),
  seq: num,
  rules: list(rule),
});

const role = obj<RamRole>({
  RoleId: str,
  RoleName: str,
  Arn: str,
  Description: str,
  AssumeRolePolicyDocument: str,
  MaxSessionDuration: num,
  CreateDate: str,
  UpdateDate: str,
});

const policy = obj<RamPolicy>({
  PolicyName: str,
  PolicyType: oneOf('Custom'),
  Description: str,
  PolicyDocument: str,
  DefaultVersion: str,
  CreateDate: str,
  UpdateDate: str,
  Versions: opt(
    list(
      obj<NonNullable<RamPolicy['Versions']>[number]>({
        VersionId: str,
        PolicyDocument: str,
        CreateDate: str,
      }),
    ),
  ),
});

const attachment = obj<RamAttachment>({
  RoleName: str,
  PolicyName: str,
  PolicyType: oneOf('Custom', 'System'),
  AttachDate: str,
});

const stringMap: Check<Record<string, string>> = (v, p) => {
  if (!isRecord(v)) return fail(p, `must be an object, not ${kind(v)}`);
  const out = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(v)) out[key] = str(v[key], `${p}.${key}`);
  return out;
};

const fn = obj<FcFunction>({
  functionName: str,
  functionId: str,
  functionArn: str,
  description: str,
  runtime: str,
  handler: str,
  role: str,
  memorySize: num,
  timeout: num,
  environmentVariables: stringMap,
  zipFile: str,
  codeSize: num,
  codeChecksum: str,
  createdTime: str,
  lastModifiedTime: str,
  disableInjectCredentials: opt(str),
});

const evaluation = obj<EvaluationResult>({
  ResourceId: str,
  ResourceName: str,
  RegionId: str,
  ResourceType: str,
  ComplianceType: oneOf('COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'),
  Annotation: str,
  OrderingTimestamp: num,
  deleted: opt(bool),
  reportedAt: opt(num),
});

const configRule = obj<ConfigRule>({
  ConfigRuleId: str,
  ConfigRuleName: str,
  ConfigRuleArn: str,
  ConfigRuleState: oneOf('ACTIVE', 'INACTIVE'),
  Description: str,
  SourceOwner: str,
  SourceIdentifier: str,
  ConfigRuleTriggerTypes: str,
  MaximumExecutionFrequency: str,
  RiskLevel: num,
  ResourceTypesScope: str,
  RegionIdsScope: str,
  ExcludeResourceIdsScope: str,
  InputParameters: str,
  CreateTimestamp: num,
  ModifiedTimestamp: num,
  results: store(evaluation, (e) => e.ResourceId),
  lastEvaluation: opt(
    obj<NonNullable<ConfigRule['lastEvaluation']>>({
      FirstActivatedTimestamp: num,
      LastSuccessfulEvaluationTimestamp: num,
    }),
  ),
  resultTokens: opt(
    list(obj<NonNullable<ConfigRule['resultTokens']>[number]>({ token: str, trigger: str, issued: num })),
  ),
  lastError: opt(obj<NonNullable<ConfigRule['lastError']>>({ code: str, message: str, at: num })),
});

const remediation = obj<Remediation>({
  RemediationId: str,
  ConfigRuleId: str,
  RemediationType: str,
  RemediationTemplateId: str,
  RemediationSourceType: str,
  InvokeType: str,
  Params: str,
  CreateTimestamp: num,
});

const execution = obj<RemediationExecution>({
  InvocationId: str,
  ConfigRuleId: str,
  RemediationId: str,
  ResourceId: str,
  ResourceRegionId: str,
  ResourceType: str,
  ExecutionStatus: oneOf('Running', 'Success', 'Failed'),
  ExecutionErrorMessage: str,
  ExecutionCreateDate: num,
  trigger: oneOf('AUTO', 'MANUAL'),
});

const deleted = obj<DeletedResource>({
  ResourceId: str,
  ResourceName: str,
  Region: str,
  ResourceCreationTime: num,
  Configuration: str,
  Tags: list(tag),
  DeletedAt: num,
});

const aggregator = obj<Aggregator>({ AggregatorId: str, AggregatorName: str });

const eip = obj<NonNullable<Instance['Eip']>>({ IpAddress: str, AllocationId: str });
const attached = {
  RegionId: str,
  VpcId: str,
  SecurityGroupIds: list(str),
  PrivateIpAddress: str,
  Eip: opt(eip),
  seq: num,
};
const instance = obj<Instance>({
  ...attached,
  InstanceId: str,
  InstanceName: str,
  Status: str,
  PublicIpAddress: str,
  PrimaryNetworkInterfaceId: str,
});
const networkInterface = obj<NetworkInterface>({
  ...attached,
  NetworkInterfaceId: str,
  NetworkInterfaceName: str,
  InstanceId: str,
});

const state = obj<SandboxState>({
  version: oneOf(1),
  accountId: (v, p) => (/^\d{1,20}$/.test(str(v, p)) ? (v as string) : fail(p, 'must be digits')),
  accessKeyId: (v, p) => (str(v, p) !== '' ? (v as string) : fail(p, 'must not be empty')),
  accessKeySecret: (v, p) =>
    str(v, p).length >= 16 ? (v as string) : fail(p, 'must be at least 16 characters'),
  regions: list((v, p) =>
    /^[a-z]{2}(-[a-z0-9]+)+$/.test(str(v, p)) ? (v as string) : fail(p, 'is not a region id'),
  ),
  idSeq: num,
  securityGroups: store(group, (g) => g.SecurityGroupId),
  portRangeLists: opt(store(portRangeList, (l) => l.PortRangeListId)),
  instances: opt(store(instance, (i) => i.InstanceId)),
  networkInterfaces: opt(store(networkInterface, (n) => n.NetworkInterfaceId)),
  ram: obj<SandboxState['ram']>({
    roles: store(role, (r) => r.RoleName, roleNameProblem),
    policies: store(policy, (x) => x.PolicyName, policyNameProblem),
    attachments: list(attachment),
  }),
  fc: obj<SandboxState['fc']>({ functions: store(fn, (f) => f.functionName, functionNameProblem) }),
  config: obj<SandboxState['config']>({
    rules: store(configRule, (r) => r.ConfigRuleId),
    remediations: store(remediation, (r) => r.RemediationId),
    executions: list(execution),
    aggregators: store(aggregator, (a) => a.AggregatorId),
    deleted: store(deleted, (d) => d.ResourceId),
  }),
});

/** The state in `value`, checked in full; throws StateError naming the first field that is wrong. */
export function validateState(value: unknown): SandboxState {
  const st = state(value, 'state');
  if (st.regions.length === 0) fail('state.regions', 'must name at least one region');
  for (const g of Object.values(st.securityGroups)) {
    if (!st.regions.includes(g.RegionId))
      fail(
        `state.securityGroups[${JSON.stringify(g.SecurityGroupId)}].RegionId`,
        `${g.RegionId} is not one of state.regions`,
      );
  }
  return st;
}
