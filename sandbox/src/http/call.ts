/** What a product handler receives and returns. */
import type { Params } from './params';
import type { Sandbox } from '../sandbox';

/** Who signed the request: the account's root key, or temporary credentials of a RAM role. */
export interface Identity {
  kind: 'root' | 'role';
  accessKeyId: string;
  roleName?: string;
  roleArn?: string;
}

export interface Call {
  sb: Sandbox;
  requestId: string;
  identity: Identity;
  action: string;
  /** RPC parameters (query + form body); for FC, the query only. */
  params: Params;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Path parameters of an FC route (e.g. `functionName`). */
  pathParams: Record<string, string>;
}

/** A response the router sends as is (FC's InvokeFunction returns raw bytes and custom headers). */
export interface RawResult {
  raw: true;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type JsonResult = Record<string, unknown>;
export type Result = JsonResult | RawResult;

export interface ActionSpec {
  handler: (call: Call) => Result | Promise<Result>;
  /** The resource ARN the RAM check matches `Resource` against; defaults to the product's `*`. */
  resource?: (call: Call) => string;
  /** HTTP status of a JSON success (default 200). */
  status?: number;
}

export function isRaw(r: Result): r is RawResult {
  return (r as RawResult).raw === true;
}
