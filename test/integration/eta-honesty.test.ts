import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { clockOffsetMs, estimateFromState, type Eta, type JoinReply, type QueueStateReply } from '../../protocol';
import { buildApp } from '../../server/app';
import { testConfig } from '../../server/config';
import { baseUrl } from '../support/cluster';

/**
 * Issue 16: a citizen who follows only the public queue state and the shared estimator must get
 * an ETA range that holds the real wait at least as often as the server's own estimate in the
 * join reply. A burst joins; a spread of tickets is followed over real HTTP; an observer that
 * also reads only the state records when each number's turn came.
 *
 * Every time is the server's clock, so both estimates are judged from the moment they were made,
 * not from when a busy machine delivered them: the server's when it signed the ticket (the
 * ticket's `issuedAt`), the client's at the "now" the estimator was given (its clock corrected
 * by `serverTime`); a turn came when the state's `updatedAt` says the head reached the number.
 */

const TICKETS = 2000;
const RATE = 100;
const FOLLOW_EVERY = 20;
/** Measurement slack, the same for both estimates: one admission tick. */
const SLACK_SEC = 0.05;
/** The server's clock runs ahead of the citizens' (the client corrects its own by `serverTime`; the test judges by the server's). */
const SERVER_AHEAD_MS = 7000;

interface Followed {
  number: number;
  /** Tickets ahead at join. */
  position: number;
  serverEta: Eta;
  serverEtaAt: number;
  clientEta: Eta;
  clientEtaAt: number;
  stateFetches: number;
  claimed: boolean;
}

/** A turn that came before the estimate was made is a wait of 0. */
const held = (eta: Eta, waitMs: number) => {
  const waitSec = Math.max(0, waitMs) / 1000;
  return eta !== null && waitSec >= eta.minSec - SLACK_SEC && waitSec <= eta.maxSec + SLACK_SEC;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ETA honesty: the client-side estimate against the server-side one', () => {
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    const clock = { now: () => Date.now() + SERVER_AHEAD_MS };
    app = await buildApp(testConfig({ tickIntervalMs: 50, joinsPerSecPerIp: 1_000_000 }), { clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = baseUrl(app);
    await app.controls.update({ admissionRatePerSec: RATE, gate: 'paused' });
  });
  afterAll(() => app.close());

  /** When each head value came (server clock): every state anyone fetched says since when its head has been what it is. */
  const turns = new Map<number, number>();
  const turnAt = (number: number) => {
    let first: number | undefined;
    for (const [head, at] of turns) if (head >= number && (first === undefined || at < first)) first = at;
    return first;
  };

  async function fetchState(): Promise<{ state: QueueStateReply; receivedAt: number }> {
    const res = await fetch(`${url}/api/v1/queue/state`);
    const state = (await res.json()) as QueueStateReply;
    turns.set(state.head, Math.min(turns.get(state.head) ?? Infinity, state.updatedAt));
    return { state, receivedAt: Date.now() };
  }

  /** The citizen's loop: the state until the turn comes, then one status call to claim it. */
  async function follow(joined: JoinReply): Promise<Followed> {
    const serverEtaAt = (JSON.parse(Buffer.from(joined.ticket.split('.')[1]!, 'base64url').toString()) as { issuedAt: number }).issuedAt;
    let { state, receivedAt } = await fetchState();
    let offsetMs = clockOffsetMs(state, receivedAt);
    let estimate = estimateFromState(state, joined.number, { now: receivedAt, offsetMs });
    const first = { clientEta: estimate.eta, clientEtaAt: Math.max(state.serverTime, receivedAt + offsetMs) };
    let stateFetches = 1;
    while (!estimate.turn) {
      await sleep(estimate.nextStateAfterMs);
      ({ state, receivedAt } = await fetchState());
      stateFetches++;
      offsetMs = clockOffsetMs(state, receivedAt, offsetMs);
      estimate = estimateFromState(state, joined.number, { now: receivedAt, offsetMs });
    }
    const status = await fetch(`${url}/api/v1/queue/status`, { headers: { authorization: `Bearer ${joined.ticket}` } });
    const claimed = ((await status.json()) as { state: string }).state === 'admitted';
    return { number: joined.number, position: joined.position, serverEta: joined.eta, serverEtaAt, ...first, stateFetches, claimed };
  }

  it(`holds the real wait at least as often as the server's estimate (${TICKETS} joined, every ${FOLLOW_EVERY}th followed)`, { timeout: 90_000 }, async () => {
    // The observer reads the state every 20 ms, so no head value goes unseen.
    let observing = true;
    const observer = (async () => {
      while (observing) {
        await fetchState();
        await sleep(20);
      }
    })();

    await app.controls.update({ gate: 'open' });
    const followers: Promise<Followed>[] = [];
    let joined = 0;
    const joiner = async () => {
      while (joined < TICKETS) {
        joined++;
        const res = await fetch(`${url}/api/v1/queue/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        const reply = (await res.json()) as JoinReply;
        if (reply.number % FOLLOW_EVERY === 0) followers.push(follow(reply));
      }
    };
    await Promise.all(Array.from({ length: 32 }, joiner));
    const results = await Promise.all(followers);
    observing = false;
    await observer;

    expect(results.length).toBe(TICKETS / FOLLOW_EVERY);
    expect(results.every((r) => r.claimed)).toBe(true);
    let serverHeld = 0;
    let clientHeld = 0;
    const misses: string[] = [];
    for (const r of results) {
      const at = turnAt(r.number);
      expect(at, `turn of ${r.number}`).toBeDefined();
      if (held(r.serverEta, at! - r.serverEtaAt)) serverHeld++;
      else misses.push(`server #${r.number} ${JSON.stringify(r.serverEta)} waited ${at! - r.serverEtaAt} ms`);
      if (held(r.clientEta, at! - r.clientEtaAt)) clientHeld++;
      else misses.push(`client #${r.number} ${JSON.stringify(r.clientEta)} waited ${at! - r.clientEtaAt} ms`);
    }
    const fetches = results.reduce((sum, r) => sum + r.stateFetches, 0) / results.length;
    console.log(
      `ETA held: client ${clientHeld}/${results.length}, server ${serverHeld}/${results.length}; state fetches per followed citizen ${fetches.toFixed(1)}, longest queue ahead at join ${Math.max(...results.map((r) => r.position))} (last turn ${((turnAt(TICKETS)! - turnAt(1)!) / 1000).toFixed(1)} s after the first)`,
    );
    if (misses.length) console.log(misses.join('\n'));
    expect(clientHeld / results.length).toBeGreaterThanOrEqual(serverHeld / results.length);
  });
});
