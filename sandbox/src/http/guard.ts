/**
 * What every request passes before anything else: it must be addressed to this sandbox by name
 * (`Host: 127.0.0.1:PORT` or `localhost:PORT`; any other name is DNS rebinding), and must not come
 * from a web page (an `Origin` other than the sandbox's own: CSRF). No CORS header is ever sent,
 * so browsers also refuse to send a page's preflighted requests. The control endpoint also needs
 * the per-run token, compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_HEADER = 'x-sandbox-token';

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Undefined when the request may go on; otherwise why it is refused. */
export function refuseForeign(req: IncomingMessage, port: number): Refusal | undefined {
  const own = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = (header(req, 'host') ?? '').toLowerCase();
  if (!own.includes(host)) {
    return {
      status: 403,
      code: 'Forbidden.Host',
      message: `The sandbox answers only requests addressed to ${own.join(' or ')} (Host was "${host.slice(0, 100)}").`,
    };
  }
  const origin = header(req, 'origin');
  if (origin !== undefined && !own.some((h) => origin === `http://${h}`)) {
    return {
      status: 403,
      code: 'Forbidden.Origin',
      message: 'The sandbox does not answer web pages of other origins.',
    };
  }
  if (req.method === 'OPTIONS') {
    return {
      status: 403,
      code: 'Forbidden.Cors',
      message: 'The sandbox does not answer cross-origin requests.',
    };
  }
  return undefined;
}

/** True when the request carries the control token. */
export function hasToken(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(header(req, TOKEN_HEADER) ?? '', 'utf8');
  const expected = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
