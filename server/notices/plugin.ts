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
  app.decorate('notices', new NoticeBoard(app.store.notices, app.clock));
});
