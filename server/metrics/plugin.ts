import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { registerOperationsGauges } from './operations-gauges';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where the metrics listener listens once the app is ready; null when it is off. */
    metricsAddress(): AddressInfo | null;
  }
}

export const metricsPlugin = fp(async (app: FastifyInstance) => {
  registerOperationsGauges(app.metrics.registry, app.store, () => app.controls.current);
  // Prometheus scrapes its own port (SLUICE_METRICS_PORT, loopback by default), as exporters do: the
  // public port never shows the node's internals.
  let listener: Server | undefined;
  app.decorate('metricsAddress', () => {
    const address = listener?.address();
    return address && typeof address === 'object' ? address : null;
  });
  const { port, host } = app.config.metrics;
  if (port === null) return;
  app.addHook('onReady', async () => {
    listener = createServer((request, response) => {
      const path = (request.url ?? '').split('?')[0];
      if (request.method !== 'GET' || path !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('This port serves GET /metrics only.\n');
        return;
      }
      app.metrics.registry.metrics().then(
        (body) => response.writeHead(200, { 'content-type': app.metrics.registry.contentType }).end(body),
        (err: unknown) => {
          app.log.error({ err }, 'metrics failed');
          response.writeHead(500).end();
        },
      );
    });
    const server = listener;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    app.log.info({ address: app.metricsAddress() }, 'metrics listening');
  });
  app.addHook('onClose', async () => {
    const server = listener;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
