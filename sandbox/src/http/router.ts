/**
 * The request pipeline every API call goes through: Host/Origin guard → route (from the head
 * only) → authenticate (ACS3 signature over the declared body hash, STS token, clock skew, nonce) →
 * read the body within the route's limit and match its hash → RAM authorisation → injected faults
 * → handler → save (writes are answered only once saved) → JSON or raw response, logging each
 * call. `/__sandbox/*` goes to the control API instead (guarded the same way, plus its token).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleControl } from '../control';
import { fcErrors } from '../fc/errors';
import { requestId as newRequestId } from '../ids';
import { SaveFailed } from '../persistence';
import type { Sandbox } from '../sandbox';
import { BodyTooLarge, bodyLimit, checkDeclaredLength, readBody } from './body';
import { isRaw, type ActionSpec, type Call, type Identity } from './call';
import { ApiError, errors } from './errors';
import { refuseForeign } from './guard';
import { send } from './respond';
import { TrackedParams } from '../contract/checker';
import { Params } from './params';
import { FC_ACTIONS, FC_VERSION, ramActionName, routeFc, RPC_PRODUCTS, type ProductCode } from './products';
import { checkBodyHash, parseAuthorization, verifySignature, type ParsedAuthorization } from './signature';

const CLOCK_SKEW_MS = 15 * 60 * 1000;
const CONTROL_PREFIX = '/__sandbox/';

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

/** Routes from the method, path, headers and query alone (the body is not read yet). */
function route(method: string, path: string, headers: IncomingMessage['headers'], query: Params): Routed {
  if (path.startsWith(`/${FC_VERSION}/`)) {
    let r: ReturnType<typeof routeFc>;
    try {
      r = routeFc(method, path);
    } catch (e) {
      if (e instanceof URIError)
        throw fcErrors.invalidArgument(`the path "${path.slice(0, 200)}" is not valid URL encoding`);
      throw e;
    }
    const spec = r && FC_ACTIONS[r.action];
    if (!r || !spec) throw errors.invalidAction(`${method} ${path}`);
    return { product: 'fc', action: r.action, spec, pathParams: r.pathParams };
  }
  const version = String(headers['x-acs-version'] ?? query.str('Version') ?? '');
  const action = String(headers['x-acs-action'] ?? query.str('Action') ?? '');
  const product = RPC_PRODUCTS[version];
  if (!product) throw errors.invalidVersion(version);
  const spec = product.actions[action];
  if (!spec) throw errors.invalidAction(action);
  return { product: product.code, action, spec, pathParams: {} };
}

export interface RequestHandlerOptions {
  /** The port the server listens on (Host must name it). */
  port: () => number;
  /** The control API's per-run token. */
  controlToken: string;
}

export function createRequestHandler(
  sb: Sandbox,
  opts: RequestHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const nonces = new NonceCache();

  function authenticate(req: IncomingMessage): { identity: Identity; auth: ParsedAuthorization } {
    const auth = parseAuthorization(req.headers.authorization);
    const cred = sb.credentialFor(auth.accessKeyId);
    if (!cred) throw errors.accessKeyNotFound();
    verifySignature(
      { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers },
      auth,
      cred.secret,
    );
    if (cred.securityToken !== undefined) {
      const token = req.headers['x-acs-security-token'];
      if (token === undefined || token === '') throw errors.securityTokenMissing();
      if (token !== cred.securityToken) throw errors.securityTokenMismatch();
      if (cred.expired) throw errors.securityTokenExpired();
    }
    const date = Date.parse(String(req.headers['x-acs-date'] ?? ''));
    if (!Number.isFinite(date) || Math.abs(Date.now() - date) > CLOCK_SKEW_MS)
      throw errors.timestampExpired();
    nonces.check(String(req.headers['x-acs-signature-nonce']));
    return { identity: cred.identity, auth };
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
    let bodyRead = false;
    try {
      const refused = refuseForeign(req, opts.port());
      if (refused) throw new ApiError(refused.status, refused.code, refused.message);
      if (path.startsWith(CONTROL_PREFIX)) {
        await handleControl(sb, req, res, path, opts.controlToken);
        return;
      }
      const routed = route(method, path, req.headers, Params.fromRequest(url, undefined, Buffer.alloc(0)));
      product = routed.product;
      action = routed.action;
      const limit = bodyLimit(product, action, req.headers);
      checkDeclaredLength(req, limit);
      const authenticated = authenticate(req);
      identity = authenticated.identity;
      const { body, sha256 } = await readBody(req, limit);
      bodyRead = true;
      checkBodyHash({ method, url, headers: req.headers }, authenticated.auth.signedHeaders, sha256);
      const params = new TrackedParams(Params.fromRequest(url, req.headers['content-type'], body).values);
      const missing = sb.contract.request(product, action, {
        url,
        headers: req.headers,
        body,
        pathParams: routed.pathParams,
      });
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
      if (!/^(Describe|List|Get)/.test(action)) await sb.persist();
      if (isRaw(result)) {
        sb.contract.response(product, action, params, undefined, missing);
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
      sb.contract.response(product, action, params, payload, missing);
      send(res, status, payload, { 'x-acs-request-id': requestId });
    } catch (e) {
      const err = toApiError(e, product, action || path);
      status = err.status;
      code = err.code;
      // A body nobody read is not read now: the connection closes after the answer.
      const close: Record<string, string> = bodyRead || req.complete ? {} : { connection: 'close' };
      send(
        res,
        err.status,
        {
          Code: err.code,
          Message: err.message,
          RequestId: requestId,
          HostId: typeof req.headers.host === 'string' ? req.headers.host.slice(0, 100) : '',
          ...err.extra.body,
        },
        { 'x-acs-request-id': requestId, ...close, ...err.extra.headers },
      );
    } finally {
      if (!path.startsWith(CONTROL_PREFIX)) {
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

function toApiError(e: unknown, product: ProductCode | 'unknown', what: string): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof BodyTooLarge) {
    return product === 'fc' ? fcErrors.entityTooLarge(e.limit) : errors.bodyTooLarge(e.limit);
  }
  if (e instanceof SaveFailed) return errors.stateNotSaved(e.message);
  console.error(`sandbox: ${what} failed:`, e);
  return errors.internal();
}
