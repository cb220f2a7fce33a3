/**
 * The names users choose, checked as the real services check them. Sources (the SDK models'
 * parameter docs, which are the API reference's text):
 * - RAM role: "1 to 64 characters ... letters, digits, periods (.), and hyphens (-)"
 *   (`@alicloud/ram20150501` CreateRoleRequest.roleName); errors 400
 *   `InvalidParameter.RoleName.InvalidChars` / `.Length` (API reference, DeleteRole).
 * - RAM policy: "1 to 128 characters ... letters, digits, and hyphens (-)" (CreatePolicyRequest.policyName);
 *   the error codes `InvalidParameter.PolicyName.*` are unverified (named after the role's).
 * - FC function: "1 to 64 characters ... letters, digits, underscores (_), and hyphens (-). It cannot
 *   begin with a digit or a hyphen" (`@alicloud/fc20230330` CreateFunctionInput.functionName).
 */

export type NameProblem = 'Length' | 'InvalidChars';

function check(name: string, max: number, chars: RegExp): NameProblem | undefined {
  if (name.length < 1 || name.length > max) return 'Length';
  return chars.test(name) ? undefined : 'InvalidChars';
}

export const roleNameProblem = (name: string) => check(name, 64, /^[A-Za-z0-9.-]+$/);
export const policyNameProblem = (name: string) => check(name, 128, /^[A-Za-z0-9-]+$/);
export const functionNameProblem = (name: string) => check(name, 64, /^[A-Za-z_][A-Za-z0-9_-]*$/);

/**
 * A fixed lookup table (actions, protocols, system policies) without a prototype: a name from a
 * request finds only the table's own entries, never `constructor` or `toString`.
 */
export function lookupTable<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
