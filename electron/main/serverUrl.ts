import type { ServerUrlResult } from '../../protocol/desktop';

const MAX_LENGTH = 2048;
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * The server an operator typed, reduced to its origin (scheme, host, port). The console calls
 * `${origin}/api/v1/…` and Socket.IO `${origin}/console`, so a path, query or credentials are
 * refused rather than silently dropped. Passwords travel to it: https, or http on this machine only.
 */
export function parseServerUrl(raw: unknown): ServerUrlResult {
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > MAX_LENGTH) {
    return { ok: false, error: 'invalid_url', message: 'Enter the server address, e.g. https://sluice.example.go.kr' };
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, error: 'invalid_url', message: 'Not an address: it should start with https://' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, error: 'invalid_url', message: 'The address must start with https://' };
  }
  if (url.username || url.password || url.search || url.hash || url.pathname.replace(/\/+$/, '') !== '') {
    return { ok: false, error: 'invalid_url', message: 'Give the server only (scheme, host, port), without a path, query or user name' };
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    return { ok: false, error: 'insecure_url', message: 'Plain http is allowed only for this machine; use https for a remote server' };
  }
  return { ok: true, serverUrl: url.origin };
}

/** The WebSocket origin of an http(s) server origin (Socket.IO upgrades to it). */
export function webSocketOrigin(serverOrigin: string): string {
  return serverOrigin.replace(/^http/, 'ws');
}

const SERVER_URL_SWITCH = '--server-url=';

/**
 * The server given on the command line (`--server-url=http://127.0.0.1:8080`: `npm start` points
 * the desktop at its local training server), checked like a typed one; null when not given.
 */
export function serverUrlFromArgs(argv: readonly string[]): ServerUrlResult | null {
  const arg = argv.find((a) => a.startsWith(SERVER_URL_SWITCH));
  return arg === undefined ? null : parseServerUrl(arg.slice(SERVER_URL_SWITCH.length));
}
