import type { FastifyInstance, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inHeartbeatSample, type DrillReport, type Scenario } from '../../protocol';
import { buildApp } from '../../server/app';
import { testConfig } from '../../server/config';
import { loadScenario, runScenario } from '../../simulator/crowd/run-scenario';
import { startProviderSimulator, type ProviderSimulator } from '../../simulator/providers/server';
import { reportMarkdown } from '../../simulator/report/report-markdown';
import { baseUrl } from '../support/cluster';

/**
 * The simulator's citizens wait as the citizen page does: they follow the public queue state and
 * call `GET /queue/status` once, when the state says their turn has come, to claim it; sampled
 * tickets send heartbeats. `behaviour.waitingClient: status` keeps the July 2021 polling. A real
 * server (memory store) over loopback, the real provider simulator, a crowd of real citizens; the
 * server's own hooks record every waiting-room request with the head it met.
 */

const CITIZENS = 200;
const RATE_PER_SEC = 25;
const SAMPLE_EVERY = 8;
const HEARTBEAT_SEC = 1;

interface StatusCall {
  number: number;
  /** The node's head when the request arrived. */
  head: number;
  code?: number;
  state?: string;
}

const ticketNumber = (request: FastifyRequest): number => {
  const token = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
  return (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { ticketNumber: number }).ticketNumber;
};

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

let app: FastifyInstance;
let providers: ProviderSimulator;
let serverUrl: string;
const seen = { status: [] as StatusCall[], state: 0, heartbeats: [] as { number: number; at: number }[] };

beforeAll(async () => {
  providers = await startProviderSimulator({ profiles: { medianMs: 5, sigma: 0, errorRate: 0 } });
  app = await buildApp(
    testConfig({
      tickIntervalMs: 50,
      joinsPerSecPerIp: 1_000_000,
      providersUrl: providers.url,
      heartbeatSampleEvery: SAMPLE_EVERY,
      heartbeatSec: HEARTBEAT_SEC,
    }),
  );
  const calls = new WeakMap<FastifyRequest, StatusCall>();
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0];
    if (path === '/api/v1/queue/state') seen.state++;
    else if (path === '/api/v1/queue/heartbeat') seen.heartbeats.push({ number: ticketNumber(request), at: Date.now() });
    else if (path === '/api/v1/queue/status') {
      const call: StatusCall = { number: ticketNumber(request), head: app.waitingRoom.head };
      seen.status.push(call);
      calls.set(request, call);
    }
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const call = calls.get(request);
    if (call) {
      call.code = reply.statusCode;
      call.state = typeof payload === 'string' ? (JSON.parse(payload) as { state?: string }).state : undefined;
    }
    return payload;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  serverUrl = baseUrl(app);
  await app.controls.update({ admissionRatePerSec: RATE_PER_SEC, maxActiveSessions: 10_000, gate: 'open' });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await providers?.close();
});

/** 200 citizens (one device each, endless patience) arriving within 4 s, admitted at 25/s. */
function crowd(waitingClient: 'state' | 'status'): Scenario {
  const smoke = loadScenario('smoke');
  return {
    ...smoke,
    name: `waiting-${waitingClient}`,
    durationSec: 16,
    population: { cohorts: [{ ...smoke.population.cohorts[0]!, size: CITIZENS, devicesPerPerson: 1 }] },
    arrivals: { stages: [{ name: 'rush', fromSec: 0, toSec: 4, fraction: 1 }] },
    behaviour: { ...smoke.behaviour, patienceMeanSec: 1e9, etaWeight: 0, waitingClient },
    faults: [],
    expectations: [],
    thresholds: { maxTicketsLost: 0, maxOverbooked: 0, maxErrorRate: 1 },
  };
}

async function run(waitingClient: 'state' | 'status'): Promise<DrillReport> {
  seen.status = [];
  seen.state = 0;
  seen.heartbeats = [];
  return runScenario(crowd(waitingClient), { serverUrl, providersUrl: providers.url, graceSec: 20 });
}

const perCitizen = (report: DrillReport, route: string) => ((report.requestsByRoute?.[route] ?? 0) / report.crowd.joined).toFixed(2);

describe('simulated citizens wait as the citizen page does', () => {
  it('follow the queue state and claim their turn with exactly one status call each', async () => {
    const report = await run('state');
    const summary = reportMarkdown(report);
    const routes = report.requestsByRoute ?? {};
    console.info(
      `waitingClient state: ${report.crowd.joined} joined; per citizen: state ${perCitizen(report, 'GET /queue/state')}, ` +
        `status ${perCitizen(report, 'GET /queue/status')}, heartbeat ${perCitizen(report, 'POST /queue/heartbeat')}`,
    );

    // Everyone arrived, waited and was admitted: nobody left, gave up or lost a ticket.
    expect(report.crowd.joined, summary).toBe(report.crowdDetail?.['arrivals']);
    expect(report.crowd.joined, summary).toBeGreaterThan(CITIZENS * 0.8);
    expect(report.crowd.abandoned, summary).toBe(0);
    expect(report.ticketsLost, summary).toBe(0);
    expect(report.crowd.admitted, summary).toBe(report.crowd.joined);

    // One status call per citizen, made once the head had reached its number, answered admitted.
    // (One node: the state is built from this node's head, so the status route never answers
    // `waiting` to a claim the state prompted; with several nodes a claim may race a node that has
    // not seen the head move yet, and is then repeated a second later.)
    const byNumber = groupBy(seen.status, (c) => c.number);
    expect(byNumber.size, summary).toBe(report.crowd.admitted);
    for (const [number, calls] of byNumber) {
      expect(calls, `ticket ${number}`).toHaveLength(1);
      expect(calls[0], `ticket ${number}`).toMatchObject({ code: 200, state: 'admitted' });
      expect(calls[0]!.head, `ticket ${number} claimed before its turn`).toBeGreaterThanOrEqual(number);
    }
    expect(seen.status, summary).toHaveLength(report.crowd.admitted);

    // They followed the state instead (each at least once; a 304 counts too).
    expect(seen.state, summary).toBeGreaterThanOrEqual(report.crowd.joined);
    // The simulator's own count by route agrees with what the server saw.
    expect(routes['GET /queue/status'], summary).toBe(seen.status.length);
    expect(routes['GET /queue/state'], summary).toBe(seen.state);
    expect(routes['POST /queue/heartbeat'] ?? 0, summary).toBe(seen.heartbeats.length);
    expect(routes['POST /queue/join'], summary).toBe(report.crowd.joined);

    // Heartbeats only from tickets in the sample, at most one per interval while they waited
    // (the first at once), never after their claim.
    const claimedAt = new Map(seen.status.map((c) => [c.number, c]));
    expect(seen.heartbeats.length, summary).toBeGreaterThan(0);
    for (const [number, beats] of groupBy(seen.heartbeats, (b) => b.number)) {
      expect(inHeartbeatSample(number, SAMPLE_EVERY), `ticket ${number} is not sampled`).toBe(true);
      expect(claimedAt.has(number)).toBe(true);
      const span = beats.at(-1)!.at - beats[0]!.at;
      expect(beats.length, `ticket ${number}: ${beats.length} beats over ${span} ms`).toBeLessThanOrEqual(Math.floor(span / (HEARTBEAT_SEC * 1000)) + 1);
    }

    expect(summary).toContain('## Requests by route');
    expect(summary).toMatch(/\| GET \/queue\/state \| \d+ \| [\d.]+ \|/);
  }, 120_000);

  it('with waitingClient: status they poll the status as in July 2021 and never fetch the state', async () => {
    const report = await run('status');
    const summary = reportMarkdown(report);
    const routes = report.requestsByRoute ?? {};
    console.info(`waitingClient status: ${report.crowd.joined} joined; per citizen: status ${perCitizen(report, 'GET /queue/status')}`);

    expect(report.crowd.joined, summary).toBeGreaterThan(CITIZENS * 0.8);
    expect(report.ticketsLost, summary).toBe(0);
    expect(report.crowd.admitted, summary).toBe(report.crowd.joined);
    expect(seen.state, summary).toBe(0);
    expect(seen.heartbeats, summary).toHaveLength(0);
    expect(routes['GET /queue/state'], summary).toBeUndefined();
    expect(routes['GET /queue/status'], summary).toBe(seen.status.length);
    // Polling: status calls while still waiting, more than one per citizen in all.
    expect(seen.status.filter((c) => c.state === 'waiting').length, summary).toBeGreaterThan(0);
    expect(seen.status.length, summary).toBeGreaterThan(report.crowd.joined);
    expect(new Set(seen.status.filter((c) => c.state === 'admitted').map((c) => c.number)).size, summary).toBe(report.crowd.admitted);
  }, 120_000);
});
