import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { AlertSchema, DrillReportPostSchema, DrillReportSchema, DrillReportsReply, DrillScenariosReply, may, refusal } from '../../protocol';
import { claimsOf } from '../http/authenticate';
import { refuse } from '../http/refusal-error';
import { responses } from '../http/responses';

const TOKEN_CODES = ['invalid_token', 'token_expired', 'forbidden'] as const;
/** A report with a few thousand samples and timeline lines; far above what a drill produces. */
const REPORT_BODY_LIMIT = 4 * 1024 * 1024;

/** Reading reports and scenarios takes what reading the audit log takes. */
function mayRead(request: FastifyRequest): void {
  const claims = claimsOf(request, 'operator');
  if (!may(claims.role, 'audit:read', { drillRunning: false })) refuse(refusal('forbidden', 'Your role may not read drill reports.'));
}

/**
 * Drills over HTTP (under the API prefix): the runner's scenarios and the stored reports for
 * operators; the runner posts its report here, and reads the alerts for it.
 */
export async function drillRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/drills/scenarios',
    {
      schema: {
        summary: 'The scenarios the connected drill runner offers (empty when none is connected)',
        security: [{ operator: [] }],
        response: responses({ 200: DrillScenariosReply }, [...TOKEN_CODES]),
      },
      onRequest: app.authenticate('operator'),
      preHandler: async (request) => mayRead(request),
    },
    async () => {
      const runners = await app.drills.runners.runners();
      const byName = new Map(runners.flatMap((r) => r.scenarios).map((s) => [s.name, s]));
      return { runner: runners.length > 0, scenarios: [...byName.values()] };
    },
  );

  app.get(
    '/drills/reports',
    {
      schema: {
        summary: 'Stored drill reports, newest first',
        security: [{ operator: [] }],
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }, { additionalProperties: false }),
        response: responses({ 200: DrillReportsReply }, [...TOKEN_CODES]),
      },
      onRequest: app.authenticate('operator'),
      preHandler: async (request) => mayRead(request),
    },
    async (request) => ({ reports: await app.store.drills.reports(request.query.limit ?? 50) }),
  );

  app.get(
    '/drills/reports/:id',
    {
      schema: {
        summary: 'One drill report: JSON, or Markdown to download',
        security: [{ operator: [] }],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
        querystring: Type.Object(
          { format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('md')])), download: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: responses({ 200: Type.Union([DrillReportSchema, Type.String({ description: 'format=md: text/markdown' })]) }, [
          ...TOKEN_CODES,
          'unknown_report',
        ]),
      },
      onRequest: app.authenticate('operator'),
      preHandler: async (request) => mayRead(request),
    },
    async (request, reply) => {
      const stored = await app.store.drills.report(request.params.id);
      if (!stored) refuse(refusal('unknown_report', 'No drill report has that id.'));
      const { format = 'json', download = false } = request.query;
      const name = `drill-${stored.report.scenario}-${new Date(stored.report.startedAt).toISOString().slice(0, 19).replace(/:/g, '')}.${format}`;
      if (download) reply.header('content-disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`);
      if (format === 'md') return reply.type('text/markdown; charset=utf-8').send(stored.markdown);
      return stored.report;
    },
  );

  app.post(
    '/drills/reports',
    {
      schema: {
        summary: "The drill runner's report at the end of a drill (service token)",
        security: [{ service: [] }],
        body: DrillReportPostSchema,
        response: responses({ 201: Type.Object({ id: Type.String() }) }, ['invalid_token', 'token_expired']),
      },
      bodyLimit: REPORT_BODY_LIMIT,
      onRequest: app.authenticate('service'),
    },
    async (request, reply) => {
      await app.drills.finish(request.body);
      return reply.code(201).send({ id: request.body.report.id });
    },
  );

  app.get(
    '/console/alerts',
    {
      schema: {
        summary: 'The active alerts and the recently resolved ones (operators, and the drill runner for its report)',
        security: [{ operator: [] }, { service: [] }],
        response: responses({ 200: Type.Object({ alerts: Type.Array(AlertSchema) }) }, ['invalid_token', 'token_expired']),
      },
      onRequest: app.authenticate(['operator', 'service']),
    },
    async () => ({ alerts: await app.consoleGateway.alerts.list() }),
  );
}
