/**
 * ACS3-HMAC-SHA256, verified exactly as the official SDKs (openapi-core `getAuthorization`) sign:
 * CanonicalRequest = METHOD \n URI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body)).
 * The body's hash is the signed `x-acs-content-sha256` header, so the signature is checked from the
 * request's head, before its body is read; the body read later must then match that hash.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { errors } from './errors';

export const ALGORITHM = 'ACS3-HMAC-SHA256';

export interface IncomingSigned {
  method: string;
  /** The raw request target, e.g. `/?Action=…` or `/2023-03-30/functions/x/invocations`. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Absent when only the head is checked (before the body is read): its declared hash is used. */
  body?: Buffer;
}

export interface ParsedAuthorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** encodeURIComponent plus `!'()*`, as the SDK's canonical query uses. */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Decoded query pairs; a repeated key keeps its last value (the SDK never repeats keys). */
export function decodeQuery(rawQuery: string): Map<string, string> {
  const out = new Map<string, string>();
  if (rawQuery === '') return out;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    out.set(decodeComponent(k), decodeComponent(v));
  }
  return out;
}

function decodeComponent(s: string): string {
  const plus = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}

export function canonicalQuery(query: Map<string, string>): string {
  return [...query.keys()]
    .sort()
    .map((k) => `${k}=${percentEncode(query.get(k) ?? '')}`)
    .join('&');
}

function headerValue(headers: IncomingSigned['headers'], name: string): string {
  const v = headers[name];
  return (Array.isArray(v) ? v.join(',') : (v ?? '')).trim();
}

export function parseAuthorization(value: string | undefined): ParsedAuthorization {
  if (!value) throw errors.incompleteSignature('The Authorization header is missing.');
  const space = value.indexOf(' ');
  const algorithm = space < 0 ? value : value.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw errors.incompleteSignature(
      `Unsupported signature algorithm "${algorithm}" (the sandbox verifies ${ALGORITHM}).`,
    );
  }
  const fields = new Map<string, string>();
  for (const part of value.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || signedHeaders === undefined || !signature) {
    throw errors.incompleteSignature('Authorization needs Credential, SignedHeaders and Signature.');
  }
  return { accessKeyId, signedHeaders: signedHeaders.split(';').filter(Boolean), signature };
}

export function stringToSign(req: IncomingSigned, signedHeaders: readonly string[]): string {
  const q = req.url.indexOf('?');
  const rawPath = q < 0 ? req.url : req.url.slice(0, q);
  const uri = rawPath.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
  const query = canonicalQuery(decodeQuery(q < 0 ? '' : req.url.slice(q + 1)));
  const sorted = [...signedHeaders].map((h) => h.toLowerCase()).sort();
  const canonicalHeaders = sorted.map((h) => `${h}:${headerValue(req.headers, h)}\n`).join('');
  const canonicalRequest = [
    req.method.toUpperCase(),
    uri,
    query,
    canonicalHeaders,
    sorted.join(';'),
    req.body === undefined ? headerValue(req.headers, 'x-acs-content-sha256') : sha256Hex(req.body),
  ].join('\n');
  return `${ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

export function sign(secret: string, toSign: string): string {
  return createHmac('sha256', secret).update(toSign).digest('hex');
}

/**
 * Checks the signature of a request whose access key is already known. Throws
 * `SignatureDoesNotMatch` (with the server's string to sign, as the real gateway does).
 */
export function verifySignature(req: IncomingSigned, auth: ParsedAuthorization, secret: string): void {
  const names = auth.signedHeaders.map((h) => h.toLowerCase());
  for (const required of ['host', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (!names.includes(required)) throw errors.incompleteSignature(`Header "${required}" must be signed.`);
  }
  const toSign = stringToSign(req, names);
  if (req.body !== undefined) checkBodyHash(req, names, sha256Hex(req.body));
  const expected = Buffer.from(sign(secret, toSign), 'utf8');
  const actual = Buffer.from(auth.signature, 'utf8');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw errors.signatureMismatch(toSign);
  }
}

/** After the body is read: it must be the body whose hash was signed. */
export function checkBodyHash(req: IncomingSigned, signedHeaders: readonly string[], sha256: string): void {
  if (headerValue(req.headers, 'x-acs-content-sha256') !== sha256) {
    const head = { method: req.method, url: req.url, headers: req.headers };
    // stringToSign lower-cases the names itself, as it does for the signature check.
    throw errors.signatureMismatch(stringToSign(head, signedHeaders));
  }
}

/**
 * Signs a request as the SDK would (for raw-HTTP tests of chunked bodies and odd encodings):
 * returns the headers to send. `headers` must already hold host and every x-acs-* header.
 */
export function signRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  accessKeyId: string,
  secret: string,
): Record<string, string> {
  const all: Record<string, string> = { 'x-acs-content-sha256': sha256Hex(body) };
  for (const [k, v] of Object.entries(headers)) all[k.toLowerCase()] = v;
  const signed = Object.keys(all)
    .filter((h) => h === 'host' || h === 'content-type' || h.startsWith('x-acs-'))
    .sort();
  const toSign = stringToSign({ method, url, headers: all, body }, signed);
  all.authorization = `${ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signed.join(';')},Signature=${sign(secret, toSign)}`;
  return all;
}
