/**
 * The sandbox's own control API for tests (not an Alibaba Cloud API; unauthenticated, and the
 * server only listens on 127.0.0.1):
 *   GET    /__sandbox/health               → {ok}
 *   GET    /__sandbox/faults               → {faults}
 *   POST   /__sandbox/faults               {action, kind: throttle|5xx|latency, count, latencyMs?, status?}
 *   DELETE /__sandbox/faults
 *   GET    /__sandbox/log?action=&product=&since=  → {entries, last}
 *   DELETE /__sandbox/log
 *   POST   /__sandbox/reset                {seed?: demo|empty}
 *   GET    /__sandbox/state                → the whole account state (zips left out)
 *   POST   /__sandbox/idle                 → waits for background work (remediations, async invokes)
 *   GET    /__sandbox/invocations          → recent function invocations with their logs
 *   POST   /__sandbox/role-credentials     {roleName} → temporary credentials of a role (what STS AssumeRole gives)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from './http/router';
import type { Sandbox } from './sandbox';
import { seededState } from './seed';
import type { Fault } from './faults';

function json(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const parsed = JSON.parse(body.toString('utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null) throw new Error('body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export async function handleControl(
  sb: Sandbox,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: Buffer,
): Promise<void> {
  const method = req.method ?? 'GET';
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /__sandbox/health':
        return send(res, 200, { ok: true });
      case 'GET /__sandbox/faults':
        return send(res, 200, { faults: sb.faults.pending() });
      case 'POST /__sandbox/faults':
        sb.faults.add(json(body) as unknown as Fault);
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
        const seed = json(body).seed ?? 'demo';
        if (seed !== 'demo' && seed !== 'empty') throw new Error('seed must be demo or empty');
        await sb.idle();
        sb.replaceState(seededState(seed, sb.state.regions));
        return send(res, 200, { ok: true });
      }
      case 'GET /__sandbox/state': {
        const functions = Object.fromEntries(
          Object.entries(sb.state.fc.functions).map(([k, f]) => [
            k,
            { ...f, zipFile: `<${f.codeSize} bytes>` },
          ]),
        );
        return send(res, 200, { ...sb.state, fc: { functions } });
      }
      case 'POST /__sandbox/idle':
        await sb.idle();
        return send(res, 200, { ok: true });
      case 'GET /__sandbox/invocations':
        return send(res, 200, { invocations: sb.invocations });
      case 'POST /__sandbox/role-credentials': {
        const raw = json(body).roleName;
        const roleName = typeof raw === 'string' ? raw : '';
        const role = sb.state.ram.roles[roleName];
        if (!role) return send(res, 404, { error: `no role named "${roleName}"` });
        const c = sb.sts.issue(role.RoleName, role.Arn, role.MaxSessionDuration);
        return send(res, 200, {
          accessKeyId: c.accessKeyId,
          accessKeySecret: c.accessKeySecret,
          securityToken: c.securityToken,
          expiration: new Date(c.expiresAt).toISOString(),
        });
      }
      default:
        return send(res, 404, { error: `no control route ${route}` });
    }
  } catch (e) {
    send(res, 400, { error: e instanceof Error ? e.message : String(e) });
  }
}
