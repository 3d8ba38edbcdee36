import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * Fills in deploy/nginx/sluice.conf (the upstream nodes, where nginx listens, its cache and log
 * directories) and, with `--prefix`, lays out a directory nginx runs from unprivileged:
 *   npm run deploy:nginx -- --upstream 10.0.0.11:8080 --upstream 10.0.0.12:8080 --listen 80 > sluice.conf
 *   npm run deploy:nginx -- --prefix /srv/sluice-nginx --upstream … && nginx -p /srv/sluice-nginx -c nginx.conf
 */

export const NGINX_DIR = fileURLToPath(new URL('../deploy/nginx/', import.meta.url));
export const SITE_TEMPLATE = join(NGINX_DIR, 'sluice.conf');
export const MAIN_CONF = join(NGINX_DIR, 'nginx.conf');

export interface NginxSite {
  /** The nodes' public addresses, `host:port`. */
  upstreams: readonly string[];
  /** nginx's `listen` argument: `80`, `0.0.0.0:80`, `127.0.0.1:8088`. */
  listen: string;
  cacheDir: string;
  logDir: string;
}

const UPSTREAM = /^[A-Za-z0-9.-]+:[0-9]{1,5}$|^\[[0-9A-Fa-f:.]+\]:[0-9]{1,5}$/;
const LISTEN = /^(?:[A-Za-z0-9.-]+:|\[[0-9A-Fa-f:.]+\]:)?[0-9]{1,5}$/;
const PATH = /^[^\s;{}'"$]+$/;

/** sluice.conf with its placeholders filled in; throws on a value nginx would misread. */
export function renderSite(site: NginxSite, template = readFileSync(SITE_TEMPLATE, 'utf8')): string {
  if (site.upstreams.length === 0) throw new Error('at least one upstream node (host:port) is needed');
  for (const upstream of site.upstreams) if (!UPSTREAM.test(upstream)) throw new Error(`upstream "${upstream}" is not host:port`);
  if (!LISTEN.test(site.listen)) throw new Error(`listen "${site.listen}" is not [address:]port`);
  for (const dir of [site.cacheDir, site.logDir]) if (!PATH.test(dir)) throw new Error(`"${dir}" is not a plain path`);
  const values: Record<string, string> = {
    SLUICE_UPSTREAM_SERVERS: site.upstreams.map((u) => `server ${u} max_fails=2 fail_timeout=5s;`).join(' '),
    SLUICE_LISTEN: site.listen,
    SLUICE_CACHE_DIR: site.cacheDir,
    SLUICE_LOG_DIR: site.logDir,
  };
  return template.replace(/\$\{(SLUICE_[A-Z_]+)\}/g, (whole: string, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`sluice.conf has an unknown placeholder ${whole}`);
    return value;
  });
}

/**
 * A directory nginx runs from with `nginx -p <prefix> -c nginx.conf`: the main configuration, the
 * rendered site, and its logs, temp and cache directories. Returns the site as rendered.
 */
export function writePrefix(prefix: string, site: Omit<NginxSite, 'cacheDir' | 'logDir'> & Partial<NginxSite>): string {
  const root = resolve(prefix);
  const cacheDir = site.cacheDir ?? join(root, 'cache');
  const logDir = site.logDir ?? join(root, 'logs');
  for (const dir of [root, join(root, 'logs'), join(root, 'temp'), cacheDir, logDir]) mkdirSync(dir, { recursive: true });
  const rendered = renderSite({ ...site, cacheDir, logDir });
  copyFileSync(MAIN_CONF, join(root, 'nginx.conf'));
  writeFileSync(join(root, 'sluice.conf'), rendered);
  return rendered;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      upstream: { type: 'string', multiple: true, default: [] },
      listen: { type: 'string', default: '80' },
      'cache-dir': { type: 'string', default: '/var/cache/nginx/sluice' },
      'log-dir': { type: 'string', default: '/var/log/nginx' },
      prefix: { type: 'string' },
    },
  });
  const upstreams = values.upstream;
  if (values.prefix) {
    const prefix = isAbsolute(values.prefix) ? values.prefix : resolve(values.prefix);
    writePrefix(prefix, { upstreams, listen: values.listen });
    console.error(`wrote ${prefix}/nginx.conf and sluice.conf; run: nginx -p ${prefix} -c nginx.conf`);
    return;
  }
  process.stdout.write(renderSite({ upstreams, listen: values.listen, cacheDir: values['cache-dir'], logDir: values['log-dir'] }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
