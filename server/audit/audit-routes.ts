import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { AuditQuery, AuditReply } from '../../protocol';
import { responses } from '../http/responses';
import { auditMarkdown } from './audit-markdown';

/** `GET /console/audit?since=&limit=&format=json|md` (under the API prefix): any logged-in operator, and the drill runner. */
export async function auditRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/console/audit',
    {
      schema: {
        summary: 'The audit log: every change, denied attempt, alert and note (JSON, or Markdown for the incident report)',
        security: [{ operator: [] }, { service: [] }],
        querystring: AuditQuery,
        response: responses({ 200: Type.Union([AuditReply, Type.String({ description: 'format=md: text/markdown' })]) }, ['invalid_token', 'token_expired']),
      },
      // The drill runner reads it too, for its report's timeline.
      onRequest: app.authenticate(['operator', 'service']),
    },
    async (request, reply) => {
      const { since = 0, limit = 1000, format = 'json' } = request.query;
      const entries = await app.auditLog.since(since, limit);
      if (format === 'md') {
        return reply.type('text/markdown; charset=utf-8').send(auditMarkdown(entries, app.clock.now()));
      }
      return { entries };
    },
  );
}
