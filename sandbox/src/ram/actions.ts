/** RAM 2015-05-01: roles (with trust policies), custom policies and role attachments. */
import { errors } from '../http/errors';
import type { ActionSpec, Call } from '../http/call';
import { isoNow } from '../ids';
import type { RamAttachment, RamPolicy, RamRole } from '../state';
import { policyNameProblem, roleNameProblem } from '../names';
import { ramErrors } from './errors';
import { parsePolicyDocument, SYSTEM_POLICIES } from './policy';
import { roleArn } from './store';

const notFound = ramErrors.notFound;

/** The RoleName parameter, refused as RAM refuses it when it is not a valid role name. */
function roleName(call: Call, param = 'RoleName'): string {
  const name = call.params.required(param);
  const problem = roleNameProblem(name);
  if (problem) throw ramErrors.roleName(problem);
  return name;
}

function role(call: Call, param = 'RoleName'): RamRole {
  const name = roleName(call, param);
  const r = call.sb.state.ram.roles[name];
  if (!r) throw notFound('Role', name);
  return r;
}

function checkDocument(name: string, text: string): void {
  try {
    parsePolicyDocument(text);
  } catch (e) {
    throw ramErrors.malformedPolicy(name, (e as Error).message);
  }
}

const roleView = (r: RamRole) => ({ ...r });
const policyView = (p: RamPolicy, attachments: number) => {
  const { Versions: _v, ...view } = p;
  return { ...view, AttachmentCount: attachments };
};

function createRole(call: Call) {
  const st = call.sb.state;
  const name = roleName(call);
  if (st.ram.roles[name]) throw ramErrors.roleExists(name);
  const trust = call.params.required('AssumeRolePolicyDocument');
  checkDocument('AssumeRolePolicyDocument', trust);
  const now = isoNow();
  const r: RamRole = {
    RoleId: String(3_000_000_000_000_000_000n + BigInt(st.idSeq++)),
    RoleName: name,
    Arn: roleArn(st, name),
    Description: call.params.str('Description') ?? '',
    AssumeRolePolicyDocument: trust,
    MaxSessionDuration: call.params.int('MaxSessionDuration', { min: 900, max: 43200, def: 3600 })!,
    CreateDate: now,
    UpdateDate: now,
  };
  st.ram.roles[name] = r;
  // CreateRole's model has no UpdateDate.
  const { UpdateDate: _u, ...created } = roleView(r);
  return { Role: created };
}

function updateRole(call: Call) {
  const r = role(call);
  const trust = call.params.str('NewAssumeRolePolicyDocument');
  if (trust !== undefined) {
    checkDocument('NewAssumeRolePolicyDocument', trust);
    r.AssumeRolePolicyDocument = trust;
  }
  const description = call.params.str('NewDescription');
  if (description !== undefined) r.Description = description;
  r.UpdateDate = isoNow();
  return { Role: roleView(r) };
}

function deleteRole(call: Call) {
  const st = call.sb.state;
  const r = role(call);
  if (st.ram.attachments.some((a) => a.RoleName === r.RoleName)) {
    throw ramErrors.roleHasPolicies();
  }
  delete st.ram.roles[r.RoleName];
  return {};
}

/** ListRoles' model has no trust policy (GetRole has). */
function listRoles(call: Call) {
  const roles = Object.values(call.sb.state.ram.roles).map((r) => {
    const { AssumeRolePolicyDocument: _trust, ...listed } = roleView(r);
    return listed;
  });
  return { IsTruncated: false, Roles: { Role: roles } };
}

function policyType(call: Call): 'Custom' | 'System' {
  const t = call.params.str('PolicyType') ?? 'Custom';
  if (t !== 'Custom' && t !== 'System') throw errors.invalidParameter('PolicyType', t);
  return t;
}

function createPolicy(call: Call) {
  const st = call.sb.state;
  const name = call.params.required('PolicyName');
  const problem = policyNameProblem(name);
  if (problem) throw ramErrors.policyName(problem);
  if (st.ram.policies[name] || SYSTEM_POLICIES[name]) {
    throw ramErrors.policyExists(name);
  }
  const doc = call.params.required('PolicyDocument');
  checkDocument('PolicyDocument', doc);
  const now = isoNow();
  const p: RamPolicy = {
    PolicyName: name,
    PolicyType: 'Custom',
    Description: call.params.str('Description') ?? '',
    PolicyDocument: doc,
    DefaultVersion: 'v1',
    CreateDate: now,
    UpdateDate: now,
    Versions: [{ VersionId: 'v1', PolicyDocument: doc, CreateDate: now }],
  };
  st.ram.policies[name] = p;
  return {
    Policy: {
      PolicyName: p.PolicyName,
      PolicyType: p.PolicyType,
      Description: p.Description,
      DefaultVersion: p.DefaultVersion,
      CreateDate: p.CreateDate,
    },
  };
}

function getPolicy(call: Call) {
  const st = call.sb.state;
  const name = call.params.required('PolicyName');
  if (policyType(call) === 'System') {
    const sys = SYSTEM_POLICIES[name];
    if (!sys) throw notFound('Policy', name);
    const document = JSON.stringify(sys.document);
    return {
      Policy: {
        PolicyName: name,
        PolicyType: 'System',
        Description: sys.description,
        DefaultVersion: 'v1',
        PolicyDocument: document,
      },
      DefaultPolicyVersion: {
        VersionId: 'v1',
        IsDefaultVersion: true,
        PolicyDocument: document,
        CreateDate: '',
      },
    };
  }
  const p = st.ram.policies[name];
  if (!p) throw notFound('Policy', name);
  const count = st.ram.attachments.filter((a) => a.PolicyName === name && a.PolicyType === 'Custom').length;
  return {
    Policy: policyView(p, count),
    DefaultPolicyVersion: {
      VersionId: p.DefaultVersion,
      IsDefaultVersion: true,
      PolicyDocument: p.PolicyDocument,
      CreateDate: p.UpdateDate,
    },
  };
}

/** RAM keeps at most this many versions of a policy (RotateStrategy's description in the model). */
export const MAX_POLICY_VERSIONS = 5;

/** The versions of a policy; states saved before versions were kept have only the default. */
function versionsOf(p: RamPolicy): NonNullable<RamPolicy['Versions']> {
  return (p.Versions ??= [
    { VersionId: p.DefaultVersion, PolicyDocument: p.PolicyDocument, CreateDate: p.CreateDate },
  ]);
}

function customPolicy(call: Call): RamPolicy {
  const name = call.params.required('PolicyName');
  const p = call.sb.state.ram.policies[name];
  if (!p) throw notFound('Policy', name);
  return p;
}

function createPolicyVersion(call: Call) {
  const p = customPolicy(call);
  const doc = call.params.required('PolicyDocument');
  checkDocument('PolicyDocument', doc);
  const versions = versionsOf(p);
  const rotate = call.params.str('RotateStrategy') ?? 'None';
  if (rotate !== 'None' && rotate !== 'DeleteOldestNonDefaultVersionWhenLimitExceeded')
    throw errors.invalidParameter('RotateStrategy', rotate);
  if (versions.length >= MAX_POLICY_VERSIONS) {
    if (rotate === 'None') {
      throw ramErrors.versionLimit(p.PolicyName, MAX_POLICY_VERSIONS);
    }
    const oldest = versions.findIndex((v) => v.VersionId !== p.DefaultVersion);
    versions.splice(oldest, 1);
  }
  const next = Math.max(...versions.map((v) => Number(v.VersionId.slice(1))), 0) + 1;
  const version = { VersionId: `v${next}`, PolicyDocument: doc, CreateDate: isoNow() };
  versions.push(version);
  if (call.params.bool('SetAsDefault') ?? false) {
    p.PolicyDocument = doc;
    p.DefaultVersion = version.VersionId;
    p.UpdateDate = version.CreateDate;
  }
  return { PolicyVersion: { ...version, IsDefaultVersion: p.DefaultVersion === version.VersionId } };
}

function listPolicyVersions(call: Call) {
  const p = customPolicy(call);
  return {
    PolicyVersions: {
      PolicyVersion: versionsOf(p).map((v) => ({ ...v, IsDefaultVersion: v.VersionId === p.DefaultVersion })),
    },
  };
}

function deletePolicyVersion(call: Call) {
  const p = customPolicy(call);
  const id = call.params.required('VersionId');
  const versions = versionsOf(p);
  const i = versions.findIndex((v) => v.VersionId === id);
  if (i < 0) throw ramErrors.versionNotFound(id);
  if (id === p.DefaultVersion) throw ramErrors.defaultVersion();
  versions.splice(i, 1);
  return {};
}

/**
 * Fails while non-default versions exist unless CascadingDelete (the RAM model's description;
 * terraform-provider-alicloud retries on DeleteConflict.Policy.Version).
 */
function deletePolicy(call: Call) {
  const st = call.sb.state;
  const p = customPolicy(call);
  if (st.ram.attachments.some((a) => a.PolicyName === p.PolicyName && a.PolicyType === 'Custom')) {
    throw ramErrors.policyAttached();
  }
  if (versionsOf(p).length > 1 && !(call.params.bool('CascadingDelete') ?? false)) {
    throw ramErrors.policyHasVersions(p.PolicyName);
  }
  delete st.ram.policies[p.PolicyName];
  return {};
}

function attachment(call: Call): RamAttachment {
  const st = call.sb.state;
  const r = role(call);
  const type = policyType(call);
  const name = call.params.required('PolicyName');
  if (type === 'Custom' ? !st.ram.policies[name] : !SYSTEM_POLICIES[name]) throw notFound('Policy', name);
  return { RoleName: r.RoleName, PolicyName: name, PolicyType: type, AttachDate: isoNow() };
}

const same = (a: RamAttachment, b: RamAttachment) =>
  a.RoleName === b.RoleName && a.PolicyName === b.PolicyName && a.PolicyType === b.PolicyType;

function attachPolicyToRole(call: Call) {
  const st = call.sb.state;
  const a = attachment(call);
  if (st.ram.attachments.some((x) => same(x, a))) {
    throw ramErrors.alreadyAttached(a.PolicyName);
  }
  st.ram.attachments.push(a);
  return {};
}

function detachPolicyFromRole(call: Call) {
  const st = call.sb.state;
  const a = attachment(call);
  const i = st.ram.attachments.findIndex((x) => same(x, a));
  if (i < 0) throw ramErrors.notAttached(a.PolicyName);
  st.ram.attachments.splice(i, 1);
  return {};
}

function listPoliciesForRole(call: Call) {
  const st = call.sb.state;
  const r = role(call);
  const list = st.ram.attachments
    .filter((a) => a.RoleName === r.RoleName)
    .map((a) => {
      const custom = a.PolicyType === 'Custom' ? st.ram.policies[a.PolicyName] : undefined;
      return {
        PolicyName: a.PolicyName,
        PolicyType: a.PolicyType,
        Description: custom?.Description ?? SYSTEM_POLICIES[a.PolicyName]?.description ?? '',
        DefaultVersion: custom?.DefaultVersion ?? 'v1',
        AttachDate: a.AttachDate,
      };
    });
  return { Policies: { Policy: list } };
}

export const ramActions: Record<string, ActionSpec> = {
  CreateRole: { handler: createRole },
  GetRole: { handler: (call) => ({ Role: roleView(role(call)) }) },
  UpdateRole: { handler: updateRole },
  DeleteRole: { handler: deleteRole },
  ListRoles: { handler: listRoles },
  CreatePolicy: { handler: createPolicy },
  GetPolicy: { handler: getPolicy },
  CreatePolicyVersion: { handler: createPolicyVersion },
  ListPolicyVersions: { handler: listPolicyVersions },
  DeletePolicyVersion: { handler: deletePolicyVersion },
  DeletePolicy: { handler: deletePolicy },
  AttachPolicyToRole: { handler: attachPolicyToRole },
  DetachPolicyFromRole: { handler: detachPolicyFromRole },
  ListPoliciesForRole: { handler: listPoliciesForRole },
};
