import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock';
import { startProviderSimulator, type ProviderSimulator } from '../../simulator/providers/server';
import { baseUrl, startNodes, stopNodes } from '../support/cluster';
import { admittedCitizens, fastIdentityConfig, newPerson, syncHealth, verifyAt } from '../server/identity/admitted-citizen';

/** A light is only as good as the calls behind it: too few, and the console says "no data". */
let sim: ProviderSimulator;
let app: FastifyInstance;
let clock: ManualClock;

beforeAll(async () => {
  sim = await startProviderSimulator({ profiles: { medianMs: 5, sigma: 0, errorRate: 0 } });
  clock = new ManualClock();
  app = (await startNodes(1, { providersUrl: sim.url, identity: fastIdentityConfig() }, { clock }))[0]!;
});
afterAll(async () => {
  await stopNodes([app]);
  await sim?.close();
});

/** The kakao tile of this second's console snapshot (one per second: syncHealth moves the clock). */
async function consoleKakao() {
  const snapshot = await app.consoleGateway.cycle.runOnce();
  return snapshot?.providers.find((p) => p.id === 'kakao');
}

async function publicKakao(): Promise<string | undefined> {
  const reply = (await (await fetch(`${baseUrl(app)}/api/v1/providers/status`)).json()) as { providers: { id: string; light: string }[] };
  return reply.providers.find((p) => p.id === 'kakao')?.light;
}

describe('measured lights', () => {
  it('a provider with 2 calls (of the 5 the light needs) is not measured on the console, while its public light stays green', async () => {
    // One admission verifies one person: five people, five admissions.
    const next = await admittedCitizens(app, clock, 5);
    for (let i = 0; i < 2; i++) expect((await verifyAt(app, next(), newPerson('kakao'))).status).toBe(200);
    await syncHealth([app], clock);
    expect(await consoleKakao()).toMatchObject({ light: 'green', requests: 2, measured: false });
    expect(await publicKakao()).toBe('green');

    for (let i = 0; i < 3; i++) expect((await verifyAt(app, next(), newPerson('kakao'))).status).toBe(200);
    await syncHealth([app], clock);
    expect(await consoleKakao()).toMatchObject({ light: 'green', requests: 5, measured: true });
    expect(await publicKakao()).toBe('green');
  });
});
