import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { IdentityGateway } from './identity-gateway';

declare module 'fastify' {
  interface FastifyInstance {
    identity: IdentityGateway;
  }
}

/** The identity gateway: `app.identity` (its routes are in `routes.ts`). */
export const identityPlugin = fp(async (app: FastifyInstance) => {
  const gateway = new IdentityGateway({
    config: app.config,
    store: app.store,
    controls: app.controls,
    clock: app.clock,
    tokens: app.tokens,
    registry: app.metrics.registry,
    log: app.log,
  });
  app.decorate('identity', gateway);
  gateway.start();
  app.addHook('onClose', async () => gateway.stop());
});
