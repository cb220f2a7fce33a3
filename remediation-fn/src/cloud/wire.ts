/**
 * Reading the loosely typed answers of the Alibaba Cloud SDKs (`body.toMap()`, openapi-core's
 * callApi): PascalCase objects whose fields may be missing or of another type. One set of readers
 * for the extension's clients and the remediation function.
 */
export type Wire = Record<string, unknown>;

export const obj = (v: unknown): Wire => (typeof v === 'object' && v !== null ? (v as Wire) : {});

export const list = (v: unknown): Wire[] => (Array.isArray(v) ? v.map(obj) : []);

/** A scalar as text (Config answers ids and counts as numbers or strings); '' for anything else. */
export const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

/** A string field; '' when it is missing or not a string. */
export const text = (v: unknown): string => (typeof v === 'string' ? v : '');
