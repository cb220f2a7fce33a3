/**
 * The vendor's contract (contract/alibaba-cloud.json, derived from Alibaba Cloud's SDK models by
 * scripts/contract/derive.mjs), typed, with the lookups the checks need. The sandbox answers for the
 * vendor only as far as this data says: it is the oracle, the sandbox is not.
 */
import contract from '../../../contract/alibaba-cloud.json';

/** `string` | `number` | `boolean` | `map` | `any` | `binary` | a model name | any of those + `[]`. */
export type WireType = string;

export interface FieldSpec {
  type: WireType;
  required?: boolean;
  deprecated?: boolean;
}

export interface ParameterSpec extends FieldSpec {
  in: 'query' | 'body' | 'header';
}

export interface ErrorSpec {
  means: string;
  source: string;
}

export interface PagingSpec {
  style: 'NextToken' | 'PageNumber';
  request: string[];
  response: string;
  maxResults?: number;
  minResults?: number;
  maxPageSize?: number;
}

export interface OperationSpec {
  method: string;
  pathname: string;
  style: 'RPC' | 'ROA';
  reqBodyType: string;
  bodyType: string;
  request: string;
  pathParams?: string[];
  parameters: Record<string, ParameterSpec>;
  body?: { model?: string; required?: boolean; binary?: boolean };
  /** The response body's model; null when the body is not JSON (or there is none). */
  response: string | null;
  /** Response field paths our code reads (`A.B[].C`): the sandbox must send them. */
  reads?: string[];
  errors?: Record<string, ErrorSpec>;
  paging?: PagingSpec;
  notes?: string;
}

export interface ProductContract {
  version: string;
  source: Record<string, string>;
  operations: Record<string, OperationSpec>;
  models: Record<string, Record<string, FieldSpec>>;
}

export type ContractProduct = 'ecs' | 'config' | 'fc' | 'ram';

export const CONTRACT = contract as unknown as { products: Record<ContractProduct, ProductContract> };

export function productContract(product: ContractProduct): ProductContract {
  return CONTRACT.products[product];
}

export function operationSpec(product: ContractProduct, action: string): OperationSpec | undefined {
  return CONTRACT.products[product]?.operations[action];
}

/** `Foo[]` → `Foo`; other types unchanged. */
export const itemType = (t: WireType): WireType => t.replace(/\[\]$/, '');
export const isArray = (t: WireType): boolean => t.endsWith('[]');
export const PRIMITIVES = new Set(['string', 'number', 'boolean', 'map', 'any', 'binary']);
