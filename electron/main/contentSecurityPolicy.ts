import { webSocketOrigin } from './serverUrl';

/**
 * The Content-Security-Policy header of every bundled page. Scripts, styles and fonts come only
 * from the bundle; the only place the page may talk to is the configured server (HTTP and its
 * WebSocket), or nowhere before one is configured. The console's own meta policy still applies
 * too: a browser enforces both, so the stricter one wins.
 */
export function buildContentSecurityPolicy(serverOrigin: string | null): string {
  const connect = serverOrigin ? `${serverOrigin} ${webSocketOrigin(serverOrigin)}` : "'none'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    // React and Recharts set style attributes; no inline script is allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "worker-src 'none'",
    "manifest-src 'none'",
  ].join('; ');
}
