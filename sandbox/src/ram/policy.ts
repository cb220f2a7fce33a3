/**
 * RAM policy evaluation for calls signed with a role's temporary credentials: a statement applies
 * when its Action and Resource patterns (`*` and `?` wildcards, case-insensitive action names)
 * match; an explicit Deny wins over any Allow; nothing matching means an implicit deny.
 * Conditions are not evaluated (a statement with a Condition is treated as not matching for Allow
 * and as matching for Deny, the safe direction).
 */
import { lookupTable } from '../names';

export interface PolicyStatement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: unknown;
}

export interface PolicyDocument {
  Version?: string;
  Statement?: PolicyStatement[];
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

export function wildcardMatch(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    caseInsensitive ? 'i' : '',
  );
  return re.test(value);
}

export function parsePolicyDocument(text: string): PolicyDocument {
  const doc = JSON.parse(text) as unknown;
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as PolicyDocument).Statement)) {
    throw new Error('a policy document needs a Statement list');
  }
  for (const s of (doc as PolicyDocument).Statement!) {
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny')
      throw new Error('each statement needs Effect Allow or Deny');
    if (s.Action === undefined && s.NotAction === undefined)
      throw new Error('each statement needs an Action');
  }
  return doc;
}

function statementMatches(s: PolicyStatement, action: string, resource: string): boolean {
  const actionOk =
    s.Action !== undefined
      ? asList(s.Action).some((p) => wildcardMatch(p, action, true))
      : !asList(s.NotAction).some((p) => wildcardMatch(p, action, true));
  const resources = asList(s.Resource ?? '*');
  return actionOk && resources.some((p) => wildcardMatch(p, resource, false));
}

/** The decision over every attached policy for `action` (e.g. `ecs:RevokeSecurityGroup`) on `resource`. */
export function evaluate(docs: readonly PolicyDocument[], action: string, resource: string): Decision {
  let allowed = false;
  for (const doc of docs) {
    for (const s of doc.Statement ?? []) {
      if (!statementMatches(s, action, resource)) continue;
      if (s.Effect === 'Deny') return 'ExplicitDeny';
      if (s.Effect === 'Allow' && s.Condition === undefined) allowed = true;
    }
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}

/** A few system policies, enough for least-privilege experiments. */
export const SYSTEM_POLICIES = lookupTable<{ description: string; document: PolicyDocument }>({
  AdministratorAccess: {
    description: 'Full access to all cloud resources',
    document: { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  },
  AliyunECSFullAccess: {
    description: 'Full access to ECS',
    document: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:*', Resource: '*' }] },
  },
  AliyunECSReadOnlyAccess: {
    description: 'Read-only access to ECS',
    document: {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['ecs:Describe*', 'ecs:List*'], Resource: '*' }],
    },
  },
  AliyunConfigFullAccess: {
    description: 'Full access to Cloud Config',
    document: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'config:*', Resource: '*' }] },
  },
  AliyunConfigReadOnlyAccess: {
    description: 'Read-only access to Cloud Config',
    document: {
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: ['config:Get*', 'config:List*', 'config:Describe*'], Resource: '*' },
      ],
    },
  },
  AliyunFCFullAccess: {
    description: 'Full access to Function Compute',
    document: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'fc:*', Resource: '*' }] },
  },
  AliyunRAMReadOnlyAccess: {
    description: 'Read-only access to RAM',
    document: {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['ram:Get*', 'ram:List*'], Resource: '*' }],
    },
  },
});

/** True when a trust policy lets `service` (e.g. `fc.aliyuncs.com`) assume the role. */
export function trusts(trustPolicy: string, service: string): boolean {
  type TrustStatement = PolicyStatement & { Principal?: { Service?: string | string[] } };
  let doc: { Statement?: TrustStatement[] };
  try {
    doc = JSON.parse(trustPolicy) as typeof doc;
  } catch {
    return false;
  }
  return (doc.Statement ?? []).some(
    (s) =>
      s.Effect === 'Allow' &&
      asList(s.Action).some((a) => wildcardMatch(a, 'sts:AssumeRole', true)) &&
      asList(s.Principal?.Service).some((p) => p === service || p === `${service.split('.')[0]}`),
  );
}
