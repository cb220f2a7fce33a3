/**
 * The RAM half of the guardrail API: the function's role, its custom policy and their attachment,
 * and which account the keys belong to (read from a role's ARN).
 */
import { CloudError } from '../../../../../remediation-fn/src/public';
import type { CloudSession } from '../api/session';
import type { GuardrailApi } from './api-types';
import { orUndefined, type AccountRef, type Retry } from './api-calls';
import { str } from '../../../../../remediation-fn/src/public';

export type RamCalls = Pick<
  GuardrailApi,
  | 'accountId'
  | 'getRole'
  | 'createRole'
  | 'updateRoleTrust'
  | 'deleteRole'
  | 'getPolicy'
  | 'createPolicy'
  | 'setPolicyDocument'
  | 'deletePolicy'
  | 'isAttached'
  | 'attach'
  | 'detach'
>;

const accountFromArn = (arn: string): string | undefined => /^acs:ram::(\d+):/.exec(arn)?.[1];

export function ramCalls(session: CloudSession, retry: Retry, account: AccountRef): RamCalls {
  const ram = async () => ({ sdk: await session.ramSdk(), client: await session.ram() });
  const calls: RamCalls = {
    async accountId(roleName) {
      if (account.id) return account.id;
      const role = await calls.getRole(roleName);
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
      return (account.id = found);
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
      account.id ??= accountFromArn(arn);
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
      // Without CascadingDelete the call fails (DeleteConflict.Policy.Version) once the policy has
      // non-default versions, i.e. after any update (the RAM model documents the flag).
      await orUndefined(
        retry(() =>
          client.deletePolicy(new sdk.DeletePolicyRequest({ policyName: name, cascadingDelete: true })),
        ),
      );
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
  };
  return calls;
}
