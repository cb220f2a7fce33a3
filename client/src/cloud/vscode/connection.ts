/**
 * Where the extension connects: settings (`sgGuard.cloud.*`), keys in SecretStorage (never in
 * settings, logs or workspace files), the running sandbox, and the chosen profile.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { workspace, type SecretStorage } from 'vscode';
import type { CredentialSource } from '../core/api/credentials';
import type { SandboxInfo } from '../core/processes';
import type { CloudTarget } from '../core/api/session';
import {
  endpointProblem,
  expandEndpoint,
  isLoopback,
  type Product,
  type Site,
} from '../../../../remediation-fn/src/public';

const SECRET_KEY = 'sgGuard.cloud.accessKey';

export interface CloudSettings {
  /** Sandbox mode: one loopback host:port for every product. */
  endpoint?: string;
  /** Per-product endpoint overrides (`{region}`, `{accountId}` filled in). */
  endpoints: Partial<Record<Product, string>>;
  site: Site | 'auto';
  regions: string[];
  profile: string;
  accountId?: string;
  aggregatorId?: string;
  name: string;
  concurrency: number;
  autoRefreshMinutes: number;
  ports?: number[];
}

export function readSettings(): CloudSettings {
  const c = workspace.getConfiguration('sgGuard.cloud');
  const opt = (k: string) => {
    const v = c.get<string>(k, '').trim();
    return v === '' ? undefined : v;
  };
  const endpoint = opt('endpoint');
  if (endpoint && endpointProblem(endpoint))
    throw new Error(`sgGuard.cloud.endpoint: ${endpointProblem(endpoint)}`);
  // One address for every product only makes sense for a sandbox: real endpoints differ per product.
  if (endpoint && !isLoopback(endpoint)) {
    throw new Error(
      `sgGuard.cloud.endpoint is sandbox mode (one loopback host:port for every product), not "${endpoint}": set sgGuard.cloud.ecsEndpoint, configEndpoint, fcEndpoint or ramEndpoint for other endpoints`,
    );
  }
  const endpoints: Partial<Record<Product, string>> = {};
  for (const product of ['ecs', 'config', 'fc', 'ram'] as const) {
    const v = opt(`${product}Endpoint`);
    if (!v) continue;
    try {
      expandEndpoint(v, { region: 'cn-hangzhou', accountId: '1' });
    } catch (e) {
      throw new Error(`sgGuard.cloud.${product}Endpoint: ${(e as Error).message}`);
    }
    endpoints[product] = v;
  }
  const site = c.get<string>('site', 'auto');
  const ports = workspace.getConfiguration('sgGuard').get<number[]>('ports');
  return {
    endpoint,
    endpoints,
    site: site === 'china' || site === 'international' ? site : 'auto',
    regions: c.get<string[]>('regions', []).filter(Boolean),
    profile: c.get<string>('profile', '') || 'auto',
    accountId: opt('accountId'),
    aggregatorId: opt('aggregatorId'),
    name: opt('name') ?? 'sg-guard',
    concurrency: Math.max(1, Math.min(50, c.get<number>('concurrency', 8))),
    autoRefreshMinutes: Math.max(0, c.get<number>('autoRefreshMinutes', 0)),
    ...(ports && ports.length > 0 ? { ports } : {}),
  };
}

export interface StoredKey {
  accessKeyId: string;
  accessKeySecret: string;
}

export class Connection {
  sandbox: SandboxInfo | undefined;

  constructor(private readonly secrets: SecretStorage) {}

  async storedKey(): Promise<StoredKey | undefined> {
    const raw = await this.secrets.get(SECRET_KEY);
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as StoredKey;
    } catch {
      return undefined;
    }
  }

  storeKey(key: StoredKey): Thenable<void> {
    return this.secrets.store(SECRET_KEY, JSON.stringify(key));
  }

  clearKey(): Thenable<void> {
    return this.secrets.delete(SECRET_KEY);
  }

  /** The credential source by `sgGuard.cloud.profile`: auto | secret | default | cli:NAME | ini:NAME. */
  async source(s: CloudSettings): Promise<CredentialSource | undefined> {
    if (this.sandbox && !s.endpoint) {
      const { accessKeyId, accessKeySecret } = this.sandbox;
      return { kind: 'static', label: 'sandbox', credentials: { accessKeyId, accessKeySecret } };
    }
    const [kind, ...rest] = s.profile.split(':');
    const name = rest.join(':');
    if (kind === 'cli' && name) return { kind: 'cli-profile', profile: name };
    if (kind === 'ini' && name) return { kind: 'ini-profile', profile: name };
    if (kind === 'default') return { kind: 'default' };
    const key = await this.storedKey();
    if (key) return { kind: 'static', label: 'access key (SecretStorage)', credentials: key };
    if (kind === 'secret') return undefined;
    return hasDefaultCredentials() ? { kind: 'default' } : undefined;
  }

  async target(s: CloudSettings): Promise<CloudTarget | undefined> {
    const source = await this.source(s);
    if (!source) return undefined;
    const viaSandbox = this.sandbox && !s.endpoint;
    const sandbox = s.endpoint ?? (viaSandbox ? this.sandbox!.endpoint : undefined);
    const accountId = s.accountId ?? (viaSandbox ? this.sandbox!.accountId : undefined);
    return {
      source,
      ...(sandbox ? { sandbox } : { endpoints: s.endpoints }),
      site: s.site,
      ...(accountId ? { accountId } : {}),
    };
  }

  regions(s: CloudSettings): string[] | undefined {
    if (s.regions.length > 0) return s.regions;
    if (this.sandbox && !s.endpoint) return this.sandbox.regions;
    return undefined;
  }
}

/** Whether the default chain has something to find, without loading the SDK (for the welcome view). */
export function hasDefaultCredentials(env: NodeJS.ProcessEnv = process.env, home = homedir()): boolean {
  return (
    !!env.ALIBABA_CLOUD_ACCESS_KEY_ID ||
    !!env.ALIBABA_CLOUD_CREDENTIALS_URI ||
    !!env.ALIBABA_CLOUD_ECS_METADATA ||
    !!env.ALIBABA_CLOUD_ROLE_ARN ||
    existsSync(join(home, '.aliyun', 'config.json')) ||
    existsSync(join(home, '.alibabacloud', 'credentials'))
  );
}
