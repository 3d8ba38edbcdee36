import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

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

/** Security headers on every response (helmet): CSP, nosniff, no framing, no referrer leaks. */
export const securityHeaders = fp(async (app: FastifyInstance) => {
  await app.register(helmet, {
    // Explicit directives only: helmet's defaults add upgrade-insecure-requests, which breaks the console on http://127.0.0.1.
    contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
});
