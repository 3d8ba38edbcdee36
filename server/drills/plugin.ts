import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DrillService } from './drill-service';
import { RunnerGateway } from './runner-gateway';

declare module 'fastify' {
  interface FastifyInstance {
    drills: DrillService;
  }
}

/** Drills from the console: the `/runner` namespace on the console's Socket.IO server, and the drill's life. */
export const drillsPlugin = fp(async (app: FastifyInstance) => {
  const drills = new DrillService(app, new RunnerGateway(app));
  app.decorate('drills', drills);
  app.addHook('preClose', async () => {
    drills.close();
    drills.runners.close();
  });
});
