/** Lookups in the account's RAM state that other services share (FC roles, the RAM check). */
import type { RamRole, SandboxState } from '../state';

export function roleArn(state: SandboxState, roleName: string): string {
  return `acs:ram::${state.accountId}:role/${roleName.toLowerCase()}`;
}

/** `acs:ram::<account>:role/<name>` → the role (ARNs lower-case the name, lookups ignore case). */
export function roleByArn(state: SandboxState, arn: string): RamRole | undefined {
  const m = /^acs:ram::(\d+):role\/(.+)$/.exec(arn.trim());
  if (!m || m[1] !== state.accountId) return undefined;
  return Object.values(state.ram.roles).find((r) => r.RoleName.toLowerCase() === m[2]!.toLowerCase());
}
