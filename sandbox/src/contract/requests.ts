/**
 * Checks one request against the vendor's contract: every parameter must exist in the SDK's request
 * model, in the place the generated client puts it (query, form body, header, JSON body), with a
 * value of the model's type; deprecated parameters and missing required ones are violations too.
 * Keys arrive flattened the way openapi-core sends them (`Tag.1.Key`, `SecurityGroupRuleId.2`).
 */
import { decodeQuery } from '../http/signature';
import {
  isArray,
  itemType,
  PRIMITIVES,
  type FieldSpec,
  type OperationSpec,
  type ProductContract,
  type WireType,
} from './data';

export interface RawRequest {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  pathParams: Record<string, string>;
}

type Models = ProductContract['models'];

function primitiveProblem(type: WireType, value: string): string | undefined {
  if (type === 'number' && !/^-?\d+(?:\.\d+)?$/.test(value)) return `"${value}" is not a number`;
  if (type === 'boolean' && value !== 'true' && value !== 'false') return `"${value}" is not a boolean`;
  return undefined;
}

/** The rest of a flattened key (`1.Key` of `Tag.1.Key`) against the parameter's type. */
function checkPath(rest: string[], type: WireType, value: string, models: Models, key: string): string[] {
  if (rest.length === 0) {
    if (isArray(type)) return [`${key}: a list goes as ${key}.1, ${key}.2, …`];
    if (!PRIMITIVES.has(type)) return [`${key}: ${type} goes field by field (${key}.Field)`];
    const p = primitiveProblem(type, value);
    return p ? [`${key}: ${p}`] : [];
  }
  const [seg, ...more] = rest as [string, ...string[]];
  if (isArray(type)) {
    if (!/^[1-9]\d*$/.test(seg)) return [`${key}: list index "${seg}" is not 1, 2, …`];
    return checkPath(more, itemType(type), value, models, key);
  }
  const model = models[type];
  if (!model) return [`${key}: ${type} has no fields`];
  const field = model[seg];
  if (!field) return [`${key}: ${type} has no field ${seg}`];
  const out = field.deprecated ? [`${key}: ${seg} is deprecated`] : [];
  return [...out, ...checkPath(more, field.type, value, models, key)];
}

/** Required fields of the list items that were sent (`Tag.1.Key` when `Tag.1.*` is there). */
function missingInItems(keys: string[], base: string, type: WireType, models: Models): string[] {
  if (!isArray(type)) return [];
  const model = models[itemType(type)];
  if (!model) return [];
  const required = Object.entries(model).filter(([, f]) => f.required);
  if (required.length === 0) return [];
  const indexes = new Set(
    keys.filter((k) => k.startsWith(`${base}.`)).map((k) => k.slice(base.length + 1).split('.')[0]!),
  );
  const out: string[] = [];
  for (const i of indexes) {
    for (const [name] of required) {
      if (!keys.some((k) => k === `${base}.${i}.${name}` || k.startsWith(`${base}.${i}.${name}.`)))
        out.push(`${base}.${i}.${name} is required`);
    }
  }
  return out;
}

function checkFlat(params: Map<string, string>, where: 'query' | 'body', op: OperationSpec, models: Models) {
  const out: string[] = [];
  for (const [key, value] of params) {
    const [base, ...rest] = key.split('.') as [string, ...string[]];
    const p = op.parameters[base];
    if (!p) {
      out.push(`unknown parameter ${key} (not in ${op.request})`);
      continue;
    }
    if (p.in !== where) out.push(`${base} goes in the ${p.in}, not the ${where}`);
    if (p.deprecated) out.push(`${base} is deprecated in ${op.request}`);
    out.push(...checkPath(rest, p.type, value, models, key));
  }
  return out;
}

/** A JSON value (ROA body) against a model or primitive type. */
export function checkJson(value: unknown, type: WireType, models: Models, path: string): string[] {
  if (value === null || value === undefined) return [];
  if (isArray(type)) {
    if (!Array.isArray(value)) return [`${path}: expected a list`];
    return value.flatMap((v, i) => checkJson(v, itemType(type), models, `${path}[${i}]`));
  }
  if (PRIMITIVES.has(type)) {
    if (type === 'string' && typeof value !== 'string') return [`${path}: expected a string`];
    if (type === 'number' && typeof value !== 'number') return [`${path}: expected a number`];
    if (type === 'boolean' && typeof value !== 'boolean') return [`${path}: expected a boolean`];
    return [];
  }
  const model = models[type];
  if (!model) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected an object (${type})`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const f: FieldSpec | undefined = model[k];
    if (!f) out.push(`${path}.${k}: ${type} has no field ${k}`);
    else out.push(...checkJson(v, f.type, models, `${path}.${k}`));
  }
  return out;
}

function requiredFields(value: unknown, type: WireType, models: Models, path: string): string[] {
  const model = models[type];
  if (!model || typeof value !== 'object' || value === null) return [];
  return Object.entries(model)
    .filter(([k, f]) => f.required && (value as Record<string, unknown>)[k] === undefined)
    .map(([k]) => `${path}.${k} is required`);
}

/** Every violation of the contract in this request (empty when it conforms). */
export function requestViolations(op: OperationSpec, product: ProductContract, req: RawRequest): string[] {
  const models = product.models;
  const q = req.url.indexOf('?');
  const query = decodeQuery(q < 0 ? '' : req.url.slice(q + 1));
  const out: string[] = [];
  const sent = new Set<string>();
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  if (op.style === 'RPC') {
    const body = contentType.startsWith('application/x-www-form-urlencoded')
      ? decodeQuery(req.body.toString('utf8'))
      : new Map<string, string>();
    out.push(...checkFlat(query, 'query', op, models), ...checkFlat(body, 'body', op, models));
    const keys = [...query.keys(), ...body.keys()];
    for (const k of keys) sent.add(k.split('.')[0]!);
    for (const [name, p] of Object.entries(op.parameters))
      out.push(...missingInItems(keys, name, p.type, models));
  } else {
    out.push(...checkFlat(query, 'query', op, models));
    for (const k of query.keys()) sent.add(k.split('.')[0]!);
    for (const [h, v] of Object.entries(req.headers)) {
      if (!h.startsWith('x-fc-')) continue;
      const p = op.parameters[h];
      if (!p || p.in !== 'header') out.push(`unknown header ${h} (not in ${op.request})`);
      else sent.add(h);
      if (p && typeof v === 'string') {
        const bad = primitiveProblem(p.type, v);
        if (bad) out.push(`${h}: ${bad}`);
      }
    }
    for (const name of op.pathParams ?? []) {
      if (!req.pathParams[name]) out.push(`path parameter ${name} is missing`);
    }
    if (op.body?.model) {
      let json: unknown;
      try {
        json = req.body.length === 0 ? undefined : JSON.parse(req.body.toString('utf8'));
      } catch {
        out.push('the body is not JSON');
      }
      if (json === undefined && op.body.required) out.push(`the body (${op.body.model}) is required`);
      out.push(...checkJson(json, op.body.model, models, 'body'));
      out.push(...requiredFields(json, op.body.model, models, 'body'));
    }
  }
  for (const [name, p] of Object.entries(op.parameters)) {
    if (p.required && !sent.has(name)) out.push(`${name} is required by ${op.request}`);
  }
  return out;
}
