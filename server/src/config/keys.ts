/**
 * The keys of `.sg-guard.yaml`, written once: each key's check (an error names the key) and its
 * JSON schema (docs/sg-guard.schema.json is generated from this table and tested to match).
 */
import { RULES } from '../api/index';
import { parseCidr, parsePortList } from '../risk/index';

export type SeveritySetting = 'error' | 'warning' | 'info' | 'off';

/** A checked config file; every key optional (absent: the default, or what the editor sets). */
export interface ProjectConfig {
  ports?: number[];
  trustedCidrs?: string[];
  severity?: Record<string, SeveritySetting>;
  /** Globs relative to the config file's folder. */
  exclude?: string[];
  /** tfvars files looked up in each module's folder, applied like -var-file. */
  varFiles?: string[];
  /** Report "cannot verify" infos (default true). */
  unverified?: boolean;
  /** Data files read with file() larger than this are not read (bytes). */
  maxFileBytes?: number;
}

/** A bad value: the message, and the path of keys to it (for the line number). */
export class ConfigKeyError extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

interface KeySpec {
  schema: object;
  description: string;
  check(value: unknown): unknown;
}

const fail = (path: (string | number)[], message: string): never => {
  throw new ConfigKeyError(path, message);
};

function stringList(key: string, v: unknown): string[] {
  if (!Array.isArray(v)) fail([key], `must be a list of strings`);
  return (v as unknown[]).map((s, i) =>
    typeof s === 'string' && s.trim() !== '' ? s.trim() : fail([key, i], 'must be a non-empty string'),
  );
}

const SEVERITIES = ['error', 'warning', 'info', 'off'] as const;
const SIZE = /^\s*(\d+)\s*(bytes?|B|KiB|MiB)?\s*$/;
const UNIT: Record<string, number> = { '': 1, byte: 1, bytes: 1, B: 1, KiB: 1024, MiB: 1024 * 1024 };

export const CONFIG_KEYS: Record<keyof ProjectConfig, KeySpec> = {
  ports: {
    description: 'Risky ports that must not be open to the whole Internet (replaces the default 22, 3389).',
    schema: {
      type: 'array',
      items: {
        oneOf: [
          { type: 'integer', minimum: 1, maximum: 65535 },
          { type: 'string', pattern: '^\\s*\\d+\\s*(-\\s*\\d+\\s*)?$' },
        ],
      },
      minItems: 1,
    },
    check(v) {
      if (!Array.isArray(v)) return fail(['ports'], 'must be a list of ports, e.g. [22, 3389, "8000-8080"]');
      const out = new Set<number>();
      (v as unknown[]).forEach((p, i) => {
        if (typeof p !== 'number' && typeof p !== 'string') fail(['ports', i], 'must be a port or a range');
        try {
          for (const n of parsePortList(String(p))) out.add(n);
        } catch (e) {
          fail(['ports', i], (e as Error).message);
        }
      });
      if (out.size === 0) fail(['ports'], 'the port list is empty');
      return [...out].sort((a, b) => a - b);
    },
  },
  trustedCidrs: {
    description: 'Ranges `sg-guard lint --fix` and the quick fixes put where a world CIDR is written.',
    schema: { type: 'array', items: { type: 'string' } },
    check(v) {
      return stringList('trustedCidrs', v).map((c, i) => {
        const parsed = parseCidr(c);
        if (!parsed) fail(['trustedCidrs', i], `"${c}" is not a CIDR range such as 203.0.113.0/24`);
        if (parsed!.prefixLength === 0)
          fail(['trustedCidrs', i], `"${c}" is the whole Internet, not a trusted range`);
        return c;
      });
    },
  },
  severity: {
    description: 'Severity per rule id (`error`, `warning`, `info`) or `off`.',
    schema: {
      type: 'object',
      propertyNames: { enum: RULES.map((r) => r.id) },
      additionalProperties: { enum: [...SEVERITIES] },
    },
    check(v) {
      if (!v || typeof v !== 'object' || Array.isArray(v))
        return fail(['severity'], 'must map rule ids to error, warning, info or off');
      const out: Record<string, SeveritySetting> = {};
      for (const [id, s] of Object.entries(v as Record<string, unknown>)) {
        if (!RULES.some((r) => r.id === id))
          fail(['severity', id], `unknown rule "${id}" (rules: ${RULES.map((r) => r.id).join(', ')})`);
        if (!SEVERITIES.includes(s as SeveritySetting))
          fail(['severity', id], `must be error, warning, info or off, not ${JSON.stringify(s)}`);
        out[id] = s as SeveritySetting;
      }
      return out;
    },
  },
  exclude: {
    description: 'Globs of files and folders not to lint, relative to this file’s folder.',
    schema: { type: 'array', items: { type: 'string' } },
    check: (v) => stringList('exclude', v),
  },
  varFiles: {
    description:
      'tfvars files applied to every module like `-var-file` (after terraform.tfvars and *.auto.tfvars), looked up in each module’s folder.',
    schema: { type: 'array', items: { type: 'string' } },
    check: (v) => stringList('varFiles', v),
  },
  unverified: {
    description: 'Report "cannot verify" infos where a value cannot be worked out (default true).',
    schema: { type: 'boolean' },
    check: (v) => (typeof v === 'boolean' ? v : fail(['unverified'], 'must be true or false')),
  },
  maxFileBytes: {
    description:
      'Data files read with file() larger than this are not read ("cannot verify"): bytes, or "512 KiB", "2 MiB".',
    schema: {
      oneOf: [
        { type: 'integer', minimum: 1 },
        { type: 'string', pattern: SIZE.source },
      ],
    },
    check(v) {
      const m = typeof v === 'number' ? ['', String(v), ''] : typeof v === 'string' ? SIZE.exec(v) : null;
      const n = m ? Number(m[1]) * UNIT[m[2] ?? '']! : NaN;
      return Number.isSafeInteger(n) && n > 0
        ? n
        : fail(['maxFileBytes'], `must be a size such as 1048576 or "2 MiB", not ${JSON.stringify(v)}`);
    },
  },
};

/** Checks a parsed YAML document; throws ConfigKeyError naming the first bad key. */
export function checkConfig(doc: unknown): ProjectConfig {
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new ConfigKeyError([], 'must be a mapping of keys');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const spec = CONFIG_KEYS[key as keyof ProjectConfig];
    if (!spec) throw new ConfigKeyError([key], `unknown key (keys: ${Object.keys(CONFIG_KEYS).join(', ')})`);
    out[key] = spec.check(value);
  }
  return out;
}

/** The JSON schema of the file (published as docs/sg-guard.schema.json). */
export function configJsonSchema(): object {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/sg-guard/sg-guard/blob/main/docs/sg-guard.schema.json',
    title: 'SG Guard configuration (.sg-guard.yaml)',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(
      Object.entries(CONFIG_KEYS).map(([k, s]) => [k, { description: s.description, ...s.schema }]),
    ),
  };
}
