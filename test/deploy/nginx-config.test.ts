import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSite, SITE_TEMPLATE } from '../../scripts/nginx-config';
import { NginxProxy, nginxBinary } from '../support/nginx';

const site = { upstreams: ['10.0.0.11:8080', '10.0.0.12:8080'], listen: '80', cacheDir: '/var/cache/nginx/sluice', logDir: '/var/log/nginx' };
const NGINX = nginxBinary();

describe('deploy/nginx/sluice.conf, rendered', () => {
  it('fills every placeholder and leaves nginx variables alone', () => {
    const conf = renderSite(site);
    expect(conf).not.toMatch(/\$\{SLUICE_/);
    // Both upstreams (round robin for the API, hashed by address for Socket.IO) list every node.
    expect(conf.match(/server 10\.0\.0\.11:8080 max_fails=2 fail_timeout=5s;/g)).toHaveLength(2);
    expect(conf).toContain('listen 80;');
    expect(conf).toContain('proxy_cache_path /var/cache/nginx/sluice/state ');
    expect(conf).toContain('access_log /var/log/nginx/sluice-access.log sluice_cache;');
    expect(conf).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
  });

  it('the placeholders are the ones envsubst is told about in its header', () => {
    const template = readFileSync(SITE_TEMPLATE, 'utf8');
    const placeholders = new Set([...template.matchAll(/\$\{(SLUICE_[A-Z_]+)\}/g)].map((m) => m[1]));
    expect([...placeholders].sort()).toEqual(['SLUICE_CACHE_DIR', 'SLUICE_LISTEN', 'SLUICE_LOG_DIR', 'SLUICE_UPSTREAM_SERVERS']);
    expect(template).toContain("envsubst '$SLUICE_UPSTREAM_SERVERS $SLUICE_LISTEN $SLUICE_CACHE_DIR $SLUICE_LOG_DIR'");
  });

  it('refuses values nginx would misread', () => {
    expect(() => renderSite({ ...site, upstreams: [] })).toThrow(/at least one upstream/);
    expect(() => renderSite({ ...site, upstreams: ['10.0.0.11:8080; include /etc/passwd'] })).toThrow(/not host:port/);
    expect(() => renderSite({ ...site, listen: '80 default_server' })).toThrow(/listen/);
    expect(() => renderSite({ ...site, cacheDir: '/tmp/x; y' })).toThrow(/plain path/);
    expect(() => renderSite(site, 'listen ${SLUICE_PORT};')).toThrow(/unknown placeholder \$\{SLUICE_PORT\}/);
  });

  it.skipIf(!NGINX)(`nginx -t accepts the whole configuration, unprivileged${NGINX ? '' : ' (SKIPPED: nginx is not installed)'}`, async () => {
    const proxy = await NginxProxy.create(NGINX as string, ['127.0.0.1:1', '127.0.0.1:2']);
    try {
      const check = proxy.check();
      expect(check.output).toContain('test is successful');
      expect(check.ok, check.output).toBe(true);
    } finally {
      await proxy.stop();
    }
  });
});
