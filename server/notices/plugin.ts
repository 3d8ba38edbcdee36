import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { NoticeBoard } from './notice-board';

declare module 'fastify' {
  interface FastifyInstance {
    notices: NoticeBoard;
  }
}

/** The notice board every node serves from (registered before the console, which posts to it). */
export const noticesPlugin = fp(async (app: FastifyInstance) => {
  const board = new NoticeBoard(app.store.notices, app.clock);
  app.decorate('notices', board);
  board.start((err) => app.log.debug({ err }, 'notice board not refreshed (the store is unreachable); serving the last list'));
  app.addHook('onClose', async () => board.stop());
});
