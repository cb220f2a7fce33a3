/**
 * An in-memory ECS for unit tests: groups with live permissions, rule-id revocation with the real
 * API's error for unknown ids, authorization, and scripted faults per action.
 */
import type { EcsAction } from '../../remediation-fn/src/actions';
import type {
  AuthorizePermission,
  EcsApi,
  EcsRequests,
  EcsResponses,
  GroupInfo,
} from '../../remediation-fn/src/ecs-api';
import type { LivePermission } from '../../server/src/risk';

export class FakeCloudError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message = code,
  ) {
    super(message);
  }
}

export const throttled = (): FakeCloudError =>
  new FakeCloudError('Throttling.User', 400, 'Request was denied due to user flow control.');
export const unavailable = (): FakeCloudError => new FakeCloudError('ServiceUnavailable', 503);
export const forbidden = (): FakeCloudError =>
  new FakeCloudError('Forbidden.RAM', 403, 'User not authorized to operate on the specified resource.');

export interface FakeGroup {
  info: GroupInfo;
  permissions: LivePermission[];
}

export interface CallRecord {
  action: EcsAction;
  request: unknown;
  error?: string;
}

export class FakeEcs implements EcsApi {
  readonly groups = new Map<string, FakeGroup>();
  readonly calls: CallRecord[] = [];
  /** Errors to throw, in order, for the next calls of an action. */
  readonly faults = new Map<EcsAction, Error[]>();
  /** Page size the fake uses regardless of MaxResults, to exercise NextToken. */
  pageSize = 3;
  /** What revoking an unknown rule id fails with. */
  unknownRuleCode = 'InvalidParam.SecurityGroupRuleId';
  /** Port lists by id: their ranges (DescribePortRangeListEntries). */
  readonly portLists = new Map<string, string[]>();
  private nextId = 1;

  addGroup(
    id: string,
    permissions: Omit<LivePermission, 'SecurityGroupRuleId'>[],
    extra: Partial<GroupInfo> = {},
  ): string[] {
    const perms = permissions.map((p) => ({ ...p, SecurityGroupRuleId: `sgr-${this.nextId++}` }));
    this.groups.set(id, { info: { SecurityGroupId: id, Tags: [], ...extra }, permissions: perms });
    return perms.map((p) => p.SecurityGroupRuleId);
  }

  fail(action: EcsAction, ...errors: Error[]): void {
    this.faults.set(action, [...(this.faults.get(action) ?? []), ...errors]);
  }

  ruleIds(groupId: string): string[] {
    return (this.groups.get(groupId)?.permissions ?? []).map((p) => String(p.SecurityGroupRuleId));
  }

  async call<A extends EcsAction>(action: A, request: EcsRequests[A]): Promise<EcsResponses[A]> {
    await Promise.resolve();
    const fault = this.faults.get(action)?.shift();
    if (fault) {
      this.calls.push({ action, request: structuredClone(request), error: (fault as FakeCloudError).code });
      throw fault;
    }
    this.calls.push({ action, request: structuredClone(request) });
    return this.handle(action, request) as EcsResponses[A];
  }

  private group(id: string): FakeGroup {
    const g = this.groups.get(id);
    if (!g) throw new FakeCloudError('InvalidSecurityGroupId.NotFound', 404);
    return g;
  }

  private handle(action: EcsAction, request: unknown): unknown {
    switch (action) {
      case 'DescribeSecurityGroups': {
        const r = request as EcsRequests['DescribeSecurityGroups'];
        return {
          SecurityGroups: r.SecurityGroupIds.flatMap((id) => {
            const g = this.groups.get(id);
            return g ? [structuredClone(g.info)] : [];
          }),
        };
      }
      case 'DescribeSecurityGroupAttribute': {
        const r = request as EcsRequests['DescribeSecurityGroupAttribute'];
        const all = this.group(r.SecurityGroupId).permissions.filter((p) => p.Direction === r.Direction);
        const start = r.NextToken ? Number(r.NextToken) : 0;
        const page = all.slice(start, start + this.pageSize);
        const next = start + this.pageSize < all.length ? String(start + this.pageSize) : '';
        return { Permissions: structuredClone(page), NextToken: next };
      }
      case 'RevokeSecurityGroup': {
        const r = request as EcsRequests['RevokeSecurityGroup'];
        if (r.SecurityGroupRuleId.length > 100)
          throw new FakeCloudError('InvalidParam.SecurityGroupRuleId.Size', 400);
        const g = this.group(r.SecurityGroupId);
        const ids = new Set(r.SecurityGroupRuleId);
        const known = new Set(g.permissions.map((p) => p.SecurityGroupRuleId));
        // Atomic like the real API: one unknown id fails the whole call.
        if ([...ids].some((id) => !known.has(id))) throw new FakeCloudError(this.unknownRuleCode, 400);
        g.permissions = g.permissions.filter((p) => !ids.has(String(p.SecurityGroupRuleId)));
        return { RequestId: 'req' };
      }
      case 'AuthorizeSecurityGroup': {
        const r = request as EcsRequests['AuthorizeSecurityGroup'];
        const g = this.group(r.SecurityGroupId);
        for (const p of r.Permissions) g.permissions.push(this.fromAuthorize(p));
        return { RequestId: 'req' };
      }
      case 'DescribePortRangeListEntries': {
        const r = request as EcsRequests['DescribePortRangeListEntries'];
        const ranges = this.portLists.get(r.PortRangeListId);
        if (!ranges) throw new FakeCloudError('InvalidPortRangeListId.NotFound', 404);
        return { Entries: ranges.map((PortRange) => ({ PortRange })) };
      }
    }
  }

  private fromAuthorize(p: AuthorizePermission): LivePermission {
    return {
      SecurityGroupRuleId: `sgr-${this.nextId++}`,
      Direction: 'ingress',
      IpProtocol: p.IpProtocol,
      PortRange: p.PortRange,
      SourceCidrIp: p.SourceCidrIp ?? '',
      Ipv6SourceCidrIp: p.Ipv6SourceCidrIp ?? '',
      Policy: 'Accept',
      Priority: p.Priority ?? '1',
      NicType: p.NicType ?? 'intranet',
      Description: p.Description ?? '',
    };
  }
}

/** A live permission with the API's defaults filled in. */
export function perm(fields: Partial<LivePermission>): Omit<LivePermission, 'SecurityGroupRuleId'> {
  return {
    Direction: 'ingress',
    IpProtocol: 'TCP',
    PortRange: '22/22',
    SourceCidrIp: '',
    Ipv6SourceCidrIp: '',
    SourceGroupId: '',
    SourcePrefixListId: '',
    Policy: 'Accept',
    Priority: '1',
    NicType: 'intranet',
    Description: '',
    ...fields,
  };
}
