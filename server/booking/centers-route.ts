import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { CentersReply } from '../../protocol';
import { responses } from '../http/responses';
import type { InventoryFile } from './inventory';

/** The inventory's regions, each with its centers, in file order. */
export function centersOf(file: InventoryFile): CentersReply {
  return {
    regions: file.regions.map((region) => ({
      id: region.id,
      name: { ko: region.ko, en: region.name },
      centers: file.centers.filter((c) => c.region === region.id).map((c) => ({ id: c.id, name: c.name })),
    })),
  };
}

/**
 * `GET /centers`: what the booking page's region and center choices list, before it asks for a
 * center's slots (`GET /slots?center=`). The same for everyone all event long, so caches keep it.
 */
export async function centersRoute(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const body = JSON.stringify(centersOf(app.booking.inventory.file));
  app.get(
    '/centers',
    { schema: { summary: 'The regions and their vaccination centers (cacheable for 5 minutes)', response: responses({ 200: CentersReply }) } },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300').type('application/json; charset=utf-8');
      return reply.send(body);
    },
  );
}
