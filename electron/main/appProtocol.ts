import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentTypeOf, resolveAsset, type AssetRoots } from './appAssets';
import { APP_SCHEME } from './appUrl';
import { buildContentSecurityPolicy } from './contentSecurityPolicy';

/**
 * Before `ready`: the scheme is standard (real origin, relative URLs), secure (a secure context:
 * notifications, no mixed content); no fetch API, no CORS, no service workers, no CSP bypass.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
}

/** After `ready`: serves the bundled pages, every response with the CSP for the current server. */
export function serveAppScheme(roots: AssetRoots, serverOrigin: () => string | null): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = request.method === 'GET' ? resolveAsset(request.url, roots) : null;
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': contentTypeOf(file),
          'content-security-policy': buildContentSecurityPolicy(serverOrigin()),
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
