/**
 * Request bodies, read only after the request is routed and its signature checked (the signature
 * covers the body's declared SHA-256, so it can be checked from the headers), and never beyond the
 * route's limit: a Content-Length over it is refused before one byte is read, a chunked body is
 * cut off as it passes it.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { ProductCode } from './products';

const MB = 1024 * 1024;

/**
 * The largest body a route takes. FC invocations: 32 MB synchronous, 128 KB asynchronous, as FC
 * documents its payload limits (help/doc-detail/2527064: "EntityTooLarge: payload size exceeds
 * maximum allowed size"). The rest are the sandbox's own limits (the real ones unverified):
 * 64 MB for FC code uploads (a base64 zip), 8 MB for RPC calls, 1 MB for the control API.
 */
export function bodyLimit(
  product: ProductCode | 'control',
  action: string,
  headers: IncomingHttpHeaders,
): number {
  if (product === 'control') return 1 * MB;
  if (product !== 'fc') return 8 * MB;
  if (action === 'InvokeFunction') {
    const type = String(headers['x-fc-invocation-type'] ?? 'Sync').toLowerCase();
    return type === 'async' ? 128 * 1024 : 32 * MB;
  }
  return 64 * MB;
}

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
  }
}

/** Throws BodyTooLarge when the declared length already exceeds `limit`. */
export function checkDeclaredLength(req: IncomingMessage, limit: number): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit);
}

/** Reads the body, at most `limit` bytes; returns it with its SHA-256 (hex). */
export async function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<{ body: Buffer; sha256: string }> {
  checkDeclaredLength(req, limit);
  const chunks: Buffer[] = [];
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw new BodyTooLarge(limit);
    hash.update(b);
    chunks.push(b);
  }
  return { body: Buffer.concat(chunks), sha256: hash.digest('hex') };
}
