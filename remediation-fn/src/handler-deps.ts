/**
 * What both entry points (`handler`, `evaluate`) are built from: the FC context's credentials, the
 * injectable clients, clock and retry policy (tests pass fakes), and the early-failure answer.
 */
import { rpcConfig, rpcEcs } from './clients';
import type { ConfigApi, Credentials } from './clients';
import { FUNCTION_RETRY, realClock } from './cloud/retry';
import type { Clock, RetryPolicy } from './cloud/retry';
import type { EcsApi } from './ecs-api';
import { stdoutSink } from './log';
import type { Logger, LogSink } from './log';
import type { Settings } from './settings';
import type { HandlerResult } from './summary';

export interface FcContext {
  credentials?: Partial<Credentials> | null;
  requestId?: string;
  [k: string]: unknown;
}

export interface HandlerDeps {
  env: Record<string, string | undefined>;
  ecs: (regionId: string, creds: Credentials, settings: Settings) => Promise<EcsApi>;
  /** Cloud Config at the settings' endpoint (its site's one region). */
  config: (creds: Credentials, settings: Settings) => Promise<ConfigApi>;
  sink: LogSink;
  clock: Clock;
  retry: RetryPolicy;
}

export function credentialsOf(context: FcContext | undefined): Credentials | undefined {
  const c = context?.credentials;
  if (!c || typeof c.accessKeyId !== 'string' || typeof c.accessKeySecret !== 'string') return undefined;
  if (c.accessKeyId === '' || c.accessKeySecret === '') return undefined;
  const out: Credentials = { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret };
  if (typeof c.securityToken === 'string' && c.securityToken !== '') out.securityToken = c.securityToken;
  return out;
}

export function failure(log: Logger, code: string, message: string): HandlerResult {
  log.error('invocation-rejected', { code, message });
  return { ok: false, groups: [], error: { code, message } };
}

export function handlerDeps(overrides: Partial<HandlerDeps> = {}): HandlerDeps {
  return {
    env: process.env,
    ecs: rpcEcs,
    config: rpcConfig,
    sink: stdoutSink,
    clock: realClock,
    retry: FUNCTION_RETRY,
    ...overrides,
  };
}
