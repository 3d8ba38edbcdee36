import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app';
import { testConfig } from '../../../server/config';
import { baseUrl } from '../../support/cluster';

describe('HTTP latency histogram, observed per route', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(testConfig());
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  it('counts every answer once under its route, method and status, including those no route gave', async () => {
    const served = app.metrics.served.count;
    const url = baseUrl(app);
    const send = async (path: string, init?: RequestInit) => (await fetch(`${url}${path}`, init)).status;
    const statuses = [
      ...(await Promise.all([1, 2, 3].map(() => send('/healthz')))),
      await send('/healthz', { method: 'HEAD' }),
      ...(await Promise.all([1, 2].map(() => send('/api/v1/queue/status')))),
      await send('/api/v1/queue/status', { headers: { authorization: 'Bearer nonsense' } }),
      await send('/no-such-page'),
      await send('/api/v1/queue/join', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"clientId":' }),
      // Refused by Fastify before routing (a path parameter that is not valid percent-encoding).
      await send('/api/v1/drills/reports/%E0%A4%A'),
    ];
    expect(statuses).toEqual([200, 200, 200, 200, 401, 401, 401, 404, 400, 400]);
    const counts = (await app.metrics.httpDuration.get()).values
      .filter((v) => v.metricName === 'sluice_http_request_duration_seconds_count')
      .map((v) => `${String(v.labels.method)} ${String(v.labels.route)} ${String(v.labels.status)} ${v.value}`)
      .sort();
    expect(counts).toEqual(
      [
        'GET /healthz 200 3',
        'HEAD /healthz 200 1',
        'GET /api/v1/queue/status 401 3',
        'GET unmatched 404 1',
        'GET unmatched 400 1',
        'POST /api/v1/queue/join 400 1',
      ].sort(),
    );
    expect(app.metrics.served.count - served).toBe(10);
  });
});
