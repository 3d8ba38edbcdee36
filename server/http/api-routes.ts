import type { FastifyInstance } from 'fastify';
import { auditRoutes } from '../audit/audit-routes';
import { drillRoutes } from '../drills/drill-routes';
import { serviceTokenRoutes } from '../drills/service-token-routes';
import { centersRoute } from '../booking/centers-route';
import { bookingRoutes } from '../booking/routes';
import { identityRoutes } from '../identity/routes';
import { loginRoutes } from '../operators/login-routes';
import { queueStateRoutes } from '../waiting-room/queue-state-routes';
import { waitingRoomRoutes } from '../waiting-room/routes';

/** Where the public API lives: every route below is registered under it, once. */
export const API_PREFIX = '/api/v1';

/** The public HTTP API; registered with `{ prefix: API_PREFIX }`. */
export async function apiRoutes(app: FastifyInstance): Promise<void> {
  await app.register(waitingRoomRoutes);
  await app.register(queueStateRoutes);
  await app.register(identityRoutes);
  await app.register(bookingRoutes);
  await app.register(centersRoute);
  await app.register(loginRoutes);
  await app.register(auditRoutes);
  await app.register(serviceTokenRoutes);
  await app.register(drillRoutes);
}
