/** Shared wiring for the remediation unit tests: a handler over a FakeEcs with a virtual clock. */
import { createHandler } from '../../remediation-fn/src/index';
import type { FcContext } from '../../remediation-fn/src/index';
import type { Clock } from '../../remediation-fn/src/public';
import { FUNCTION_RETRY } from '../../remediation-fn/src/public';
import type { ConfigApi } from '../../remediation-fn/src/clients';
import type { HandlerResult } from '../../remediation-fn/src/summary';
import { FakeEcs, perm } from './fake-ecs';

export const CREDS = {
  accessKeyId: 'STS.FakeAccessKeyId0001',
  accessKeySecret: 'fake-secret-ABCDEFGH123456',
  securityToken: 'fake-security-token-XYZ987654321',
};

export const CONTEXT: FcContext = { requestId: 'req-1', credentials: CREDS };

/** Time only moves when the code sleeps; the jitter source is fixed. */
export class VirtualClock implements Clock {
  time = 0;
  slept: number[] = [];
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.slept.push(ms);
    this.time += ms;
    await Promise.resolve();
  }
  random(): number {
    return 0.5;
  }
}

export interface Harness {
  ecs: FakeEcs;
  clock: VirtualClock;
  logs: string[];
  reevaluated: string[];
  run(event: unknown, context?: FcContext): Promise<HandlerResult>;
}

export function harness(
  env: Record<string, string> = {},
  ecs = new FakeEcs(),
  configApi: Partial<ConfigApi> = {},
): Harness {
  const clock = new VirtualClock();
  const logs: string[] = [];
  const reevaluated: string[] = [];
  const config: ConfigApi = {
    startConfigRuleEvaluation: async (id) => {
      await Promise.resolve();
      reevaluated.push(id);
    },
    putEvaluations: () => Promise.reject(new Error('not used by the remediation')),
    discoveredGroup: () => Promise.reject(new Error('not used by the remediation')),
    discoveredGroups: () => Promise.reject(new Error('not used by the remediation')),
    ...configApi,
  };
  const handler = createHandler({
    env,
    ecs: async () => {
      await Promise.resolve();
      return ecs;
    },
    config: async () => {
      await Promise.resolve();
      return config;
    },
    sink: (line) => logs.push(line),
    clock,
    retry: FUNCTION_RETRY,
  });
  return { ecs, clock, logs, reevaluated, run: (event, context = CONTEXT) => handler(event, context) };
}

export function eventFor(...groupIds: string[]): Buffer {
  return Buffer.from(
    JSON.stringify(
      groupIds.map((id) => ({
        regionId: 'cn-hangzhou',
        accountId: '1234567890',
        resourceId: id,
        resourceType: 'ACS::ECS::SecurityGroup',
      })),
    ),
  );
}

export const mutatingCalls = (ecs: FakeEcs): string[] =>
  ecs.calls.filter((c) => !c.action.startsWith('Describe')).map((c) => c.action);

/** The brief's mixed group; returns the ids of the rules that must go and of those that must stay. */
export function mixedGroup(ecs: FakeEcs, id = 'sg-mixed'): { risky: string[]; safe: string[] } {
  const ids = ecs.addGroup(id, [
    perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '22/22' }),
    perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '3389/3389', Policy: 'Drop' }),
    perm({ SourceCidrIp: '0.0.0.0/0', PortRange: '443/443' }),
    perm({ SourceCidrIp: '203.0.113.0/24', PortRange: '22/22' }),
    perm({ Direction: 'egress', SourceCidrIp: '0.0.0.0/0', PortRange: '22/22' }),
    perm({ Ipv6SourceCidrIp: '::/0', PortRange: '3389/3389' }),
    perm({ SourceCidrIp: '0.0.0.0/0', IpProtocol: 'ALL', PortRange: '-1/-1' }),
  ]);
  const at = (i: number): string => ids[i]!;
  return { risky: [at(0), at(5), at(6)], safe: [at(1), at(2), at(3), at(4)] };
}
