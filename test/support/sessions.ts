import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../../server/clock';

const BATCH = 1000;
const MAX_TICKS = 200;

/**
 * Real active waiting-room sessions through our own waiting room, for tests that book: joins
 * `count` tickets, admits them with the admission tick (rate and maxActiveSessions raised for the
 * moment, then put back), and claims each as a status poll would. Returns the session numbers,
 * ready to go into identity tokens (`n`).
 *
 * The tick admits rate x elapsed: a ManualClock is advanced a few ms per tick (1 ms per 1,000
 * tickets, so it moves on by little), a real clock is waited on a few ms between ticks. With
 * several nodes sharing one store, admit through one node.
 */
export async function admitSessions(app: FastifyInstance, count: number, sessionTtlMs?: number): Promise<number[]> {
  if (count <= 0) return [];
  const { store, clock, controls, waitingRoom, config } = app;
  const numbers: number[] = [];
  for (let i = 0; i < count; i += BATCH) {
    const batch = Math.min(BATCH, count - i);
    const joined = await Promise.all(Array.from({ length: batch }, () => store.queue.join(null, clock.now(), config.ticketTtlSec)));
    for (const j of joined) numbers.push(j.number);
  }
  const last = Math.max(...numbers);

  const before = controls.current;
  const counters = await store.queue.counters();
  const room = counters.pending + counters.active + Math.max(0, last - counters.head) + 1;
  const raised = await controls.update({
    gate: 'open',
    admissionRatePerSec: 1_000_000,
    maxActiveSessions: Math.max(before.maxActiveSessions, room),
  });
  if (!raised.ok) throw new Error(`admitSessions: could not raise admission: ${raised.message}`);
  try {
    let head = counters.head;
    for (let t = 0; head < last; t++) {
      if (t >= MAX_TICKS) throw new Error(`admitSessions: head stuck at ${head}, needs ${last} (clock set back behind the last tick?)`);
      const tick = await waitingRoom.tickOnce();
      if (!tick) {
        // The node's own timer is mid-tick: wait for it rather than spin through the budget.
        t--;
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      head = tick.head;
      if (head >= last) break;
      if (clock instanceof ManualClock) clock.advance(Math.ceil((last - head) / 1000) + 1);
      else await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    const restored = await controls.update({
      gate: before.gate,
      admissionRatePerSec: before.admissionRatePerSec,
      maxActiveSessions: before.maxActiveSessions,
    });
    // eslint-disable-next-line no-unsafe-finally -- controls left changed would poison every later test: that failure wins.
    if (!restored.ok) throw new Error(`admitSessions: could not restore the controls: ${restored.message}`);
  }

  const ttl = sessionTtlMs ?? controls.current.sessionTtlSec * 1000;
  for (let i = 0; i < numbers.length; i += BATCH) {
    const batch = numbers.slice(i, i + BATCH);
    const claims = await Promise.all(batch.map((n) => store.queue.claim(n, clock.now(), ttl)));
    claims.forEach((c, k) => {
      if (c.state !== 'active') throw new Error(`admitSessions: ticket ${batch[k]} claimed as ${c.state}`);
    });
  }
  return numbers;
}

/** One real active session. */
export async function admitSession(app: FastifyInstance, sessionTtlMs?: number): Promise<number> {
  return (await admitSessions(app, 1, sessionTtlMs))[0]!;
}
