import { extname, join, normalize, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, type AppPage } from './appUrl';

/** Where each bundled page's files are on disk. */
export type AssetRoots = Record<AppPage, string>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function contentTypeOf(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a sluice://app/<page>/<path> request reads, or null (404): another host, an unknown
 * page folder, or a path that would climb out of the page's folder. A folder means its index.html.
 */
export function resolveAsset(requestUrl: string, roots: AssetRoots): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const [, folder = '', ...rest] = path.split('/');
  const root = (Object.keys(roots) as AppPage[]).find((page) => page === folder);
  if (!root) return null;
  const relative = rest.join('/');
  const file = normalize(join(roots[root], relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative));
  const base = normalize(roots[root] + sep);
  return file.startsWith(base) ? file : null;
}
