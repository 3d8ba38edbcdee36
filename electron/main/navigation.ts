import { appPageOf } from './appUrl';

/** `will-navigate` / `will-redirect`: a window may only move between the bundled pages. */
export function mayNavigate(url: string): boolean {
  return appPageOf(url) !== null;
}

/** What `setWindowOpenHandler` does with a link: never a new Electron window. */
export type WindowOpenDecision = { action: 'deny'; openExternally: string | null };

/**
 * New windows are always denied; an https link to an allow-listed host (exactly, no
 * credentials) is handed to the system browser instead, anything else goes nowhere.
 */
export function windowOpenDecision(url: string, allowedHosts: readonly string[]): WindowOpenDecision {
  return { action: 'deny', openExternally: isAllowedExternalLink(url, allowedHosts) ? url : null };
}

/** `shell.openExternal` only for https links to a host on the allow list. */
export function isAllowedExternalLink(url: string, allowedHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  return allowedHosts.includes(parsed.host.toLowerCase());
}

/** The external allow list: the configured server's host when it is https (its /docs), nothing else. */
export function externalHosts(serverOrigin: string | null): string[] {
  if (!serverOrigin?.startsWith('https://')) return [];
  return [new URL(serverOrigin).host.toLowerCase()];
}
