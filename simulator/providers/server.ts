import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import { FaultSpecSchema, PROVIDER_IDS, ProviderIdSchema, type FaultSpec, type ProviderId } from '../../protocol';
import { FaultRegistry, faultProblem } from './fault-registry';
import { resolveProfiles, type ProfileOverrides } from './profiles';
import { PersonRecords, type PersonRecord } from './person-records';
import { SimulatedProvider, type VerifyRequest } from './simulated-provider';
import { TrafficStats } from './traffic-stats';

/** What a provider takes: the person's details, the same for all six. */
const ProviderVerifyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    birthDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    phone: Type.Optional(Type.String({ pattern: '^[0-9+-]{8,20}$' })),
  },
  { additionalProperties: false },
);
const PersonRecordBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    birthDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    phone: Type.Optional(Type.String({ pattern: '^[0-9+-]{8,20}$' })),
  },
  { additionalProperties: false },
);
const ProviderParams = Type.Object({ id: ProviderIdSchema });
const FaultParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export interface ProviderSimulatorOptions {
  port?: number;
  host?: string;
  profiles?: ProfileOverrides;
  /** Source of randomness for service times and base errors. */
  random?: () => number;
  logger?: boolean;
}

export interface ProviderSimulator {
  url: string;
  faults: FaultRegistry;
  stats: TrafficStats;
  people: PersonRecords;
  close(): Promise<void>;
}

/** The six external identity providers in one HTTP service, with faults injected at run time. */
export async function startProviderSimulator(options: ProviderSimulatorOptions = {}): Promise<ProviderSimulator> {
  const profiles = resolveProfiles(options.profiles);
  const faults = new FaultRegistry();
  const stats = new TrafficStats();
  const people = new PersonRecords();
  const providers = Object.fromEntries(
    PROVIDER_IDS.map((id) => [id, new SimulatedProvider(id, profiles[id], faults, stats, people, options.random)]),
  ) as Record<ProviderId, SimulatedProvider>;
  const inflight = new Set<AbortController>();

  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 8 * 1024 });
  answerErrorsPlainly(app);

  app.post<{ Params: { id: ProviderId }; Body: VerifyRequest }>(
    '/providers/:id/verify',
    { schema: { params: ProviderParams, body: ProviderVerifyBody } },
    async (request, reply) => {
      const id = request.params.id;
      const controller = new AbortController();
      inflight.add(controller);
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) controller.abort();
      });
      stats.begin(id);
      try {
        const answer = await providers[id].verify(request.body, controller.signal);
        if (answer.kind === 'reply') return reply.code(answer.status).send(answer.body);
        cut(request, reply);
      } finally {
        stats.end(id);
        inflight.delete(controller);
      }
    },
  );

  app.post<{ Body: FaultSpec }>('/faults', { schema: { body: FaultSpecSchema } }, async (request, reply) => {
    const problem = faultProblem(request.body);
    if (problem) return reply.code(400).send({ error: 'bad_request', message: problem });
    const fault = faults.add(request.body);
    request.log.info({ fault }, 'fault injected');
    return { id: fault.id };
  });
  app.get('/faults', async () => ({ faults: faults.list() }));
  app.delete<{ Params: Static<typeof FaultParams> }>('/faults/:id', { schema: { params: FaultParams } }, async (request, reply) => {
    if (!faults.remove(request.params.id)) {
      return reply.code(404).send({ error: 'not_found', message: `no fault ${request.params.id}` });
    }
    return { removed: 1 };
  });
  app.delete('/faults', async () => ({ removed: faults.clear() }));

  // People on the providers' records: confirmed with their recorded birth date (see PersonRecords).
  app.post<{ Body: PersonRecord }>('/people', { schema: { body: PersonRecordBody } }, async (request, reply) => {
    const problem = PersonRecords.problem(request.body);
    if (problem) return reply.code(400).send({ error: 'bad_request', message: problem });
    people.add(request.body);
    return reply.code(201).send({ added: 1 });
  });
  app.get('/people', async () => ({ people: people.list() }));
  app.delete('/people', async () => ({ removed: people.clear() }));

  app.get('/stats', async () => ({ providers: stats.snapshot() }));
  app.delete('/stats', async () => {
    stats.reset();
    return { providers: stats.snapshot() };
  });
  app.get('/profiles', async () => ({ providers: profiles }));
  app.get('/healthz', async () => ({ status: 'ok' }));

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    faults,
    stats,
    people,
    close: async () => {
      for (const controller of inflight) controller.abort();
      await app.close();
    },
  };
}

/** An outage or a caller that left: the connection ends without an answer. */
function cut(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket.destroy();
}

function answerErrorsPlainly(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.validation) {
      request.log.info({ validation: err.validation }, 'bad request');
      return reply.code(400).send({ error: 'bad_request', message: err.message });
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: 'bad_request', message: err.message });
    }
    request.log.error({ err }, 'simulator failure');
    return reply.code(500).send({ error: 'internal', message: 'simulator failure' });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` });
  });
}
