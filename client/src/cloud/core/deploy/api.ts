/**
 * The cloud calls deploy and remove make, behind one interface (RAM role and policy, FC function,
 * Config rule and remediation), implemented over the official SDKs and the typed Config client.
 * Every call is retried on throttling and 5xx; "not found" answers become `undefined`.
 */
import {
  ConfigClient,
  configClient,
  type ConfigRuleDetail,
  type ConfigRuleInput,
  type RemediationInput,
  type RemediationSummary,
} from '../config-client';
import { cloudErrorInfo, CloudError } from '../errors';
import { withRetry, type RetryHooks } from '../retry';
import type { CloudSession } from '../session';

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
  deletePolicy(name: string): Promise<void>;
  isAttached(role: string, policy: string): Promise<boolean>;
  attach(role: string, policy: string): Promise<void>;
  detach(role: string, policy: string): Promise<void>;
  getFunction(region: string, name: string): Promise<ActualFunction | undefined>;
  createFunction(region: string, spec: FunctionSpec, zip: Buffer): Promise<ActualFunction>;
  updateFunction(region: string, spec: FunctionSpec, zip: Buffer | undefined): Promise<ActualFunction>;
  deleteFunction(region: string, name: string): Promise<void>;
  findConfigRule(name: string): Promise<ConfigRuleDetail | undefined>;
  createConfigRule(input: ConfigRuleInput): Promise<string>;
  updateConfigRule(id: string, input: ConfigRuleInput): Promise<void>;
  deleteConfigRule(id: string): Promise<void>;
  listRemediations(ruleId: string): Promise<RemediationSummary[]>;
  createRemediation(input: RemediationInput): Promise<string>;
  deleteRemediations(ids: string[]): Promise<void>;
}

export function isNotFound(e: unknown): boolean {
  const info = cloudErrorInfo(e);
  return info.statusCode === 404 || /NotExist|NotFound/.test(info.code);
}

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

type Wire = Record<string, unknown>;
const obj = (v: unknown): Wire => (typeof v === 'object' && v !== null ? (v as Wire) : {});
const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

function fnFrom(body: Wire): ActualFunction {
  return {
    name: str(body.functionName),
    arn: str(body.functionArn),
    description: str(body.description),
    runtime: str(body.runtime),
    handler: str(body.handler),
    role: str(body.role),
    memorySize: Number(body.memorySize ?? 0),
    timeout: Number(body.timeout ?? 0),
    env: Object.fromEntries(
      Object.entries(obj(body.environmentVariables)).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : JSON.stringify(v),
      ]),
    ),
  };
}

const accountFromArn = (arn: string): string | undefined => /^acs:ram::(\d+):/.exec(arn)?.[1];

export function sdkGuardrailApi(session: CloudSession, hooks: RetryHooks = {}): GuardrailApi {
  const retry = <T>(call: () => Promise<T>) => withRetry(call, hooks);
  let config: Promise<ConfigClient> | undefined;
  const cfg = () => (config ??= configClient(session));
  const ram = async () => ({ sdk: await session.ramSdk(), client: await session.ram() });
  let account: string | undefined = session.target.accountId;
  const fc = async (region: string) => {
    if (!account)
      throw new CloudError({ code: 'AccountIdUnknown', message: 'the account id is not known yet' });
    return { sdk: await session.fcSdk(), client: await session.fc(region, account) };
  };
  const api: GuardrailApi = {
    async accountId(roleName) {
      if (account) return account;
      const role = await api.getRole(roleName);
      let found = role ? accountFromArn(role.arn) : undefined;
      if (!found) {
        const { sdk, client } = await ram();
        const res = await retry(() => client.listRoles(new sdk.ListRolesRequest({ maxItems: 1 })));
        found = accountFromArn(str(res.body?.roles?.role?.[0]?.arn));
      }
      if (!found) {
        throw new CloudError({
          code: 'AccountIdUnknown',
          message: 'cannot tell which account these keys belong to: set sgGuard.cloud.accountId',
        });
      }
      return (account = found);
    },
    async getRole(name) {
      const { sdk, client } = await ram();
      const res = await orUndefined(retry(() => client.getRole(new sdk.GetRoleRequest({ roleName: name }))));
      const r = res?.body?.role;
      return r ? { name, arn: str(r.arn), trustPolicy: str(r.assumeRolePolicyDocument) } : undefined;
    },
    async createRole(name, trustPolicy, description) {
      const { sdk, client } = await ram();
      const res = await retry(() =>
        client.createRole(
          new sdk.CreateRoleRequest({ roleName: name, assumeRolePolicyDocument: trustPolicy, description }),
        ),
      );
      const arn = str(res.body?.role?.arn);
      account ??= accountFromArn(arn);
      return { name, arn, trustPolicy };
    },
    async updateRoleTrust(name, trustPolicy) {
      const { sdk, client } = await ram();
      await retry(() =>
        client.updateRole(
          new sdk.UpdateRoleRequest({ roleName: name, newAssumeRolePolicyDocument: trustPolicy }),
        ),
      );
    },
    async deleteRole(name) {
      const { sdk, client } = await ram();
      await orUndefined(retry(() => client.deleteRole(new sdk.DeleteRoleRequest({ roleName: name }))));
    },
    async getPolicy(name) {
      const { sdk, client } = await ram();
      const res = await orUndefined(
        retry(() => client.getPolicy(new sdk.GetPolicyRequest({ policyName: name, policyType: 'Custom' }))),
      );
      if (!res?.body) return undefined;
      return {
        name,
        document: str(res.body.defaultPolicyVersion?.policyDocument ?? res.body.policy?.policyDocument),
      };
    },
    async createPolicy(name, document, description) {
      const { sdk, client } = await ram();
      await retry(() =>
        client.createPolicy(
          new sdk.CreatePolicyRequest({ policyName: name, policyDocument: document, description }),
        ),
      );
    },
    async setPolicyDocument(name, document) {
      const { sdk, client } = await ram();
      await retry(() =>
        client.createPolicyVersion(
          new sdk.CreatePolicyVersionRequest({
            policyName: name,
            policyDocument: document,
            setAsDefault: true,
            // RAM keeps at most 5 versions; let it drop the oldest rather than fail the deploy.
            rotateStrategy: 'DeleteOldestNonDefaultVersionWhenLimitExceeded',
          }),
        ),
      );
    },
    async deletePolicy(name) {
      const { sdk, client } = await ram();
      await orUndefined(retry(() => client.deletePolicy(new sdk.DeletePolicyRequest({ policyName: name }))));
    },
    async isAttached(role, policy) {
      const { sdk, client } = await ram();
      const res = await orUndefined(
        retry(() => client.listPoliciesForRole(new sdk.ListPoliciesForRoleRequest({ roleName: role }))),
      );
      return (res?.body?.policies?.policy ?? []).some(
        (p) => p.policyName === policy && p.policyType === 'Custom',
      );
    },
    async attach(role, policy) {
      const { sdk, client } = await ram();
      await retry(() =>
        client.attachPolicyToRole(
          new sdk.AttachPolicyToRoleRequest({ roleName: role, policyName: policy, policyType: 'Custom' }),
        ),
      );
    },
    async detach(role, policy) {
      const { sdk, client } = await ram();
      await orUndefined(
        retry(() =>
          client.detachPolicyFromRole(
            new sdk.DetachPolicyFromRoleRequest({ roleName: role, policyName: policy, policyType: 'Custom' }),
          ),
        ),
      );
    },
    async getFunction(region, name) {
      const { sdk, client } = await fc(region);
      const res = await orUndefined(retry(() => client.getFunction(name, new sdk.GetFunctionRequest({}))));
      return res?.body ? fnFrom(obj(res.body.toMap())) : undefined;
    },
    async createFunction(region, spec, zip) {
      const { sdk, client } = await fc(region);
      const res = await retry(() =>
        client.createFunction(
          new sdk.CreateFunctionRequest({
            body: new sdk.CreateFunctionInput({
              functionName: spec.name,
              description: spec.description,
              runtime: spec.runtime,
              handler: spec.handler,
              role: spec.role,
              memorySize: spec.memorySize,
              timeout: spec.timeout,
              environmentVariables: spec.env,
              code: new sdk.InputCodeLocation({ zipFile: zip.toString('base64') }),
            }),
          }),
        ),
      );
      return fnFrom(obj(res.body?.toMap()));
    },
    async updateFunction(region, spec, zip) {
      const { sdk, client } = await fc(region);
      const res = await retry(() =>
        client.updateFunction(
          spec.name,
          new sdk.UpdateFunctionRequest({
            body: new sdk.UpdateFunctionInput({
              description: spec.description,
              runtime: spec.runtime,
              handler: spec.handler,
              role: spec.role,
              memorySize: spec.memorySize,
              timeout: spec.timeout,
              environmentVariables: spec.env,
              ...(zip ? { code: new sdk.InputCodeLocation({ zipFile: zip.toString('base64') }) } : {}),
            }),
          }),
        ),
      );
      return fnFrom(obj(res.body?.toMap()));
    },
    async deleteFunction(region, name) {
      const { client } = await fc(region);
      await orUndefined(retry(() => client.deleteFunction(name)));
    },
    async findConfigRule(name) {
      const c = await cfg();
      const found = await retry(() => c.findConfigRule(name));
      return found ? retry(() => c.getConfigRule(found.ConfigRuleId)) : undefined;
    },
    async createConfigRule(input) {
      const c = await cfg();
      return retry(() => c.createConfigRule(input));
    },
    async updateConfigRule(id, input) {
      const c = await cfg();
      await retry(() => c.updateConfigRule(id, input));
    },
    async deleteConfigRule(id) {
      const c = await cfg();
      await orUndefined(retry(() => c.deleteConfigRules([id])));
    },
    async listRemediations(ruleId) {
      const c = await cfg();
      return retry(() => c.listRemediations([ruleId]));
    },
    async createRemediation(input) {
      const c = await cfg();
      return retry(() => c.createRemediation(input));
    },
    async deleteRemediations(ids) {
      const c = await cfg();
      await retry(() => c.deleteRemediations(ids));
    },
  };
  return api;
}
