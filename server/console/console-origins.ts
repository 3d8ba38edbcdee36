import type { IncomingMessage } from 'node:http';

/**
 * Whether a page may open the console socket: its own origin (the console served at /console/ by
 * this server), or one of the configured origins (SLUICE_CONSOLE_ORIGINS; the desktop app's
 * `sluice://app` by default). A browser always sends Origin with a WebSocket or cross-origin
 * request, so another site's page is refused (cross-site WebSocket hijacking); a request without
 * Origin is not from a page (a script or a test client, which could send any Origin anyway).
 */
export function consoleOriginAllowed(request: IncomingMessage, allowed: readonly string[], behindProxy: boolean): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (!host) return false;
  const forwarded = behindProxy ? request.headers['x-forwarded-host'] : undefined;
  const served = [request.headers.host?.toLowerCase(), ...(typeof forwarded === 'string' ? forwarded.split(',').map((h) => h.trim().toLowerCase()) : [])];
  return served.includes(host);
}
