/**
 * The sandbox's own control API for tests (not an Alibaba Cloud API). Every route but health needs
 * the per-run token (`x-sandbox-token`, printed in the start-up JSON line); bodies are JSON sent as
 * `application/json` (a page cannot send that cross-origin without a preflight, which is refused);
 * no answer holds the account's secret or the token.
 *   GET    /__sandbox/health               → {ok} (no token needed); with it also {isolation, persistence?}
 *   GET    /__sandbox/faults               → {faults}
 *   POST   /__sandbox/faults               {action, kind: throttle|5xx|latency, count, latencyMs?, status?}
 *   DELETE /__sandbox/faults
 *   GET    /__sandbox/log?action=&product=&since=  → {entries, last}
 *   DELETE /__sandbox/log
 *   POST   /__sandbox/reset                {seed?: demo|empty} (the account keeps its keys)
 *   GET    /__sandbox/state                → the account state without its secret (zips left out)
 *   POST   /__sandbox/idle                 → waits for background work (remediations, async invokes)
 *   GET    /__sandbox/invocations          → recent function invocations with their logs
 *   POST   /__sandbox/role-credentials     {roleName} → temporary credentials of a role (what STS AssumeRole gives)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLarge, bodyLimit, readBody } from './http/body';
import { hasToken } from './http/guard';
import { send } from './http/respond';
import { SaveFailed } from './persistence';
import type { Sandbox } from './sandbox';
import { seededState } from './seed';
import type { Fault } from './faults';

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const { body } = await readBody(req, bodyLimit('control', '', req.headers));
  if (body.length === 0) return {};
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/json'))
    throw new ControlError(415, 'the body must be sent as application/json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ControlError(400, 'the body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ControlError(400, 'the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export async function handleControl(
  sb: Sandbox,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  token: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  try {
    const authorized = hasToken(req, token);
    // Health answers anyone who may reach the sandbox at all (a liveness probe); details need the token.
    if (route === 'GET /__sandbox/health')
      return send(res, 200, { ok: true, ...(authorized ? sb.status() : {}) });
    if (!authorized)
      throw new ControlError(401, 'the control API needs the x-sandbox-token header the sandbox printed');
    switch (route) {
      case 'GET /__sandbox/faults':
        return send(res, 200, { faults: sb.faults.pending() });
      case 'POST /__sandbox/faults':
        sb.faults.add((await jsonBody(req)) as unknown as Fault);
        return send(res, 200, { faults: sb.faults.pending() });
      case 'DELETE /__sandbox/faults':
        sb.faults.clear();
        return send(res, 200, { faults: [] });
      case 'GET /__sandbox/log': {
        const since = query.get('since');
        const entries = sb.log.list({
          action: query.get('action') ?? undefined,
          product: query.get('product') ?? undefined,
          since: since === null ? undefined : Number(since),
        });
        return send(res, 200, { entries, last: sb.log.last() });
      }
      case 'DELETE /__sandbox/log':
        sb.log.clear();
        return send(res, 200, { entries: [] });
      case 'POST /__sandbox/reset': {
        const seed = (await jsonBody(req)).seed ?? 'demo';
        if (seed !== 'demo' && seed !== 'empty') throw new ControlError(400, 'seed must be demo or empty');
        await sb.idle();
        const { accessKeyId, accessKeySecret } = sb.state;
        await sb.replaceState({ ...seededState(seed, sb.state.regions), accessKeyId, accessKeySecret });
        return send(res, 200, { ok: true });
      }
      case 'GET /__sandbox/state': {
        const { accessKeySecret: _secret, ...rest } = sb.state;
        const functions = Object.fromEntries(
          Object.entries(sb.state.fc.functions).map(([k, f]) => [
            k,
            { ...f, zipFile: `<${f.codeSize} bytes>` },
          ]),
        );
        return send(res, 200, { ...rest, fc: { functions } });
      }
      case 'POST /__sandbox/idle':
        await sb.idle();
        return send(res, 200, { ok: true });
      case 'GET /__sandbox/invocations':
        return send(res, 200, { invocations: sb.invocations });
      case 'POST /__sandbox/role-credentials': {
        const raw = (await jsonBody(req)).roleName;
        const roleName = typeof raw === 'string' ? raw : '';
        const role = sb.state.ram.roles[roleName];
        if (!role) throw new ControlError(404, `no role named "${roleName}"`);
        const c = sb.sts.issue(role.RoleName, role.Arn, role.MaxSessionDuration);
        return send(res, 200, {
          accessKeyId: c.accessKeyId,
          accessKeySecret: c.accessKeySecret,
          securityToken: c.securityToken,
          expiration: new Date(c.expiresAt).toISOString(),
        });
      }
      default:
        throw new ControlError(404, `no control route ${route}`);
    }
  } catch (e) {
    const status =
      e instanceof ControlError
        ? e.status
        : e instanceof BodyTooLarge
          ? 413
          : e instanceof SaveFailed
            ? 503
            : 400;
    const close: Record<string, string> = req.complete ? {} : { connection: 'close' };
    send(res, status, { error: e instanceof Error ? e.message : String(e) }, close);
  }
}
