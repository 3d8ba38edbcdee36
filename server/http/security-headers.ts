import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import { API_PREFIX } from './api-routes';

/**
 * The Content-Security-Policy of every response (the console at /console/ above all): scripts,
 * styles and fonts from this server only, no inline script; talk only to this server (its API and
 * the Socket.IO WebSocket: `'self'` covers ws:/wss: to the same host); never framed.
 */
export const CONSOLE_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // React and Recharts set style attributes; no inline script is allowed.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * `/docs` (swagger-ui) sets its own policy (with the hashes of any inline script); this keeps it unframeable,
 * working on plain HTTP, its styles, fonts and images from this server only (swagger-ui sets inline
 * styles; no call to the public spec validator).
 */
export function docsCsp(header: string): string {
  return header
    .replace(/frame-ancestors [^;]*/, "frame-ancestors 'none'")
    .replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'")
    .replace(/font-src [^;]*/, "font-src 'self' data:")
    .replace(/img-src [^;]*/, "img-src 'self' data:")
    .replace(/script-src 'self'\s*;/, "script-src 'self';")
    .replace(/\s*upgrade-insecure-requests;?/, '')
    .trim();
}

/**
 * helmet's headers for our options, computed once: the policy is the same for every response, and
 * @fastify/helmet would rebuild the middleware (re-parsing the CSP) on every request, which costs
 * the hottest routes (status polls) more than the rest of their work.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  // helmet 8 throws a bad option at once (it no longer passes errors to `next`).
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

const SECURITY_HEADERS = helmetHeaders({
  // Explicit directives only: helmet's defaults add upgrade-insecure-requests, which breaks the console on http://127.0.0.1.
  contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP_DIRECTIVES },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
});

/**
 * JSON answers of the API are never documents: a policy that lets nothing load or frame them, no
 * sniffing, no referrer. Four headers instead of helmet's fourteen on the routes millions of
 * citizens poll (the full set tripled a status answer's size).
 */
export const API_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** The security headers of an answer to `url`: the short set on the JSON API, helmet's elsewhere. */
export function securityHeadersFor(url: string): Record<string, string> {
  return url.startsWith(`${API_PREFIX}/`) ? API_SECURITY_HEADERS : SECURITY_HEADERS;
}
