/**
 * The request pipeline every API call goes through: route → authenticate (ACS3 signature, STS
 * token, clock skew, nonce) → RAM authorisation → injected faults → handler → JSON or raw
 * response, logging each call. `/__sandbox/*` goes to the control API instead.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleControl } from '../control';
import { requestId as newRequestId } from '../ids';
import type { Sandbox } from '../sandbox';
import { isRaw, type ActionSpec, type Call, type Identity } from './call';
import { ApiError, errors } from './errors';
import { Params } from './params';
import { FC_VERSION, fcActions, ramActionName, routeFc, RPC_PRODUCTS, type ProductCode } from './products';
import { parseAuthorization, verifySignature } from './signature';

const CLOCK_SKEW_MS = 15 * 60 * 1000;
const MAX_BODY = 64 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY) throw errors.bodyTooLarge(MAX_BODY);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** Remembers recent nonces so a replayed request is refused, as the real gateway does. */
class NonceCache {
  private readonly seen = new Map<string, number>();
  check(nonce: string): void {
    const now = Date.now();
    if (this.seen.size > 20000)
      for (const [k, t] of this.seen) if (t < now - CLOCK_SKEW_MS) this.seen.delete(k);
    if (this.seen.has(nonce)) throw errors.nonceUsed();
    this.seen.set(nonce, now);
  }
}

interface Routed {
  product: ProductCode;
  action: string;
  spec: ActionSpec;
  pathParams: Record<string, string>;
}

function route(method: string, path: string, headers: IncomingMessage['headers'], params: Params): Routed {
  if (path.startsWith(`/${FC_VERSION}/`)) {
    const r = routeFc(method, path);
    if (!r) throw errors.invalidAction(`${method} ${path}`);
    return { product: 'fc', action: r.action, spec: fcActions[r.action]!, pathParams: r.pathParams };
  }
  const version = String(headers['x-acs-version'] ?? params.str('Version') ?? '');
  const action = String(headers['x-acs-action'] ?? params.str('Action') ?? '');
  const product = RPC_PRODUCTS[version];
  if (!product) throw errors.invalidVersion(version);
  const spec = product.actions[action];
  if (!spec) throw errors.invalidAction(action);
  return { product: product.code, action, spec, pathParams: {} };
}

export function createRequestHandler(sb: Sandbox): (req: IncomingMessage, res: ServerResponse) => void {
  const nonces = new NonceCache();

  function authenticate(req: IncomingMessage, body: Buffer): Identity {
    const auth = parseAuthorization(req.headers.authorization);
    const cred = sb.credentialFor(auth.accessKeyId);
    if (!cred) throw errors.accessKeyNotFound();
    verifySignature(
      { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body },
      auth,
      cred.secret,
    );
    if (cred.securityToken !== undefined) {
      const token = req.headers['x-acs-security-token'];
      if (token === undefined || token === '') {
        throw errors.securityTokenMissing();
      }
      if (token !== cred.securityToken) {
        throw errors.securityTokenMismatch();
      }
      if (cred.expired) throw errors.securityTokenExpired();
    }
    const date = Date.parse(String(req.headers['x-acs-date'] ?? ''));
    if (!Number.isFinite(date) || Math.abs(Date.now() - date) > CLOCK_SKEW_MS) {
      throw errors.timestampExpired();
    }
    nonces.check(String(req.headers['x-acs-signature-nonce']));
    return cred.identity;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const requestId = newRequestId();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    let product: ProductCode | 'unknown' = 'unknown';
    let action = '';
    let identity: Identity | undefined;
    let status = 200;
    let code = '';
    try {
      const body = await readBody(req);
      if (path.startsWith('/__sandbox/')) {
        await handleControl(sb, req, res, path, body);
        return;
      }
      const params = Params.fromRequest(url, req.headers['content-type'], body);
      const routed = route(method, path, req.headers, params);
      product = routed.product;
      action = routed.action;
      identity = authenticate(req, body);
      const call: Call = {
        sb,
        requestId,
        identity,
        action,
        params,
        method,
        headers: req.headers,
        body,
        pathParams: routed.pathParams,
      };
      const resource = routed.spec.resource?.(call) ?? `acs:${product}:*:${sb.state.accountId}:*`;
      sb.authorize(identity, ramActionName(routed.product, action), resource);
      await sb.faults.apply(action);
      const result = await routed.spec.handler(call);
      if (!/^(Describe|List|Get)/.test(action)) sb.touch();
      if (isRaw(result)) {
        status = result.status;
        res.writeHead(status, {
          'x-acs-request-id': requestId,
          ...result.headers,
          'content-length': String(result.body.length),
        });
        res.end(result.body);
        return;
      }
      status = routed.spec.status ?? 200;
      const payload = product === 'fc' ? result : { RequestId: requestId, ...result };
      send(res, status, payload, { 'x-acs-request-id': requestId });
    } catch (e) {
      const err = e instanceof ApiError ? e : errors.internal();
      if (!(e instanceof ApiError)) console.error(`sandbox: ${action || path} failed:`, e);
      status = err.status;
      code = err.code;
      send(
        res,
        err.status,
        {
          Code: err.code,
          Message: err.message,
          RequestId: requestId,
          HostId: req.headers.host ?? '',
          ...err.extra.body,
        },
        { 'x-acs-request-id': requestId, ...err.extra.headers },
      );
    } finally {
      if (!path.startsWith('/__sandbox/')) {
        sb.log.add({
          time: new Date(started).toISOString(),
          requestId,
          product,
          action,
          method,
          path,
          caller: identity
            ? identity.kind === 'root'
              ? 'root'
              : `role:${identity.roleName ?? '?'}`
            : 'anonymous',
          accessKeyId: identity?.accessKeyId ?? '',
          status,
          code,
          durationMs: Date.now() - started,
        });
      }
    }
  }

  return (req, res) => {
    void handle(req, res);
  };
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}
