import type { FastifyInstance } from 'fastify';
import type { ManualClock } from '../../../server/clock';
import { DEFAULT_IDENTITY_CONFIG, type IdentityConfig } from '../../../server/identity/identity-config';
import { baseUrl } from '../../support/cluster';

/**
 * Short windows and timeouts, so the identity suites run in seconds; wide enough margins that a
 * loaded CI machine (loopback calls of tens of ms) cannot turn a healthy provider yellow.
 */
export function fastIdentityConfig(): IdentityConfig {
  return {
    ...DEFAULT_IDENTITY_CONFIG,
    timeoutMs: 700,
    windowSec: 3,
    lights: { ...DEFAULT_IDENTITY_CONFIG.lights, yellowP95Ms: 300, minRequests: 5 },
    breaker: { failureRate: 0.5, windowCalls: 10, minCalls: 6, halfOpenAfterMs: 1000 },
  };
}

/** Goes through the real waiting room: join, two admission ticks, status -> access token. */
export async function admittedCitizen(app: FastifyInstance, clock: ManualClock): Promise<string> {
  const url = baseUrl(app);
  const join = await fetch(`${url}/api/v1/queue/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const { ticket } = (await join.json()) as { ticket: string };
  await app.waitingRoom.tickOnce();
  clock.advance(1000);
  await app.waitingRoom.tickOnce();
  const status = await fetch(`${url}/api/v1/queue/status`, { headers: { authorization: `Bearer ${ticket}` } });
  const body = (await status.json()) as { state: string; accessToken?: string };
  if (body.state !== 'admitted' || !body.accessToken) throw new Error(`not admitted: ${JSON.stringify(body)}`);
  return body.accessToken;
}

/**
 * `count` citizens through the real waiting room at once (joins, admission ticks a second apart,
 * status polls). One admission verifies one person, so a test that verifies many people takes one
 * access token per person: `next()` hands out the next unused one. Join with a raised per-address
 * join limit (`joinsPerSecPerIp`), as every joiner here comes from 127.0.0.1.
 */
export async function admittedCitizens(app: FastifyInstance, clock: ManualClock, count: number): Promise<() => string> {
  const url = baseUrl(app);
  const tickets = await Promise.all(
    Array.from({ length: count }, async () => {
      const join = await fetch(`${url}/api/v1/queue/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (join.status !== 200) throw new Error(`join answered ${join.status}: ${await join.text()}`);
      return ((await join.json()) as { ticket: string }).ticket;
    }),
  );
  const tokens: string[] = [];
  let waiting = tickets;
  await app.waitingRoom.tickOnce();
  for (let round = 0; waiting.length > 0; round++) {
    if (round > 60) throw new Error(`${waiting.length} citizens never admitted`);
    clock.advance(1000);
    await app.waitingRoom.tickOnce();
    const polled = await Promise.all(
      waiting.map(async (ticket) => {
        const status = await fetch(`${url}/api/v1/queue/status`, { headers: { authorization: `Bearer ${ticket}` } });
        return { ticket, body: (await status.json()) as { state: string; accessToken?: string } };
      }),
    );
    for (const { body } of polled) if (body.state === 'admitted' && body.accessToken) tokens.push(body.accessToken);
    waiting = polled.filter((p) => p.body.state !== 'admitted').map((p) => p.ticket);
  }
  return () => {
    const token = tokens.shift();
    if (!token) throw new Error('every admitted citizen has verified already: admit more');
    return token;
  };
}

export interface VerifyAnswer {
  status: number;
  body: Record<string, unknown> & { error?: string; message?: string; alternatives?: string[] };
  headers: Headers;
}

export async function verifyAt(app: FastifyInstance, token: string | undefined, body: Record<string, unknown>): Promise<VerifyAnswer> {
  const res = await fetch(`${baseUrl(app)}/api/v1/identity/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as VerifyAnswer['body'], headers: res.headers };
}

let people = 0;
/** A person nobody has verified yet (the 10-minute rule is per person). */
export function newPerson(provider: string): Record<string, unknown> {
  people++;
  return { provider, name: `Citizen ${people}`, birthDate: '1985-03-09' };
}

/** Every node sends its counts, then every node reads the merged window back. */
export async function syncHealth(nodes: FastifyInstance[], clock: ManualClock): Promise<void> {
  clock.advance(1000);
  for (const node of nodes) await node.identity.flush();
  for (const node of nodes) await node.identity.refresh();
}

export function lightsOf(app: FastifyInstance): Record<string, string> {
  return Object.fromEntries(app.identity.health().map((h) => [h.id, h.light]));
}
