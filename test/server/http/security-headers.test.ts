import type { FastifyInstance } from 'fastify';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app';
import { testConfig } from '../../../server/config';
import { DEFAULT_CONSOLE_CONFIG } from '../../../server/console/console-config';
import { baseUrl } from '../../support/cluster';
import { operatorToken } from '../console/console-client';

describe('security headers and who may open the console socket', () => {
  let app: FastifyInstance;
  let token: string;

  beforeAll(async () => {
    app = await buildApp(
      testConfig({ consoleOrigins: ['sluice://app', 'https://wall.example.go.kr'], console: { ...DEFAULT_CONSOLE_CONFIG, snapshotIntervalMs: 0 } }),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    token = await operatorToken(app, 'watcher', 'viewer');
  });
  afterAll(() => app.close());

  it('sends a CSP that keeps scripts to this server and forbids framing, nosniff, and no referrer', async () => {
    for (const url of ['/healthz', '/console/', '/no-such-page']) {
      const { headers } = await app.inject(url);
      const csp = String(headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("connect-src 'self'");
      expect(csp, url).not.toContain('unsafe-eval');
      expect(csp, url).not.toContain('upgrade-insecure-requests');
      expect([url, headers['x-content-type-options'], headers['x-frame-options'], headers['referrer-policy']]).toEqual([url, 'nosniff', 'DENY', 'no-referrer']);
    }
  });

  it('gives the JSON API the short set: nothing may load or frame it, no sniffing, no referrer', async () => {
    // Answered by a route, refused by its token hook, by no route, and by Fastify before routing.
    for (const url of ['/api/v1/providers/status', '/api/v1/event', '/api/v1/queue/status', '/api/v1/no-such-route', '/api/v1/drills/reports/%E0%A4%A']) {
      const { headers } = await app.inject(url);
      expect([url, headers['content-security-policy'], headers['x-content-type-options'], headers['x-frame-options'], headers['referrer-policy']]).toEqual([
        url,
        "default-src 'none'; frame-ancestors 'none'",
        'nosniff',
        'DENY',
        'no-referrer',
      ]);
      expect(headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('gives /docs its own policy: scripts from this server only, never framed, nothing from elsewhere', async () => {
    const docs = await app.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    const csp = String(docs.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'( 'sha256-[^']+')*;/);
    expect(csp).toContain("img-src 'self' data:;");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https:|validator|upgrade-insecure-requests/);
  });

  /** Connects with the Origin a browser page on `origin` would send (none: not a browser). */
  function attempt(origin: string | undefined, transport: 'websocket' | 'polling'): Promise<string> {
    const socket = io(`${baseUrl(app)}/console`, {
      auth: { token },
      transports: [transport],
      reconnection: false,
      forceNew: true,
      extraHeaders: origin ? { origin } : {},
    });
    return new Promise((resolve) => {
      socket.once('connect', () => {
        socket.close();
        resolve('connected');
      });
      socket.once('connect_error', (err) => {
        socket.close();
        resolve(err.message);
      });
    });
  }

  it.each(['websocket', 'polling'] as const)('lets only its own origin and the configured ones connect (%s)', async (transport) => {
    const own = baseUrl(app);
    const results = {
      own: await attempt(own, transport),
      desktop: await attempt('sluice://app', transport),
      configured: await attempt('https://wall.example.go.kr', transport),
      none: await attempt(undefined, transport),
      evil: await attempt('https://evil.example', transport),
      lookalike: await attempt(`${own}.evil.example`, transport),
      nullOrigin: await attempt('null', transport),
    };
    expect(results).toMatchObject({ own: 'connected', desktop: 'connected', configured: 'connected', none: 'connected' });
    for (const refused of [results.evil, results.lookalike, results.nullOrigin]) expect(refused).not.toBe('connected');
  });

  it('reads SLUICE_CONSOLE_ORIGINS and SLUICE_METRICS_PORT, refusing what is not an origin', async () => {
    const { loadConfig } = await import('../../../server/config');
    expect(loadConfig({ SLUICE_MODE: 'training' }).consoleOrigins).toEqual(['sluice://app']);
    expect(loadConfig({ SLUICE_MODE: 'training' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ SLUICE_MODE: 'training', SLUICE_METRICS_PORT: '0' }).metrics.port).toBeNull();
    expect(loadConfig({ SLUICE_MODE: 'training', SLUICE_CONSOLE_ORIGINS: 'sluice://app,https://a.example:8443' }).consoleOrigins).toEqual([
      'sluice://app',
      'https://a.example:8443',
    ]);
    expect(() => loadConfig({ SLUICE_MODE: 'training', SLUICE_CONSOLE_ORIGINS: 'https://a.example/path' })).toThrow(/SLUICE_CONSOLE_ORIGINS/);
    expect(() => loadConfig({ SLUICE_MODE: 'training', SLUICE_CONSOLE_ORIGINS: '*' })).toThrow(/SLUICE_CONSOLE_ORIGINS/);
  });
});
