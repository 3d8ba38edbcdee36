import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Reservation, Snapshot } from '../../protocol';
import { ManualClock } from '../../server/clock';
import type { RedisStore } from '../../server/store/redis';
import { Citizens } from '../server/booking/citizen';
import { identityToken, kst, writeSlots } from '../server/booking/fixtures';
import { connectConsole, operatorToken, type ConsoleClient } from '../server/console/console-client';
import { baseUrl, startNodes, stopNodes } from '../support/cluster';
import { recordFault } from '../support/fault-record';
import { RedisServer } from '../support/redis-server';
import { admitSessions } from '../support/sessions';

const slotsFile = writeSlots([{ id: 'c1', region: 'seoul', name: 'Mapo-gu Vaccination Center', seats: { pfizer: 1000 } }]);
const SLOT = 'c1-0826-pf';
const SESSIONS = 400;

interface Lost {
  tickets: number;
  sessions: number;
  reservations: number;
}

/**
 * Redis is SIGKILLed mid-load with the power-loss shim (what was not fsync'd is gone, as in a
 * machine crash), then restarted from its AOF. Two nodes keep serving throughout.
 */
async function crashMidLoad(policy: 'always' | 'everysec'): Promise<Lost> {
  const redis = await new RedisServer({ appendOnly: true, appendfsync: policy, powerLoss: true }).start();
  // A manual clock moved on in real time: the 2021 booking window, with ticks and snapshots running.
  const clock = new ManualClock(kst('2021-08-25 12:00'));
  const driving = setInterval(() => clock.advance(50), 50);
  const citizens = new Citizens(32);
  const nodes = await startNodes(
    2,
    { redisUrl: redis.url, keyPrefix: `crash${randomBytes(3).toString('hex')}`, mode: 'live', slotsFile, tickIntervalMs: 100 },
    { clock },
  );
  const sockets: ConsoleClient[] = [];
  try {
    const [a, b] = nodes as [FastifyInstance, FastifyInstance];
    const store = a.store as RedisStore;
    const sessions = await admitSessions(a, SESSIONS, 3_600_000);
    expect((await a.controls.update({ admissionRatePerSec: 50, maxActiveSessions: 100_000 })).ok).toBe(true);
    const watcher = await connectConsole(b, await operatorToken(b, 'watch', 'viewer'));
    sockets.push(watcher);
    const snapshots: Snapshot[] = [];
    watcher.on('snapshot', (s) => snapshots.push(s));

    // The load: joins and bookings on both nodes, until the crash and through it.
    const issued: number[] = [];
    let lastTicket = '';
    const booked = new Map<string, Reservation>();
    const bookedSessions = new Set<number>();
    let down = false;
    const joins = Promise.all(
      [0, 1, 2, 3].map(async (lane) => {
        for (let i = lane; !down; i++) {
          const answer = await citizens.send<{ number: number; ticket: string }>(`${baseUrl(nodes[i % 2]!)}/api/v1/queue/join`, { method: 'POST', body: {} });
          if (answer.status === 200) {
            issued.push(answer.body.number);
            lastTicket = answer.body.ticket;
          }
        }
      }),
    );
    // Joins flow first; then the bookings start, and Redis dies when half of them are confirmed.
    await expect.poll(() => issued.length, { timeout: 20_000, interval: 5 }).toBeGreaterThanOrEqual(200);
    /** From the kill on: how long until both nodes say not ready, and until the console shows the store down. */
    const detect = () =>
      Promise.all([
        (async () => {
          await expect
            .poll(async () => (await Promise.all(nodes.map((n) => n.inject('/readyz')))).map((r) => r.statusCode), { timeout: 5000, interval: 50 })
            .toEqual([503, 503]);
          return performance.now() - killedAt;
        })(),
        (async () => {
          await expect.poll(() => snapshots.at(-1)?.store.up, { timeout: 5000, interval: 50 }).toBe(false);
          return performance.now() - killedAt;
        })(),
      ]);
    let detection: Promise<number[]> | undefined;
    let killing: Promise<void> | undefined;
    let killedAt = 0;
    let headBefore = 0;
    const bookings = Promise.all(
      sessions.map(async (n, i) => {
        const pid = `crash-${i}`;
        const answer = await citizens.send<{ reservation: Reservation }>(`${baseUrl(nodes[i % 2]!)}/api/v1/reservations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${identityToken(a, { n, bd: '1988-08-08', pid })}`, 'idempotency-key': randomUUID() },
          body: { slotId: SLOT },
        });
        if (answer.status === 201) {
          booked.set(pid, answer.body.reservation);
          bookedSessions.add(n);
          if (booked.size === SESSIONS / 2) {
            headBefore = Math.max(a.waitingRoom.head, b.waitingRoom.head);
            killedAt = performance.now();
            killing = redis.kill();
            detection = killing.then(detect);
          }
        }
      }),
    );
    await bookings;
    await killing;
    down = true;
    await joins;
    const confirmed = new Map(booked);
    const issuedBefore = [...issued];
    // Sessions not told "booked": still active, unless a booking whose reply the crash cut spent them.
    const activeBefore = sessions.map((n, i) => ({ n, pid: `crash-${i}` })).filter(({ n }) => !bookedSessions.has(n));

    // Within 2 s: both nodes not ready, and the console's snapshot shows the store down.
    const [notReadyMs, consoleRedMs] = await detection!;
    expect(notReadyMs).toBeLessThan(2000);
    expect(consoleRedMs).toBeLessThan(2000);
    // Nobody admitted while it is down: joins refused, no head moves, waiting tickets still waiting.
    expect((await a.inject({ method: 'POST', url: '/api/v1/queue/join', payload: {} })).statusCode).toBe(503);
    const poll = await b.inject({ method: 'GET', url: '/api/v1/queue/status', headers: { authorization: `Bearer ${lastTicket}` } });
    expect(poll.json()).toMatchObject({ state: 'waiting' });
    const heads = nodes.map((n) => n.waitingRoom.head);
    await new Promise<void>((resolve) => watcher.once('snapshot', () => resolve()));
    expect(nodes.map((n) => n.waitingRoom.head)).toEqual(heads);

    await redis.start();
    await expect
      .poll(async () => (await Promise.all(nodes.map((n) => n.inject('/readyz')))).map((r) => r.statusCode), { timeout: 10_000, interval: 100 })
      .toEqual([200, 200]);
    await expect.poll(() => snapshots.at(-1)?.store.up, { timeout: 3000, interval: 50 }).toBe(true);

    const counters = await store.queue.counters();
    const lost: Lost = {
      tickets: issuedBefore.filter((n) => n > counters.tail).length,
      sessions: (
        await Promise.all(
          activeBefore.map(async ({ n, pid }) => (await store.queue.sessionExpiry(n)) !== null || (await store.booking.reservationOf(pid)) !== null),
        )
      ).filter((kept) => !kept).length,
      reservations: (await Promise.all([...confirmed].map(async ([pid, r]) => (await store.booking.reservationOf(pid))?.id === r.id))).filter((kept) => !kept)
        .length,
    };
    // The queue resumes in order: the head moves on from where it was, and a new ticket never reuses a number.
    const tailAfter = counters.tail;
    const next = await a.inject({ method: 'POST', url: '/api/v1/queue/join', payload: {} });
    expect(next.statusCode).toBe(200);
    expect(next.json().number).toBe(tailAfter + 1);
    const resumedFrom = counters.head;
    await expect.poll(async () => (await store.queue.counters()).head, { timeout: 5000, interval: 100 }).toBeGreaterThan(resumedFrom);
    if (policy === 'always') {
      expect(lost).toEqual({ tickets: 0, sessions: 0, reservations: 0 });
      expect(resumedFrom).toBeGreaterThanOrEqual(headBefore);
      expect(next.json().number).toBeGreaterThan(Math.max(...issuedBefore));
    }
    recordFault({
      fault: `Redis SIGKILL + power loss mid-load, AOF appendfsync ${policy}`,
      load: `${issuedBefore.length} tickets issued, ${SESSIONS} sessions, ${confirmed.size} reservations confirmed before the crash`,
      outcome: `lost ${lost.tickets} tickets, ${lost.sessions} sessions, ${lost.reservations} reservations; readiness and console red within 2 s; none admitted while down`,
    });
    return lost;
  } finally {
    clearInterval(driving);
    for (const s of sockets) s.close();
    citizens.close();
    await stopNodes(nodes);
    await redis.stop();
  }
}

describe('Redis killed mid-load and restarted from its AOF', () => {
  it('with appendfsync always (the README’s setting): no issued ticket, active session or confirmed reservation lost', async () => {
    expect(await crashMidLoad('always')).toEqual({ tickets: 0, sessions: 0, reservations: 0 });
  }, 60_000);

  it('with appendfsync everysec: shows what up to a second of unsynced writes costs', async () => {
    const lost = await crashMidLoad('everysec');
    console.log(`appendfsync everysec, power loss mid-load: lost ${JSON.stringify(lost)}`);
    // Not asserted as zero: this is the honest difference. The writes of the last second are gone.
    expect(lost.tickets + lost.sessions + lost.reservations).toBeGreaterThanOrEqual(0);
  }, 60_000);
});
