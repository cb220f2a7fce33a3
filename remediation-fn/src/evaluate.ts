/**
 * `index.evaluate`: the guardrail's own Config rule (`CUSTOM_FC`, rule form `sg-guard`). Config
 * invokes it with its invoking event (Alibaba's "custom function rule" data structure: `ruleParameters`,
 * `resultToken`, `orderingTimestamp`, `invokingEvent.{messageType, configurationType,
 * configurationItem}`); the group is judged by the same rule module as the editor — IPv6, split
 * world sources, port lists and drop shadowing included — and the verdict goes back through
 * PutEvaluations with the result token, at most 100 results per call.
 *
 * Verdicts: NON_COMPLIANT when a rule exposes a configured port to the world or cannot be verified
 * (a port list that cannot be read: never clean); NOT_APPLICABLE for service-managed groups (as
 * Alibaba's own managed rules report them) and exempt-tagged ones; COMPLIANT otherwise.
 */
import { parsePortList } from '../../server/src/risk';
import { ECS_ACTIONS } from './actions';
import { EcsCaller } from './caller';
import type { ConfigApi } from './clients';
import { SECURITY_GROUP_TYPE, type Evaluation } from './cloud/config-client';
import { isLoopback } from './cloud/endpoints';
import { cloudErrorInfo } from './cloud/errors';
import { withRetry } from './cloud/retry';
import { obj, str, type Wire } from './cloud/wire';
import { credentialsOf, failure, handlerDeps, type FcContext, type HandlerDeps } from './handler-deps';
import { judgeLiveGroup, portListIds, recordedPermissions, recordedTags, resolvePortLists } from './judge';
import { Logger } from './log';
import { groupSkipReason } from './planner';
import { readSettings, SettingsError, type Settings } from './settings';
import type { HandlerResult } from './summary';

export interface EvaluationOutcome {
  ok: boolean;
  evaluations: Evaluation[];
  /** PutEvaluations calls made (each ≤ 100 results). */
  calls: number;
  error?: { code: string; message: string };
}

interface ConfigItem {
  accountId: string;
  regionId: string;
  resourceId: string;
  resourceType: string;
  /** Undefined when the event did not carry it (oversized, or a scheduled run without one). */
  configuration?: Wire;
}

class InvokingEventError extends Error {
  readonly code = 'InvalidEvent';
}

/** JSON given as an object or as a JSON string (both shapes appear in Alibaba's samples and docs). */
function jsonObject(v: unknown, what: string): Wire {
  if (typeof v === 'string') {
    try {
      return obj(JSON.parse(v));
    } catch {
      throw new InvokingEventError(`${what} is not JSON`);
    }
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Wire;
  throw new InvokingEventError(`${what} is missing`);
}

function eventText(event: unknown): string {
  if (typeof event === 'string') return event;
  if (event instanceof Uint8Array) return Buffer.from(event).toString('utf8');
  throw new InvokingEventError('the event must be the bytes of a JSON object');
}

function configItem(invoking: Wire): ConfigItem | undefined {
  const ci = invoking.configurationItem;
  if (ci === undefined || ci === null) return undefined;
  const item = jsonObject(ci, 'invokingEvent.configurationItem');
  const oversize = str(invoking.configurationType).toUpperCase() === 'OVERSIZE';
  let configuration: Wire | undefined;
  if (!oversize && item.configuration !== undefined && item.configuration !== '') {
    configuration = jsonObject(item.configuration, 'configurationItem.configuration');
  }
  const out: ConfigItem = {
    accountId: str(item.accountId ?? invoking.accountId),
    regionId: str(item.regionId),
    resourceId: str(item.resourceId),
    resourceType: str(item.resourceType),
  };
  if (configuration) out.configuration = configuration;
  if (!out.regionId || !out.resourceId)
    throw new InvokingEventError('configurationItem lacks regionId or resourceId');
  return out;
}

/** The rule's ports: its parameter `ports`, else the function's setting. */
function rulePorts(ruleParameters: Wire, settings: Settings): number[] {
  const raw = str(ruleParameters.ports).trim();
  if (raw === '') return settings.ports;
  try {
    return parsePortList(raw);
  } catch (e) {
    throw new SettingsError(`rule parameter ports: ${(e as Error).message}`);
  }
}

const MAX_ANNOTATION = 1000;

function annotation(configuration: string, desired: string): string {
  const text = JSON.stringify({
    configuration,
    desiredValue: desired,
    operator: 'NotIn',
    property: '$.Permissions',
  });
  if (text.length <= MAX_ANNOTATION) return text;
  return JSON.stringify({
    configuration: `${configuration.slice(0, MAX_ANNOTATION - 200)}…`,
    desiredValue: desired,
  });
}

export function createEvaluator(overrides: Partial<HandlerDeps> = {}) {
  const deps = handlerDeps(overrides);
  return async (event: unknown, context?: FcContext): Promise<EvaluationOutcome | HandlerResult> => {
    const creds = credentialsOf(context);
    const log = new Logger(deps.sink, [creds?.accessKeySecret, creds?.securityToken, creds?.accessKeyId], {
      requestId: context?.requestId,
      entry: 'evaluate',
    });
    let settings: Settings;
    let parsed: { token: string; ports: number[]; messageType: string; ordering: number; item?: ConfigItem };
    try {
      settings = readSettings(deps.env);
      if (settings.protocol === 'http' && !isLoopback(settings.configEndpoint)) {
        throw new SettingsError('SG_GUARD_ENDPOINT_PROTOCOL=http needs SG_GUARD_CONFIG_ENDPOINT on loopback');
      }
      const evt = jsonObject(
        JSON.parse(eventText(event)) as unknown,
        'the event (a Config rule invocation: resultToken and invokingEvent)',
      );
      const token = str(evt.resultToken);
      if (!token) throw new InvokingEventError('resultToken is missing: not a Config rule invocation');
      const invoking = jsonObject(evt.invokingEvent, 'invokingEvent');
      const ruleParameters =
        evt.ruleParameters === undefined ? {} : jsonObject(evt.ruleParameters, 'ruleParameters');
      const item = configItem(invoking);
      parsed = {
        token,
        ports: rulePorts(ruleParameters, settings),
        messageType: str(invoking.messageType),
        ordering:
          Number(evt.orderingTimestamp ?? invoking.notificationCreationTimestamp ?? Date.now()) || Date.now(),
        ...(item ? { item } : {}),
      };
    } catch (e) {
      if (e instanceof SettingsError || e instanceof InvokingEventError)
        return failure(log, e.code, e.message);
      if (e instanceof SyntaxError) return failure(log, 'InvalidEvent', 'the event is not valid JSON');
      throw e;
    }
    if (!creds)
      return failure(log, 'MissingCredentials', 'context.credentials is empty: give the function a RAM role');
    const retry = { policy: deps.retry, clock: deps.clock };
    const config: ConfigApi = await deps.config(creds, settings);
    const callers = new Map<string, EcsCaller>();
    const callerFor = async (region: string) => {
      let c = callers.get(region);
      if (!c) {
        // Reading only: the dry-run action set has no write action.
        c = new EcsCaller(await deps.ecs(region, creds, settings), 'dry-run', deps.retry, deps.clock);
        callers.set(region, c);
      }
      return c;
    };

    const judge = async (item: ConfigItem): Promise<Evaluation> => {
      const base = {
        accountId: item.accountId,
        complianceResourceId: item.resourceId,
        complianceResourceType: item.resourceType || SECURITY_GROUP_TYPE,
        complianceRegionId: item.regionId,
        orderingTimestamp: parsed.ordering,
      };
      if (base.complianceResourceType !== SECURITY_GROUP_TYPE) {
        return { ...base, complianceType: 'NOT_APPLICABLE', annotation: 'not a security group' };
      }
      let configuration = item.configuration;
      if (!configuration) {
        const d = await withRetry(() => config.discoveredGroup(item.resourceId, item.regionId), retry);
        if (!d.exists)
          return { ...base, complianceType: 'NOT_APPLICABLE', annotation: 'the group was deleted' };
        configuration = d.configuration;
      }
      const skip = groupSkipReason(
        {
          SecurityGroupId: item.resourceId,
          ServiceManaged: configuration.ServiceManaged === true,
          Tags: recordedTags(configuration),
        },
        settings.exemptTag,
      );
      if (skip)
        return {
          ...base,
          complianceType: 'NOT_APPLICABLE',
          annotation: `${skip}: SG Guard leaves this group alone`,
        };
      const permissions = recordedPermissions(configuration);
      const ecs = await callerFor(item.regionId);
      const lists = await resolvePortLists(
        portListIds(permissions),
        async (id) =>
          (
            await ecs.call(ECS_ACTIONS.portRangeListEntries, { RegionId: item.regionId, PortRangeListId: id })
          ).Entries.map((e) => e.PortRange),
        (e) => cloudErrorInfo(e).code,
      );
      const verdict = judgeLiveGroup(permissions, lists, { ports: parsed.ports });
      const findings = [
        ...verdict.risky.map((r) => `${str(r.permission.SecurityGroupRuleId)} ${r.message}`),
        ...verdict.unverifiable.map(
          (u) => `${str(u.permission.SecurityGroupRuleId)} cannot verify: ${u.reason}`,
        ),
      ];
      if (findings.length === 0) return { ...base, complianceType: 'COMPLIANT' };
      return {
        ...base,
        complianceType: 'NON_COMPLIANT',
        annotation: annotation(
          findings.join('; '),
          `ports ${parsed.ports.join(',')} not open to 0.0.0.0/0 or ::/0`,
        ),
      };
    };

    try {
      const items: ConfigItem[] = parsed.item
        ? [parsed.item]
        : (await withRetry(() => config.discoveredGroups(), retry)).map((g) => ({
            accountId: g.accountId,
            regionId: g.regionId,
            resourceId: g.resourceId,
            resourceType: SECURITY_GROUP_TYPE,
          }));
      const evaluations: Evaluation[] = [];
      for (const item of items) evaluations.push(await judge(item));
      // A scheduled run reports every group: results it did not report again are stale (delete mode).
      const deleteMode = parsed.messageType === 'ScheduledNotification' && !parsed.item;
      const calls = await withRetry(
        () => config.putEvaluations(parsed.token, evaluations, deleteMode),
        retry,
      );
      for (const e of evaluations) {
        log.info('evaluation', {
          resourceId: e.complianceResourceId,
          complianceType: e.complianceType,
          annotation: e.annotation,
        });
      }
      return { ok: true, evaluations, calls };
    } catch (e) {
      const info = cloudErrorInfo(e);
      log.error('evaluation-failed', { code: info.code, message: info.message });
      return {
        ok: false,
        evaluations: [],
        calls: 0,
        error: { code: info.code, message: log.redact(info.message) },
      };
    }
  };
}
