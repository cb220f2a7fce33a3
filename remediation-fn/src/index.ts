/**
 * SG Guard remediation function (Function Compute 3.0, Node.js runtime): Cloud Config invokes it
 * with the non-compliant security groups; it revokes exactly the world-open rules that expose a
 * risky port, as the shared rule module decides, and returns a JSON summary per group.
 * Entry point: `index.handler`.
 */
import { EcsCaller } from './caller';
import type { EcsApi } from './ecs-api';
import { cloudErrorInfo } from './ecs-api';
import { EventError, parseEvent, SECURITY_GROUP_TYPE } from './event';
import { Logger, stdoutSink } from './log';
import type { LogSink } from './log';
import { remediateGroup } from './remediate';
import { DEFAULT_RETRY, realClock, withRetry } from './retry';
import type { Clock, RetryPolicy } from './retry';
import { sdkConfig, sdkEcs } from './sdk';
import type { ConfigApi, Credentials } from './sdk';
import { readSettings, SettingsError } from './settings';
import type { Settings } from './settings';
import { emptySummary } from './summary';
import type { GroupSummary, HandlerResult } from './summary';

export interface FcContext {
  credentials?: Partial<Credentials> | null;
  requestId?: string;
  [k: string]: unknown;
}

export interface HandlerDeps {
  env: Record<string, string | undefined>;
  ecs: (regionId: string, creds: Credentials, settings: Settings) => Promise<EcsApi>;
  config: (regionId: string, creds: Credentials, settings: Settings) => Promise<ConfigApi>;
  sink: LogSink;
  clock: Clock;
  retry: RetryPolicy;
}

function credentialsOf(context: FcContext | undefined): Credentials | undefined {
  const c = context?.credentials;
  if (!c || typeof c.accessKeyId !== 'string' || typeof c.accessKeySecret !== 'string') return undefined;
  if (c.accessKeyId === '' || c.accessKeySecret === '') return undefined;
  const out: Credentials = { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret };
  if (typeof c.securityToken === 'string' && c.securityToken !== '') out.securityToken = c.securityToken;
  return out;
}

function failure(log: Logger, code: string, message: string): HandlerResult {
  log.error('invocation-rejected', { code, message });
  return { ok: false, groups: [], error: { code, message } };
}

async function reevaluate(
  settings: Settings,
  regionId: string,
  creds: Credentials,
  deps: HandlerDeps,
  log: Logger,
): Promise<HandlerResult['reevaluation']> {
  const configRuleId = settings.configRuleId!;
  try {
    const api = await deps.config(regionId, creds, settings);
    await withRetry(() => api.startConfigRuleEvaluation(configRuleId), deps.retry, deps.clock);
    log.info('config-rule-reevaluation-started', { configRuleId });
    return { configRuleId, ok: true };
  } catch (e) {
    const info = cloudErrorInfo(e);
    log.warn('config-rule-reevaluation-failed', { configRuleId, code: info.code, message: info.message });
    return { configRuleId, ok: false, code: info.code, message: log.redact(info.message) };
  }
}

export function createHandler(overrides: Partial<HandlerDeps> = {}) {
  const deps: HandlerDeps = {
    env: process.env,
    ecs: sdkEcs,
    config: sdkConfig,
    sink: stdoutSink,
    clock: realClock,
    retry: DEFAULT_RETRY,
    ...overrides,
  };
  return async (event: unknown, context?: FcContext): Promise<HandlerResult> => {
    const creds = credentialsOf(context);
    const log = new Logger(deps.sink, [creds?.accessKeySecret, creds?.securityToken, creds?.accessKeyId], {
      requestId: context?.requestId,
    });
    let settings: Settings;
    let resources;
    try {
      settings = readSettings(deps.env);
      resources = parseEvent(event);
    } catch (e) {
      if (e instanceof SettingsError || e instanceof EventError) return failure(log, e.code, e.message);
      throw e;
    }
    if (!creds) {
      return failure(log, 'MissingCredentials', 'context.credentials is empty: give the function a RAM role');
    }
    const callers = new Map<string, EcsCaller>();
    const groups: GroupSummary[] = [];
    for (const ref of resources) {
      if (ref.resourceType !== SECURITY_GROUP_TYPE) {
        const s = emptySummary(ref, settings.mode);
        s.status = 'skipped';
        s.skipped.push({ scope: 'group', reason: 'unsupported-resource-type' });
        groups.push(s);
        continue;
      }
      let caller = callers.get(ref.regionId);
      if (!caller) {
        caller = new EcsCaller(
          await deps.ecs(ref.regionId, creds, settings),
          settings.mode,
          deps.retry,
          deps.clock,
        );
        callers.set(ref.regionId, caller);
      }
      groups.push(await remediateGroup(ref, caller, settings, log));
    }
    const result: HandlerResult = {
      ok: groups.every((g) => g.failed.length === 0),
      mode: settings.mode,
      groups,
    };
    const changed = groups.find((g) => g.revoked.length + g.narrowed.length > 0);
    if (changed && settings.configRuleId !== undefined) {
      result.reevaluation = await reevaluate(settings, changed.regionId, creds, deps, log);
    }
    return result;
  };
}

/** The FC entry point. */
export const handler = createHandler();
