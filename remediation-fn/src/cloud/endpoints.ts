/**
 * Where each product's API lives, per region and site, and the one loopback check: the extension
 * and the function derive the same endpoints, and send plain HTTP only to this machine (a sandbox).
 *
 * Sources (docs/cloud.md, "What was verified against which source"):
 * - ECS: `@alicloud/ecs20140526` client.ts — endpoint rule `regional` (`ecs.<region>.aliyuncs.com`)
 *   with its own `_endpointMap` of exceptions, kept below verbatim and compared with the SDK in tests.
 * - RAM: `@alicloud/ram20150501` — rule `central`: `ram.aliyuncs.com`.
 * - FC 3.0: the SDK has no usable default (`fc.aliyuncs.com`); terraform-provider-alicloud
 *   (connectivity/endpoint.go `%s.fc.aliyuncs.com` + formatEndpointWithAccountID) uses
 *   `<account>.<region>.fc.aliyuncs.com`.
 * - Config: the Config SDK's `_endpointMap` (`cn-shanghai`, `ap-southeast-1`); the provider picks
 *   `config.ap-southeast-1.aliyuncs.com` for international-site accounts
 *   (regularProductEndpointForIntlAccount) and `config.cn-shanghai.aliyuncs.com` otherwise.
 */

export type Product = 'ecs' | 'config' | 'fc' | 'ram';
export const PRODUCTS: readonly Product[] = ['ecs', 'config', 'fc', 'ram'];

/** The account's site: China (aliyun.com) or international (alibabacloud.com). */
export type Site = 'china' | 'international';

/** The ECS SDK's exceptions to `ecs.<region>.aliyuncs.com` (its `_endpointMap`). */
export const ECS_ENDPOINT_EXCEPTIONS: Readonly<Record<string, string>> = {
  'cn-hangzhou': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shanghai-finance-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shenzhen-finance-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-north-2-gov-1': 'ecs.aliyuncs.com',
  'ap-northeast-2-pop': 'ecs.aliyuncs.com',
  'cn-beijing-finance-pop': 'ecs.aliyuncs.com',
  'cn-beijing-gov-1': 'ecs.aliyuncs.com',
  'cn-beijing-nu16-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-edge-1': 'ecs.cn-qingdao-nebula.aliyuncs.com',
  'cn-fujian': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-haidian-cm12-c01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-bj-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-finance': 'ecs.aliyuncs.com',
  'cn-hangzhou-internal-prod-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-internal-test-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-internal-test-2': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-internal-test-3': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-test-306': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hongkong-finance-pop': 'ecs.aliyuncs.com',
  'cn-huhehaote-nebula-1': 'ecs.cn-qingdao-nebula.aliyuncs.com',
  'cn-shanghai-et15-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shanghai-et2-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shanghai-inner': 'ecs.aliyuncs.com',
  'cn-shanghai-internal-test-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shenzhen-inner': 'ecs.aliyuncs.com',
  'cn-shenzhen-st4-d01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shenzhen-su18-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-wuhan': 'ecs.aliyuncs.com',
  'cn-yushanfang': 'ecs.aliyuncs.com',
  'cn-zhangbei': 'ecs.aliyuncs.com',
  'cn-zhangbei-na61-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-zhangjiakou-na62-a01': 'ecs.cn-zhangjiakou.aliyuncs.com',
  'cn-zhengzhou-nebula-1': 'ecs.cn-qingdao-nebula.aliyuncs.com',
  'eu-west-1-oxs': 'ecs.cn-shenzhen-cloudstone.aliyuncs.com',
  'rus-west-1-pop': 'ecs.aliyuncs.com',
};

/** Cloud Config's one API region per site, and its endpoint there. */
export const CONFIG_SITES: Readonly<Record<Site, { region: string; endpoint: string }>> = {
  china: { region: 'cn-shanghai', endpoint: 'config.cn-shanghai.aliyuncs.com' },
  international: { region: 'ap-southeast-1', endpoint: 'config.ap-southeast-1.aliyuncs.com' },
};

export const DEFAULT_CONFIG_ENDPOINT = CONFIG_SITES.china.endpoint;

/** The region to sign Config calls for: the international site's for its endpoint, else China's. */
export function configRegionOf(endpoint: string): string {
  return endpoint === CONFIG_SITES.international.endpoint
    ? CONFIG_SITES.international.region
    : CONFIG_SITES.china.region;
}

export interface EndpointContext {
  region: string;
  site: Site;
  /** Needed for FC only. */
  accountId?: string;
}

/** The public endpoint of a product for a region and site. */
export function defaultEndpoint(product: Product, ctx: EndpointContext): string {
  switch (product) {
    case 'ecs':
      return ECS_ENDPOINT_EXCEPTIONS[ctx.region] ?? `ecs.${ctx.region}.aliyuncs.com`;
    case 'ram':
      return 'ram.aliyuncs.com';
    case 'config':
      return CONFIG_SITES[ctx.site].endpoint;
    case 'fc':
      if (!ctx.accountId) throw new Error('the FC endpoint needs the account id');
      return `${ctx.accountId}.${ctx.region}.fc.aliyuncs.com`;
  }
}

/**
 * A per-product override such as `ecs-vpc.{region}.aliyuncs.com` with `{region}` and `{accountId}`
 * filled in; throws when the result is not host[:port].
 */
export function expandEndpoint(template: string, ctx: Partial<EndpointContext>): string {
  const value = template
    .trim()
    .replace(/\{region\}/g, ctx.region ?? '')
    .replace(/\{accountId\}/g, ctx.accountId ?? '');
  const problem = endpointProblem(value);
  if (problem) throw new Error(problem);
  return value;
}

const HOST_PORT = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::(\d{1,5}))?$/;

/** Checks an endpoint: host[:port], no scheme, no path. A message when invalid. */
export function endpointProblem(value: string): string | undefined {
  const m = HOST_PORT.exec(value);
  if (!m || (m[1] !== undefined && (Number(m[1]) < 1 || Number(m[1]) > 65535))) {
    return `"${value}" is not host[:port] (no scheme, no path), e.g. 127.0.0.1:8080 or ecs-vpc.cn-hangzhou.aliyuncs.com`;
  }
  return undefined;
}

/** The host part of host[:port], without IPv6 brackets. */
export function hostOf(hostPort: string): string {
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']'));
  return hostPort.replace(/:\d+$/, '');
}

/** The one loopback check: `localhost`, `127.x.x.x` and `::1`, with or without a port. */
export function isLoopback(hostOrHostPort: string): boolean {
  const s = hostOrHostPort.trim();
  const bareIpv6 = !s.startsWith('[') && (s.match(/:/g)?.length ?? 0) > 1;
  const h = (bareIpv6 ? s : hostOf(s)).toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** HTTP only towards this machine: signed requests and STS tokens never cross a network in clear. */
export function protocolFor(endpoint: string): 'HTTP' | 'HTTPS' {
  return isLoopback(endpoint) ? 'HTTP' : 'HTTPS';
}
