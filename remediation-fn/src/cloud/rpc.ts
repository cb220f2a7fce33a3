/**
 * RPC calls (ECS, Cloud Config) through `@alicloud/openapi-core`'s `callApi`, exactly as the
 * generated SDK clients make them: POST `/`, parameters in the query or a form body (per operation,
 * as contract/alibaba-cloud.json records), JSON answers. The function uses this instead of the 5 MB
 * ECS SDK; the Config SDK does not install at all. openapi-core is loaded on first use.
 */
import { obj, type Wire } from './wire';

export type OpenApiCore = typeof import('@alicloud/openapi-core');
export type OpenApiClient = InstanceType<OpenApiCore['default']>;

/** An openapi-core client for one endpoint, with the module it came from. */
export interface RpcConnection {
  core: OpenApiCore;
  client: OpenApiClient;
}

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface ConnectionOptions {
  regionId: string;
  endpoint: string;
  protocol: 'HTTP' | 'HTTPS';
  readTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/**
 * The SDKs are CommonJS with `exports.default = Client`: Node's loader hands back the exports object
 * as `default` (so the class is `default.default`), bundlers and tsx hand back the class itself.
 */
export function classOf<T>(mod: { default: unknown }): new (config: unknown) => T {
  const d = mod.default as { default?: unknown };
  return (typeof d === 'function' ? d : d.default) as new (config: unknown) => T;
}

/**
 * The SDKs' CommonJS interop makes `import()`'s inferred type differ from `typeof import()` in ways
 * the compiler and the linter see differently; one explicit widening keeps both honest.
 */
export function typedImport<T>(p: Promise<unknown>): Promise<T> {
  return p as Promise<T>;
}

export async function rpcConnection(creds: Credentials, opts: ConnectionOptions): Promise<RpcConnection> {
  const core = await typedImport<OpenApiCore>(import('@alicloud/openapi-core'));
  const config = new core.$OpenApiUtil.Config({
    accessKeyId: creds.accessKeyId,
    accessKeySecret: creds.accessKeySecret,
    securityToken: creds.securityToken,
    regionId: opts.regionId,
    endpoint: opts.endpoint,
    protocol: opts.protocol,
    readTimeout: opts.readTimeoutMs ?? 20000,
    connectTimeout: opts.connectTimeoutMs ?? 5000,
  });
  return { core, client: new (classOf<OpenApiClient>(core))(config) };
}

/** A parameter value: scalars, lists (`Key.N`) and objects (`Key.Field`), flattened as the SDKs do. */
export type RpcValue = string | number | boolean | undefined | RpcValue[] | { [k: string]: RpcValue };
export type RpcParams = Record<string, RpcValue>;

function defined(p: RpcParams | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p ?? {})) if (v !== undefined) out[k] = v;
  return out;
}

/** One RPC call; `undefined` values are left out. Returns the answer's JSON body. */
export async function callRpc(
  conn: RpcConnection,
  version: string,
  action: string,
  params: { query?: RpcParams; body?: RpcParams },
): Promise<Wire> {
  const { $OpenApiUtil, OpenApiUtil } = conn.core;
  const { RuntimeOptions } = await typedImport<typeof import('@darabonba/typescript')>(
    import('@darabonba/typescript'),
  );
  const body = defined(params.body);
  const res = await conn.client.callApi(
    new $OpenApiUtil.Params({
      action,
      version,
      protocol: 'HTTPS',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    }),
    new $OpenApiUtil.OpenApiRequest({
      query: OpenApiUtil.query(defined(params.query)),
      ...(Object.keys(body).length > 0 ? { body: OpenApiUtil.parseToMap(body) } : {}),
    }),
    new RuntimeOptions({}),
  );
  return obj(obj(res).body);
}
