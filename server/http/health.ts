import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { refusal } from '../../protocol';
import { sendRefusal } from './error-handler';
import { responses } from './responses';

const Healthy = Type.Object({ status: Type.Literal('ok'), node: Type.String() });
const Ready = Type.Object({ status: Type.Literal('ready'), store: Type.Union([Type.Literal('memory'), Type.Literal('redis')]), latencyMs: Type.Number() });

/** Liveness (`/healthz`) and readiness (`/readyz`: the store answers) for the load balancer. */
export async function healthRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/healthz', { schema: { summary: 'Liveness: the process answers', response: { 200: Healthy } } }, async () => ({
    status: 'ok' as const,
    node: app.config.nodeId,
  }));
  app.get(
    '/readyz',
    { schema: { summary: 'Readiness: the store is reachable', response: responses({ 200: Ready }, ['store_unavailable']) } },
    async (_request, reply) => {
      try {
        const latencyMs = await app.store.ping();
        return { status: 'ready' as const, store: app.store.kind, latencyMs: Math.round(latencyMs * 100) / 100 };
      } catch {
        return sendRefusal(reply, refusal('store_unavailable', `The ${app.store.kind} store is unreachable`));
      }
    },
  );
}
