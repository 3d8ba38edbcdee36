import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reservation } from '../../protocol';
import { ManualClock } from '../../server/clock';
import type { RedisStore } from '../../server/store/redis';
import { Citizens, type Answer } from '../server/booking/citizen';
import { identityToken, kst, writeSlots } from '../server/booking/fixtures';
import { baseUrl, startNodes, stopNodes } from '../support/cluster';
import { RedisServer } from '../support/redis-server';
import { admitSessions } from '../support/sessions';

const SEATS = 300;
const slotsFile = writeSlots([{ id: 'c1', region: 'seoul', name: 'Mapo-gu Vaccination Center', seats: { pfizer: SEATS } }]);
const SLOT = 'c1-0826-pf';

describe('confirmed reservations survive a Redis crash with power loss (appendonly yes, appendfsync always)', () => {
  // powerLoss: the SIGKILL also loses what was written but not fsync'd, as a machine crash would;
  // without it a killed redis-server loses nothing under any appendfsync policy, and this test could not tell them apart.
  const redis = new RedisServer({ appendOnly: true, appendfsync: 'always', powerLoss: true });
  const clock = new ManualClock(kst('2021-08-25 12:00'));
  const citizens = new Citizens(32);
  // Fixed, so nodes started after the crash share the keys and accept the same tokens.
  const shared = { keyPrefix: `dur${randomBytes(3).toString('hex')}`, secret: randomBytes(32).toString('base64url') };
  let nodes: FastifyInstance[] = [];

  beforeAll(async () => {
    await redis.start();
    nodes = await startNodes(2, { ...shared, redisUrl: redis.url, mode: 'live', slotsFile }, { clock });
  });
  afterAll(async () => {
    citizens.close();
    await stopNodes(nodes);
    await redis.stop();
  });

  function book(node: FastifyInstance, token: string, key: string): Promise<Answer<Record<string, any>>> {
    return citizens.send(`${baseUrl(node)}/api/v1/reservations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
      body: { slotId: SLOT },
    });
  }

  async function storeIsBack(node: FastifyInstance): Promise<void> {
    await expect
      .poll(
        async () =>
          node.store.ping().then(
            () => true,
            () => false,
          ),
        { timeout: 10_000, interval: 100 },
      )
      .toBe(true);
  }

  it('keeps every reservation confirmed before a SIGKILL, and retries with the same key book nobody twice', async () => {
    // Each attempt holds its own real waiting-room session; the sessions survive the crash too.
    const sessions = await admitSessions(nodes[0]!, 250);
    const attempts = sessions.map((n, i) => ({
      pid: `crash-${i}`,
      n,
      key: randomUUID(),
      token: identityToken(nodes[0]!, { n, bd: '1988-08-08', pid: `crash-${i}` }),
    }));
    let confirmed = 0;
    let killing: Promise<void> | undefined;
    const answers = await Promise.all(
      attempts.map(async (a, i) => {
        const answer = await book(nodes[i % 2]!, a.token, a.key);
        if (answer.status === 201 && ++confirmed === 80) killing = redis.kill();
        return answer;
      }),
    );
    await killing;
    const booked = new Map<string, Reservation>();
    answers.forEach((answer, i) => {
      if (answer.status === 201) booked.set(attempts[i]!.pid, answer.body.reservation as Reservation);
    });
    const refused = answers.filter((a) => a.status !== 201);
    expect(booked.size).toBeGreaterThanOrEqual(80);
    expect(refused.length).toBeGreaterThan(0);
    // Every answer that is not a booking is the store's 503, never another error.
    expect(refused.map((a) => `${a.status} ${a.body.error}`)).toEqual(refused.map(() => '503 store_unavailable'));

    await redis.start();
    await storeIsBack(nodes[0]!);

    for (const [pid, reservation] of booked) expect(await nodes[0]!.store.booking.reservationOf(pid)).toEqual(reservation);
    const store = nodes[0]!.store as RedisStore;
    const logged = new Set((await store.booking.readLog('', 10_000)).map((e) => e.reservation.id));
    for (const reservation of booked.values()) expect(logged.has(reservation.id)).toBe(true);
    const totals = await store.booking.totals();
    expect(totals.bookedTotal).toBe(await store.redis.hlen(store.key('b:people')));
    expect(totals.seatsLeft).toBe(SEATS - totals.bookedTotal);
    expect((await store.booking.remaining()).get(SLOT)).toBe(SEATS - totals.bookedTotal);

    // Everyone who was not told "booked" retries with the same key: a booking whose reply was lost comes back.
    await storeIsBack(nodes[1]!);
    const retries = await Promise.all(attempts.filter((a) => !booked.has(a.pid)).map((a, i) => book(nodes[i % 2]!, a.token, a.key)));
    expect(retries.every((r) => r.status === 201)).toBe(true);
    const after = await store.booking.totals();
    expect(after.bookedTotal).toBe(250);
    expect(await store.redis.hlen(store.key('b:people'))).toBe(250);
    expect(await store.redis.xlen(store.key('b:log'))).toBe(250);
    // Every session was spent by exactly its own booking, and retries spent nothing twice.
    for (const a of attempts) expect(await store.queue.sessionExpiry(a.n)).toBeNull();
    expect((await store.queue.counters()).active).toBe(0);
  });

  it('restarting the server nodes keeps the remaining seats instead of reloading the inventory', async () => {
    const before = await nodes[0]!.store.booking.remaining();
    expect(before.get(SLOT)).toBe(SEATS - 250);
    await stopNodes(nodes);
    nodes = await startNodes(2, { ...shared, redisUrl: redis.url, mode: 'live', slotsFile }, { clock });
    expect((await nodes[1]!.store.booking.remaining()).get(SLOT)).toBe(SEATS - 250);
    expect((await nodes[1]!.booking.stats()).seatsLeft).toBe(SEATS - 250);
    const mine = await citizens.send<Record<string, any>>(`${baseUrl(nodes[1]!)}/api/v1/reservations/me`, {
      // Reading needs no live session (every session here has ended by now).
      headers: { authorization: `Bearer ${identityToken(nodes[1]!, { n: 1, bd: '1988-08-08', pid: 'crash-0' })}` },
    });
    expect(mine.body.reservation).toMatchObject({ slotId: SLOT });
  });
});
