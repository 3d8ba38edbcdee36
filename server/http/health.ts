import type { FastifyInstance } from 'fastify';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok', node: app.config.nodeId }));
  app.get('/readyz', async (_request, reply) => {
    try {
      const latencyMs = await app.store.ping();
      return { status: 'ready', store: app.store.kind, latencyMs: Math.round(latencyMs * 100) / 100 };
    } catch {
      return reply.code(503).send({ error: 'store_unavailable', message: `The ${app.store.kind} store is unreachable` });
    }
  });
}
