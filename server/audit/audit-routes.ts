import type { FastifyInstance } from 'fastify';
import { AuditQuery, type AuditReply } from '../../protocol';
import { checkOperatorToken } from '../console/operator-auth';
import { HttpError } from '../http/http-error';
import { bearer } from '../tokens/tokens';
import { auditMarkdown } from './audit-markdown';

/** `GET /api/v1/console/audit?since=&limit=&format=json|md`: any logged-in operator. */
export async function auditRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: AuditQuery }>('/api/v1/console/audit', { schema: { querystring: AuditQuery } }, async (request, reply) => {
    const checked = checkOperatorToken(app, bearer(request.headers.authorization));
    if (!checked.ok) throw new HttpError(401, checked.error, checked.message);
    const { since = 0, limit = 1000, format = 'json' } = request.query;
    const entries = await app.auditLog.since(since, limit);
    if (format === 'md') {
      return reply.type('text/markdown; charset=utf-8').send(auditMarkdown(entries, app.clock.now()));
    }
    return { entries } satisfies AuditReply;
  });
}
