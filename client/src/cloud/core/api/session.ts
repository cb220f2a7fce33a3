/**
 * One connection to an account: credentials, endpoint overrides, and the official SDK clients,
 * created on first use. Nothing here is loaded at activation: each SDK costs ~2 s to require.
 */
import { resolveCredentials, type CredentialSource, type Credentials } from './credentials';

export const DEFAULT_CONFIG_ENDPOINT = 'config.cn-shanghai.aliyuncs.com';
const READ_TIMEOUT_MS = 20000;
const CONNECT_TIMEOUT_MS = 5000;

export interface CloudTarget {
  source: CredentialSource;
  /** host[:port] that every product is sent to (the sandbox, VPC endpoints); undefined = public endpoints. */
  endpoint?: string;
  /** Cloud Config's endpoint when `endpoint` is not set (one region per site). */
  configEndpoint?: string;
  /** Known for the sandbox; otherwise read from the RAM role ARN when deploying. */
  accountId?: string;
}

/** The host part of host[:port], without IPv6 brackets. */
export function hostOf(hostPort: string): string {
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']'));
  return hostPort.replace(/:\d+$/, '');
}

export function isLoopback(hostPort: string): boolean {
  const h = hostOf(hostPort).toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** Checks an endpoint setting: host[:port], no scheme, no path. Returns a message when invalid. */
export function endpointProblem(value: string): string | undefined {
  if (!/^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::\d{1,5})?$/.test(value)) {
    return `"${value}" is not host[:port] (no scheme, no path), e.g. 127.0.0.1:8080 or ecs-vpc.cn-hangzhou.aliyuncs.com`;
  }
  return undefined;
}

type Ctor<T> = new (config: unknown) => T;
/** The SDKs' default export is the class under bundlers and tsx, `{default: class}` under Node. */
function classOf<T>(mod: { default: unknown }): Ctor<T> {
  const d = mod.default as { default?: unknown };
  return (typeof d === 'function' ? d : d.default) as Ctor<T>;
}

export type EcsSdk = typeof import('@alicloud/ecs20140526');
export type EcsClient = InstanceType<EcsSdk['default']>;
export type FcSdk = typeof import('@alicloud/fc20230330');
export type FcClient = InstanceType<FcSdk['default']>;
export type RamSdk = typeof import('@alicloud/ram20150501');
export type RamClient = InstanceType<RamSdk['default']>;
export type OpenApiCore = typeof import('@alicloud/openapi-core');

/**
 * The SDKs' CommonJS interop makes `import()`'s inferred type differ from `typeof import()` in ways
 * the compiler and the linter see differently; one explicit widening keeps both honest.
 */
export function typedImport<T>(p: Promise<unknown>): Promise<T> {
  return p as Promise<T>;
}
export type OpenApiClient = InstanceType<OpenApiCore['default']>;

export class CloudSession {
  private creds: Promise<Credentials> | undefined;
  private readonly clients = new Map<string, Promise<unknown>>();

  constructor(readonly target: CloudTarget) {}

  /** HTTP only towards this machine (the sandbox): signed requests and tokens stay off the wire. */
  get protocol(): 'HTTP' | 'HTTPS' {
    return this.target.endpoint !== undefined && isLoopback(this.target.endpoint) ? 'HTTP' : 'HTTPS';
  }

  credentials(): Promise<Credentials> {
    this.creds ??= resolveCredentials(this.target.source).catch((e: unknown) => {
      this.creds = undefined;
      throw e;
    });
    return this.creds;
  }

  private async config(regionId: string, endpoint: string | undefined): Promise<unknown> {
    const core = await import('@alicloud/openapi-core');
    const c = await this.credentials();
    return new core.$OpenApiUtil.Config({
      accessKeyId: c.accessKeyId,
      accessKeySecret: c.accessKeySecret,
      securityToken: c.securityToken,
      regionId,
      endpoint: this.target.endpoint ?? endpoint,
      protocol: this.protocol,
      readTimeout: READ_TIMEOUT_MS,
      connectTimeout: CONNECT_TIMEOUT_MS,
    });
  }

  private cached<T>(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.clients.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      this.clients.set(key, p);
      p.catch(() => this.clients.delete(key));
    }
    return p;
  }

  ecsSdk(): Promise<EcsSdk> {
    return typedImport<EcsSdk>(import('@alicloud/ecs20140526'));
  }

  /** ECS in a region; the SDK picks the regional endpoint unless one is set. */
  ecs(regionId: string): Promise<EcsClient> {
    return this.cached(`ecs:${regionId}`, async () => {
      const sdk = await this.ecsSdk();
      return new (classOf<EcsClient>(sdk))(await this.config(regionId, undefined));
    });
  }

  ramSdk(): Promise<RamSdk> {
    return typedImport<RamSdk>(import('@alicloud/ram20150501'));
  }

  ram(): Promise<RamClient> {
    return this.cached('ram', async () => {
      const sdk = await this.ramSdk();
      return new (classOf<RamClient>(sdk))(await this.config('cn-hangzhou', 'ram.aliyuncs.com'));
    });
  }

  fcSdk(): Promise<FcSdk> {
    return typedImport<FcSdk>(import('@alicloud/fc20230330'));
  }

  /** FC 3.0 has no regional default in the SDK: `<account>.<region>.fc.aliyuncs.com`. */
  fc(regionId: string, accountId: string): Promise<FcClient> {
    return this.cached(`fc:${regionId}`, async () => {
      const sdk = await this.fcSdk();
      return new (classOf<FcClient>(sdk))(
        await this.config(regionId, `${accountId}.${regionId}.fc.aliyuncs.com`),
      );
    });
  }

  /** A generic openapi-core client for Cloud Config (its SDK does not install; see config-client.ts). */
  openApi(): Promise<{ core: OpenApiCore; client: OpenApiClient }> {
    return this.cached('config', async () => {
      const core = await typedImport<OpenApiCore>(import('@alicloud/openapi-core'));
      const endpoint = this.target.configEndpoint ?? DEFAULT_CONFIG_ENDPOINT;
      const client = new (classOf<OpenApiClient>(core))(await this.config('cn-shanghai', endpoint));
      return { core, client };
    });
  }
}
