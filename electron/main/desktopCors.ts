import { APP_ORIGIN } from './appUrl';

/** A response from the configured server, as `webRequest.onHeadersReceived` describes it. */
export interface ServerResponse {
  url: string;
  method: string;
  statusCode: number;
  responseHeaders?: Record<string, string[]>;
}

const STRIPPED = new Set(['access-control-allow-origin', 'access-control-allow-headers', 'access-control-allow-methods', 'access-control-max-age']);

/**
 * The console page's origin is sluice://app, so its calls to the server are cross-origin and the
 * server's HTTP API sends no CORS headers. The main process adds them, for the configured
 * server's origin only and for this app's origin only (no wildcard, no credentials), and answers
 * the preflight of a route that has no OPTIONS handler. Null: not the configured server, leave it.
 */
export function desktopCorsResponse(
  response: ServerResponse,
  serverOrigin: string | null,
): { responseHeaders: Record<string, string[]>; statusLine?: string } | null {
  if (!serverOrigin) return null;
  let origin: string;
  try {
    origin = new URL(response.url).origin;
  } catch {
    return null;
  }
  if (origin !== serverOrigin) return null;
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(response.responseHeaders ?? {})) {
    if (!STRIPPED.has(name.toLowerCase())) headers[name] = value;
  }
  headers['Access-Control-Allow-Origin'] = [APP_ORIGIN];
  headers['Access-Control-Allow-Headers'] = ['authorization, content-type, idempotency-key'];
  headers['Access-Control-Allow-Methods'] = ['GET, POST, DELETE'];
  headers['Access-Control-Max-Age'] = ['600'];
  const preflight = response.method === 'OPTIONS';
  return preflight && (response.statusCode < 200 || response.statusCode >= 300)
    ? { responseHeaders: headers, statusLine: 'HTTP/1.1 204 No Content' }
    : { responseHeaders: headers };
}
