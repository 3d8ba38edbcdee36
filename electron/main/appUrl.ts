/**
 * The bundled pages are served by the main process under one custom, privileged scheme
 * (never file://, never a dev server): sluice://app/console/… is the operator console
 * (dist/console, built with base /console/), sluice://app/connect/… the first-run screen.
 */
export const APP_SCHEME = 'sluice';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const CONSOLE_URL = `${APP_ORIGIN}/console/index.html`;
export const CONNECT_URL = `${APP_ORIGIN}/connect/index.html`;

export type AppPage = 'console' | 'connect';
const PAGES: readonly AppPage[] = ['console', 'connect'];

/**
 * Which bundled page a URL belongs to, or null for anything else (another scheme, host or
 * folder). Compares scheme and host: WHATWG URL gives a custom scheme the opaque origin "null".
 */
export function appPageOf(url: string | undefined): AppPage | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password) return null;
  const folder = parsed.pathname.split('/')[1] ?? '';
  return PAGES.find((page) => page === folder) ?? null;
}

/** True for this app's own origin (a URL or a bare origin such as a permission check gives). */
export function isAppOrigin(urlOrOrigin: string | undefined): boolean {
  if (!urlOrOrigin) return false;
  try {
    const parsed = new URL(urlOrOrigin);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}
