/**
 * What deploy and remove need from the cloud, as one interface (RAM role and policy, FC function,
 * Config rule and remediation) and the records it reads back. Implemented over the SDKs in api.ts
 * (with its RAM and FC halves in api-ram.ts and api-fc.ts); tests implement it with fakes.
 */
import type {
  ConfigRuleDetail,
  ConfigRuleInput,
  ConfigRuleSettings,
  RemediationInput,
  RemediationSummary,
} from '../api/config-client';

export interface ActualRole {
  name: string;
  arn: string;
  trustPolicy: string;
}

export interface ActualPolicy {
  name: string;
  document: string;
}

export interface FunctionSpec {
  name: string;
  description: string;
  runtime: string;
  handler: string;
  role: string;
  memorySize: number;
  timeout: number;
  env: Record<string, string>;
}

export interface ActualFunction extends FunctionSpec {
  arn: string;
}

export interface InvokeOutcome {
  /** False when the handler threw (FC's `x-fc-error-type`). */
  ok: boolean;
  body: string;
  errorType?: string;
}

export interface GuardrailApi {
  /** The account the keys belong to (needed for FC's endpoint and ARNs). */
  accountId(roleName: string): Promise<string>;
  getRole(name: string): Promise<ActualRole | undefined>;
  createRole(name: string, trustPolicy: string, description: string): Promise<ActualRole>;
  updateRoleTrust(name: string, trustPolicy: string): Promise<void>;
  deleteRole(name: string): Promise<void>;
  getPolicy(name: string): Promise<ActualPolicy | undefined>;
  createPolicy(name: string, document: string, description: string): Promise<void>;
  setPolicyDocument(name: string, document: string): Promise<void>;
  /** Deletes the policy with all its versions (CascadingDelete). */
  deletePolicy(name: string): Promise<void>;
  isAttached(role: string, policy: string): Promise<boolean>;
  attach(role: string, policy: string): Promise<void>;
  detach(role: string, policy: string): Promise<void>;
  getFunction(region: string, name: string): Promise<ActualFunction | undefined>;
  createFunction(region: string, spec: FunctionSpec, zip: Buffer): Promise<ActualFunction>;
  updateFunction(region: string, spec: FunctionSpec, zip: Buffer | undefined): Promise<ActualFunction>;
  deleteFunction(region: string, name: string): Promise<void>;
  /** Runs a function synchronously with `payload` as its event; its answer, or its error. */
  invokeFunction(region: string, name: string, payload: Buffer): Promise<InvokeOutcome>;
  findConfigRule(name: string): Promise<ConfigRuleDetail | undefined>;
  createConfigRule(input: ConfigRuleInput): Promise<string>;
  updateConfigRule(id: string, input: ConfigRuleSettings): Promise<void>;
  deleteConfigRule(id: string): Promise<void>;
  listRemediations(ruleId: string): Promise<RemediationSummary[]>;
  createRemediation(input: RemediationInput): Promise<string>;
  deleteRemediations(ids: string[]): Promise<void>;
}
