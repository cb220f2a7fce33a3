/**
 * SG Guard's function package (Function Compute 3.0, Node.js runtime), two entry points:
 * - `index.handler`: the remediation. Cloud Config invokes it with the non-compliant security
 *   groups; it revokes exactly the world-open rules that expose a risky port, as the shared rule
 *   module decides, and returns a JSON summary per group.
 * - `index.evaluate`: the custom Config rule (`CUSTOM_FC`, rule form `sg-guard`): Config's invoking
 *   event in, the same rule module's verdict out through PutEvaluations (evaluate.ts).
 */
import { EcsCaller } from './caller';
import type { Credentials } from './clients';
import { cloudErrorInfo } from './cloud/errors';
import { withRetry } from './cloud/retry';
import { createEvaluator } from './evaluate';
import { EventError, parseEvent, SECURITY_GROUP_TYPE } from './event';
import { credentialsOf, failure, handlerDeps, type FcContext, type HandlerDeps } from './handler-deps';
import { Logger } from './log';
import { remediateGroup } from './remediate';
import { readSettings, SettingsError } from './settings';
import type { Settings } from './settings';
import { emptySummary } from './summary';
import type { GroupSummary, HandlerResult } from './summary';

export type { FcContext, HandlerDeps } from './handler-deps';

async function reevaluate(
  settings: Settings,
  creds: Credentials,
  deps: HandlerDeps,
  log: Logger,
): Promise<HandlerResult['reevaluation']> {
  const configRuleId = settings.configRuleId!;
  try {
    const api = await deps.config(creds, settings);
    await withRetry(() => api.startConfigRuleEvaluation(configRuleId), {
      policy: deps.retry,
      clock: deps.clock,
    });
    log.info('config-rule-reevaluation-started', { configRuleId });
    return { configRuleId, ok: true };
  } catch (e) {
    const info = cloudErrorInfo(e);
    log.warn('config-rule-reevaluation-failed', { configRuleId, code: info.code, message: info.message });
    return { configRuleId, ok: false, code: info.code, message: log.redact(info.message) };
  }
}

/** The function's own account: FC's context.accountId (a string or a number), if given. */
function accountOf(context: FcContext | undefined): string | undefined {
  const a = context?.accountId;
  if (typeof a === 'string' && a.trim() !== '') return a.trim();
  if (typeof a === 'number' && Number.isSafeInteger(a)) return String(a);
  return undefined;
}

export function createHandler(overrides: Partial<HandlerDeps> = {}) {
  const deps = handlerDeps(overrides);
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
    const own = accountOf(context);
    for (const ref of resources) {
      if (ref.resourceType !== SECURITY_GROUP_TYPE) {
        const s = emptySummary(ref, settings.mode);
        s.status = 'skipped';
        s.skipped.push({ scope: 'group', reason: 'unsupported-resource-type' });
        groups.push(s);
        continue;
      }
      if (ref.accountId !== undefined && own !== undefined && ref.accountId !== own) {
        // Its own role cannot act in another account: say so rather than "not found".
        const s = emptySummary(ref, settings.mode);
        s.status = 'skipped';
        s.skipped.push({ scope: 'group', reason: 'other-account' });
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
      result.reevaluation = await reevaluate(settings, creds, deps, log);
    }
    return result;
  };
}

/** The FC entry point of the remediation. */
export const handler = createHandler();

/** The FC entry point of the custom Config rule. */
export const evaluate = createEvaluator();
