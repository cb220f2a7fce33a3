/**
 * The `sgGuard.*` settings as the server sees them, pulled with workspace/configuration (so a change
 * re-lints without a reload) or sent ahead with `initialize`, one validation for both, and turned
 * into the core's LintOptions.
 */
import { resolve } from 'node:path';
import { DEFAULT_RISKY_PORTS } from '../risk/index';
import type { LintOptions, SeveritySetting } from '../api';
import { layerConfig, type LoadedConfig } from '../config/index';
import { uriToPath } from './paths';

export interface Settings {
  ports: number[];
  trustedCidrs: string[];
  /** Rule id → severity or `off`. */
  severity: Record<string, SeveritySetting>;
  /** Globs (workspace-relative, or absolute) of files and folders not to lint. */
  exclude: string[];
  unverifiedInfo: boolean;
  backgroundScan: boolean;
  /**
   * tfvars files applied to every root module, in order, as `terraform plan -var-file` would (after
   * terraform.tfvars and *.auto.tfvars; later wins). A relative path is looked up in each module's
   * folder; a module without that file simply does not get it.
   */
  varFiles: string[];
  /**
   * Settings the user set to something other than the default: only those override a folder's
   * `.sg-guard.yaml` (a setting left at its default does not).
   */
  explicit?: ReadonlySet<keyof Settings>;
}

export const DEFAULT_SETTINGS: Settings = {
  ports: [22, 3389],
  trustedCidrs: [],
  severity: {},
  exclude: ['**/.terraform/**'],
  unverifiedInfo: true,
  backgroundScan: true,
  varFiles: [],
  explicit: new Set(),
};

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

/** Reads a settings object from the client, keeping defaults for anything missing or malformed. */
export function normaliseSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const ports = Array.isArray(r.ports)
    ? r.ports.map(Number).filter((p) => Number.isInteger(p) && p >= 0 && p <= 65535)
    : DEFAULT_SETTINGS.ports;
  const strings = (v: unknown, d: string[]): string[] =>
    Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : d;
  const severity: Record<string, SeveritySetting> = {};
  if (r.severity && typeof r.severity === 'object') {
    for (const [id, s] of Object.entries(r.severity as Record<string, unknown>)) {
      if (typeof s === 'string' && SEVERITIES.has(s)) severity[id] = s as SeveritySetting;
    }
  }
  const out: Settings = {
    ports,
    trustedCidrs: strings(r.trustedCidrs, DEFAULT_SETTINGS.trustedCidrs).map((s) => s.trim()),
    severity,
    exclude: strings(r.exclude, DEFAULT_SETTINGS.exclude),
    unverifiedInfo:
      typeof r.unverifiedInfo === 'boolean' ? r.unverifiedInfo : DEFAULT_SETTINGS.unverifiedInfo,
    backgroundScan:
      typeof r.backgroundScan === 'boolean' ? r.backgroundScan : DEFAULT_SETTINGS.backgroundScan,
    varFiles: strings(r.varFiles, DEFAULT_SETTINGS.varFiles).map((s) => s.trim()),
  };
  const keys = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];
  out.explicit = new Set(keys.filter((k) => JSON.stringify(out[k]) !== JSON.stringify(DEFAULT_SETTINGS[k])));
  return out;
}

/**
 * The settings sent ahead with `initialize` (InitializationOptions.configuration), each validated
 * as the workspace/configuration answer is: the window's, then one per folder in `folders` order.
 * Undefined when it is not that shape or leaves a folder out (the server then waits for the answer).
 */
export function settingsSentAhead(
  sent: unknown,
  folders: readonly string[],
): { window: Settings; perFolder: Settings[] } | undefined {
  if (!sent || typeof sent !== 'object') return undefined;
  const { window, folders: byUri } = sent as { window?: unknown; folders?: unknown };
  if (!byUri || typeof byUri !== 'object') return undefined;
  const byPath = new Map<string, unknown>();
  for (const [uri, raw] of Object.entries(byUri)) {
    const path = uriToPath(uri);
    if (path !== undefined) byPath.set(path, raw);
  }
  if (!folders.every((f) => byPath.has(f))) return undefined;
  return {
    window: normaliseSettings(window),
    perFolder: folders.map((f) => normaliseSettings(byPath.get(f))),
  };
}

/**
 * The core's options for linting the module in `dir`: the folder's `.sg-guard.yaml` with the
 * settings the user set on top (var files are found per module).
 */
export function lintOptions(s: Settings, dir: string, config?: LoadedConfig): LintOptions {
  const set = (k: keyof Settings): boolean => s.explicit?.has(k) ?? true;
  const layered = layerConfig(config, dir, {
    ports: set('ports') ? s.ports : undefined,
    trustedCidrs: set('trustedCidrs') ? s.trustedCidrs : undefined,
    severities: s.severity,
    unverified: set('unverifiedInfo') ? s.unverifiedInfo : undefined,
    ...(s.varFiles.length > 0 ? { inputs: { varFiles: s.varFiles.map((f) => resolve(dir, f)) } } : {}),
  });
  return {
    ...layered,
    ports: layered.ports ?? DEFAULT_RISKY_PORTS,
    trustedCidrs: layered.trustedCidrs ?? [],
    unverified: layered.unverified ?? true,
  };
}
