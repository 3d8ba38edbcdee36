import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

type Observer = { observe(value: number): void };

export const metricsPlugin = fp(async (app: FastifyInstance) => {
  // Label sets are few (method x route x status); resolving them once keeps the hot path to a Map lookup.
  const observers = new Map<string, Observer>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${route} ${reply.statusCode}`;
    let observer = observers.get(key);
    if (!observer) {
      observer = app.metrics.httpDuration.labels(request.method, route, String(reply.statusCode));
      observers.set(key, observer);
    }
    observer.observe(reply.elapsedTime / 1000);
    app.metrics.served.count++;
    done();
  });
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics of this node',
        response: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } },
      },
    },
    async (_request, reply) => {
      reply.type(app.metrics.registry.contentType);
      return app.metrics.registry.metrics();
    },
  );
});
