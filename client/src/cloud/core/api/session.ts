/**
 * One connection to an account: credentials, where each product's API is, and the official SDK
 * clients, created on first use. Nothing here is loaded at activation: each SDK costs ~2 s to require.
 *
 * Endpoints are per product and region (remediation-fn/src/cloud/endpoints.ts): ECS regional, RAM
 * central, FC `<account>.<region>.fc.aliyuncs.com`, Config at its site's one region. A setting per
 * product may override one (a VPC endpoint, `{region}`/`{accountId}` filled in). `sandbox` sends
 * every product to one loopback endpoint: the only case where one address serves them all.
 */
import {
  callRpc,
  classOf,
  CONFIG_SITES,
  defaultEndpoint,
  expandEndpoint,
  isLoopback,
  protocolFor,
  rpcConnection,
  typedImport,
  type Product,
  type RpcConnection,
  type Site,
} from '../../../../../remediation-fn/src/public';
import { resolveCredentials, type CredentialSource, type Credentials } from './credentials';

const READ_TIMEOUT_MS = 20000;
const CONNECT_TIMEOUT_MS = 5000;

export interface CloudTarget {
  source: CredentialSource;
  /** A sandbox's loopback host:port that serves every product (sandbox mode). */
  sandbox?: string;
  /** Per-product overrides (`ecs-vpc.{region}.aliyuncs.com`); empty: the public defaults. */
  endpoints?: Partial<Record<Product, string>>;
  /** The account's site (where Config is); `auto` finds out on first use. Default auto. */
  site?: Site | 'auto';
  /** Known for the sandbox; otherwise read from the RAM role ARN when deploying. */
  accountId?: string;
}

export type EcsSdk = typeof import('@alicloud/ecs20140526');
export type EcsClient = InstanceType<EcsSdk['default']>;
export type FcSdk = typeof import('@alicloud/fc20230330');
export type FcClient = InstanceType<FcSdk['default']>;
export type RamSdk = typeof import('@alicloud/ram20150501');
export type RamClient = InstanceType<RamSdk['default']>;
export { typedImport };

export class CloudSession {
  private creds: Promise<Credentials> | undefined;
  private site: Promise<Site> | undefined;
  private readonly clients = new Map<string, Promise<unknown>>();

  constructor(
    readonly target: CloudTarget,
    /** How `auto` finds the site: tries Config on each and keeps the one that answers. */
    private readonly probeSite: (session: CloudSession) => Promise<Site> = probeConfigSite,
  ) {
    if (target.sandbox !== undefined && !isLoopback(target.sandbox)) {
      throw new Error(
        `sandbox mode sends every product to one address, which must be loopback (not ${target.sandbox})`,
      );
    }
  }

  credentials(): Promise<Credentials> {
    this.creds ??= resolveCredentials(this.target.source).catch((e: unknown) => {
      this.creds = undefined;
      throw e;
    });
    return this.creds;
  }

  /** The account's site: the setting, else found out once (sandbox: china). */
  accountSite(): Promise<Site> {
    const s = this.target.site ?? 'auto';
    if (s !== 'auto') return Promise.resolve(s);
    if (this.target.sandbox !== undefined) return Promise.resolve('china');
    this.site ??= this.probeSite(this).catch((e: unknown) => {
      this.site = undefined;
      throw e;
    });
    return this.site;
  }

  /** Where `product` is for `region`; FC needs the account id (the target's when not given). */
  async endpoint(
    product: Product,
    region: string,
    opts: { site?: Site; accountId?: string } = {},
  ): Promise<string> {
    if (this.target.sandbox !== undefined) return this.target.sandbox;
    const accountId = opts.accountId ?? this.target.accountId;
    const override = this.target.endpoints?.[product];
    if (override) return expandEndpoint(override, { region, ...(accountId ? { accountId } : {}) });
    const s = opts.site ?? (product === 'config' ? await this.accountSite() : 'china');
    return defaultEndpoint(product, { region, site: s, ...(accountId ? { accountId } : {}) });
  }

  private async config(regionId: string, endpoint: string): Promise<unknown> {
    const core = await import('@alicloud/openapi-core');
    const c = await this.credentials();
    return new core.$OpenApiUtil.Config({
      accessKeyId: c.accessKeyId,
      accessKeySecret: c.accessKeySecret,
      securityToken: c.securityToken,
      regionId,
      endpoint,
      protocol: protocolFor(endpoint),
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

  /** ECS in a region, at its regional endpoint. */
  ecs(regionId: string): Promise<EcsClient> {
    return this.cached(`ecs:${regionId}`, async () => {
      const sdk = await this.ecsSdk();
      const endpoint = await this.endpoint('ecs', regionId);
      return new (classOf<EcsClient>(sdk))(await this.config(regionId, endpoint));
    });
  }

  ramSdk(): Promise<RamSdk> {
    return typedImport<RamSdk>(import('@alicloud/ram20150501'));
  }

  ram(): Promise<RamClient> {
    return this.cached('ram', async () => {
      const sdk = await this.ramSdk();
      const endpoint = await this.endpoint('ram', 'cn-hangzhou');
      return new (classOf<RamClient>(sdk))(await this.config('cn-hangzhou', endpoint));
    });
  }

  fcSdk(): Promise<FcSdk> {
    return typedImport<FcSdk>(import('@alicloud/fc20230330'));
  }

  /** FC 3.0 has no regional default in the SDK: `<account>.<region>.fc.aliyuncs.com`. */
  fc(regionId: string, accountId: string): Promise<FcClient> {
    return this.cached(`fc:${regionId}`, async () => {
      const sdk = await this.fcSdk();
      const endpoint = await this.endpoint('fc', regionId, { accountId });
      return new (classOf<FcClient>(sdk))(await this.config(regionId, endpoint));
    });
  }

  /**
   * Where the deployed functions send their calls (their SG_GUARD_* environment): the sandbox, or the
   * ECS override (a `{region}` template is passed on: the function fills it in per group) and Config
   * at the account's site.
   */
  async functionEndpoints(): Promise<{ sandbox?: string; ecsEndpoint?: string; configEndpoint: string }> {
    if (this.target.sandbox !== undefined)
      return { sandbox: this.target.sandbox, configEndpoint: this.target.sandbox };
    const site = await this.accountSite();
    const ecs = this.target.endpoints?.ecs;
    return {
      ...(ecs ? { ecsEndpoint: ecs } : {}),
      configEndpoint: await this.endpoint('config', CONFIG_SITES[site].region, { site }),
    };
  }

  /** An openapi-core connection for Cloud Config at the account's site (or the given one). */
  configRpc(site?: Site): Promise<RpcConnection> {
    return this.cached(`config:${site ?? 'account'}`, async () => {
      const s = site ?? (await this.accountSite());
      const endpoint = await this.endpoint('config', CONFIG_SITES[s].region, { site: s });
      return rpcConnection(await this.credentials(), {
        regionId: CONFIG_SITES[s].region,
        endpoint,
        protocol: protocolFor(endpoint),
        readTimeoutMs: READ_TIMEOUT_MS,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
      });
    });
  }
}

/**
 * Finds the account's site by asking Config on both sites for one rule and keeping the one that
 * answers (the China site when both do). How the wrong site refuses an account is (unverified):
 * any error there counts as "not this site"; when both fail, the China site's error is thrown.
 */
export async function probeConfigSite(session: CloudSession): Promise<Site> {
  const tryOn = async (site: Site) => {
    await callRpc(await session.configRpc(site), '2020-09-07', 'ListConfigRules', {
      query: { PageNumber: 1, PageSize: 1 },
    });
    return site;
  };
  const [china, intl] = await Promise.allSettled([tryOn('china'), tryOn('international')]);
  if (china.status === 'fulfilled') return 'china';
  if (intl.status === 'fulfilled') return 'international';
  throw china.reason;
}
