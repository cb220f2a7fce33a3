/**
 * RPC parameters: the query and a form body merged (the SDKs put ECS/RAM parameters in the query
 * and Config's in a form body), with the flattening rules of openapi-core: `Key.N` for lists and
 * `Key.N.Field` for lists of objects.
 */
import { errors } from './errors';
import { decodeQuery } from './signature';

export class Params {
  constructor(readonly values: Map<string, string>) {}

  static fromRequest(url: string, contentType: string | undefined, body: Buffer): Params {
    const q = url.indexOf('?');
    const values = decodeQuery(q < 0 ? '' : url.slice(q + 1));
    if (
      (contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded') &&
      body.length > 0
    ) {
      for (const [k, v] of decodeQuery(body.toString('utf8'))) values.set(k, v);
    }
    return new Params(values);
  }

  str(name: string): string | undefined {
    const v = this.values.get(name);
    return v === undefined || v === '' ? undefined : v;
  }

  required(name: string): string {
    const v = this.str(name);
    if (v === undefined) throw errors.missingParameter(name);
    return v;
  }

  int(name: string, opts: { min?: number; max?: number; def?: number } = {}): number | undefined {
    const raw = this.str(name);
    if (raw === undefined) return opts.def;
    if (!/^-?\d+$/.test(raw)) throw errors.invalidParameter(name, `"${raw}" is not an integer`);
    const n = Number(raw);
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      throw errors.invalidParameter(name, `${n} is outside ${opts.min ?? '-∞'}..${opts.max ?? '∞'}`);
    }
    return n;
  }

  bool(name: string): boolean | undefined {
    const raw = this.str(name);
    if (raw === undefined) return undefined;
    if (raw.toLowerCase() === 'true') return true;
    if (raw.toLowerCase() === 'false') return false;
    throw errors.invalidParameter(name, `"${raw}" is not a boolean`);
  }

  /** `Key.1`, `Key.2`, … in index order (also accepts a JSON array string under `Key`). */
  list(prefix: string): string[] {
    const found: [number, string][] = [];
    const re = new RegExp(`^${escapeRe(prefix)}\\.(\\d+)$`);
    for (const [k, v] of this.values) {
      const m = re.exec(k);
      if (m) found.push([Number(m[1]), v]);
    }
    if (found.length === 0) {
      const whole = this.str(prefix);
      if (whole !== undefined) return parseJsonList(prefix, whole);
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }

  /** `Key.N.Field` groups into objects, in index order. */
  objects(prefix: string): Record<string, string>[] {
    const byIndex = new Map<number, Record<string, string>>();
    const re = new RegExp(`^${escapeRe(prefix)}\\.(\\d+)\\.(.+)$`);
    for (const [k, v] of this.values) {
      const m = re.exec(k);
      if (!m) continue;
      const i = Number(m[1]);
      const obj = byIndex.get(i) ?? (Object.create(null) as Record<string, string>);
      obj[m[2]!] = v;
      byIndex.set(i, obj);
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, o]) => o);
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `["sg-1","sg-2"]` (how SecurityGroupIds is passed) or a plain comma list. */
export function parseJsonList(name: string, raw: string): string[] {
  const t = raw.trim();
  if (t.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed)) return parsed.map((x) => String(x));
    } catch {
      throw errors.invalidParameter(name, 'not a JSON array');
    }
  }
  return t
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
