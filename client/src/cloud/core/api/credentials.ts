/**
 * Where the extension's cloud keys come from: explicit keys (SecretStorage, the sandbox), a named
 * profile of the aliyun CLI (`~/.aliyun/config.json`) or of `~/.alibabacloud/credentials`, or the
 * `@alicloud/credentials` default chain (environment, CLI current profile, credentials file, ECS
 * instance role, credentials URI). The SDK is loaded only when keys are first needed.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export type CredentialSource =
  | { kind: 'static'; label: string; credentials: Credentials }
  | { kind: 'cli-profile'; profile: string }
  | { kind: 'ini-profile'; profile: string }
  | { kind: 'default' };

export interface ProfileChoice {
  source: CredentialSource;
  label: string;
  detail: string;
}

/** Names the source for logs and the tree's account node (never the keys themselves). */
export function describeSource(s: CredentialSource): string {
  switch (s.kind) {
    case 'static':
      return s.label;
    case 'cli-profile':
      return `aliyun CLI profile "${s.profile}"`;
    case 'ini-profile':
      return `~/.alibabacloud/credentials [${s.profile}]`;
    case 'default':
      return 'default credential chain';
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** INI section names of `~/.alibabacloud/credentials`. */
export function iniSections(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (m?.[1]) out.push(m[1].trim());
  }
  return out;
}

/** The profiles a user already has, for the profile picker; `home` is injectable for tests. */
export async function listProfiles(home: string = homedir()): Promise<ProfileChoice[]> {
  const out: ProfileChoice[] = [
    {
      source: { kind: 'default' },
      label: 'Default credential chain',
      detail: 'environment, aliyun CLI, credentials file, ECS role',
    },
  ];
  const cli = await readText(join(home, '.aliyun', 'config.json'));
  if (cli !== undefined) {
    try {
      const conf = JSON.parse(cli) as {
        current?: string;
        profiles?: { name?: string; mode?: string; region_id?: string }[];
      };
      for (const p of conf.profiles ?? []) {
        if (!p.name) continue;
        const current = p.name === conf.current ? ' (current)' : '';
        out.push({
          source: { kind: 'cli-profile', profile: p.name },
          label: `aliyun CLI: ${p.name}${current}`,
          detail: [p.mode, p.region_id].filter(Boolean).join(', '),
        });
      }
    } catch {
      // A broken CLI config is the CLI's business; it simply offers no profiles here.
    }
  }
  const ini = await readText(join(home, '.alibabacloud', 'credentials'));
  for (const section of ini === undefined ? [] : iniSections(ini)) {
    out.push({
      source: { kind: 'ini-profile', profile: section },
      label: `credentials file: ${section}`,
      detail: '~/.alibabacloud/credentials',
    });
  }
  return out;
}

/** The module's default export is the class under bundlers and tsx, `{default: class}` under Node. */
function classOf<T>(mod: { default: unknown }): T {
  const d = mod.default as { default?: unknown };
  return (typeof d === 'function' ? d : d.default) as T;
}

/** Resolves a source to keys now (temporary keys are fetched again on each call). */
export async function resolveCredentials(source: CredentialSource): Promise<Credentials> {
  if (source.kind === 'static') return source.credentials;
  const mod = await import('@alicloud/credentials');
  type CredentialCtor = new (
    config?: unknown,
    provider?: unknown,
  ) => {
    getCredential(): Promise<{ accessKeyId?: string; accessKeySecret?: string; securityToken?: string }>;
  };
  const Credential = classOf<CredentialCtor>(mod);
  let provider: unknown;
  if (source.kind === 'cli-profile') {
    provider = mod.CLIProfileCredentialsProvider.builder().withProfileName(source.profile).build();
  } else if (source.kind === 'ini-profile') {
    provider = mod.ProfileCredentialsProvider.builder().withProfileName(source.profile).build();
  }
  const model = await new Credential(null, provider ?? null).getCredential();
  if (!model.accessKeyId || !model.accessKeySecret) {
    throw new Error(`No access key from the ${describeSource(source)}`);
  }
  return {
    accessKeyId: model.accessKeyId,
    accessKeySecret: model.accessKeySecret,
    ...(model.securityToken ? { securityToken: model.securityToken } : {}),
  };
}
