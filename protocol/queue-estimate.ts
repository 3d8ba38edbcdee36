import type { Eta, QueueStateReply } from './queue';
import { inHeartbeatSample } from './heartbeat-sample';

/**
 * The waiting room's arithmetic, shared by the server (status replies, the console's queue ETA)
 * and every client that follows the public queue state: one implementation, so a citizen's own
 * estimate and the server's cannot drift apart.
 */

/** The ETA range is widened by this share each way. */
export const ETA_MARGIN = 0.1;
/** A far-back client fetches the state at most this rarely (and never more rarely than half a claim window). */
export const MAX_STATE_DELAY_MS = 60_000;
/** A cached state older than this (by the server's clock) is not projected forward: something is stuck, say so. */
export const MAX_PROJECTION_MS = 5_000;

/**
 * ETA as a range: the fast end assumes the set rate, the slow end the rate actually
 * achieved lately (lower when capacity, not the rate, is what limits admission).
 * Widened by 10 % each way; null when nobody is being admitted and no rate is set.
 */
export function estimateEta(position: number, setRatePerSec: number, observedRatePerSec: number | null): Eta {
  if (position <= 0) return { minSec: 0, maxSec: 0 };
  const fast = setRatePerSec;
  const slow = observedRatePerSec !== null && observedRatePerSec > 0 ? Math.min(observedRatePerSec, fast) : fast;
  if (fast <= 0 || slow <= 0) return null;
  return {
    minSec: Math.floor((position / fast) * (1 - ETA_MARGIN)),
    maxSec: Math.ceil((position / slow) * (1 + ETA_MARGIN)),
  };
}

/** Status polling (`GET /queue/status`): near the front every second; far back rarely (a 50-hour queue must not DDoS us). */
export function pollDelayMs(position: number, ratePerSec: number, maxMs: number, random = Math.random): number {
  const untilAdmitted = ratePerSec > 0 ? (position / ratePerSec) * 1000 : maxMs;
  const base = Math.min(Math.max(untilAdmitted / 4, 1000), maxMs);
  return Math.round(base * (0.9 + random() * 0.2));
}

export interface QueueEstimate {
  /** Tickets ahead of this one by the state's head (0 once it is this ticket's turn). */
  position: number;
  /** Seconds from now until the turn comes, as a range (null: nobody is being admitted). */
  eta: Eta;
  /** `number <= head`: claim the turn now with `GET /queue/status` (the claim window is running). */
  turn: boolean;
  /** When to fetch the state again; 0 on the turn (go and claim instead). */
  nextStateAfterMs: number;
  /** In the liveness sample: send `POST /queue/heartbeat` every `heartbeat.intervalSec` while waiting. */
  heartbeat: boolean;
}

export interface EstimateClock {
  /** The client's own clock, ms since the epoch. */
  now: number;
  /** Add to the client's clock to get the server's (see `clockOffsetMs`); 0 when unknown. */
  offsetMs?: number;
  /** For the jitter of the next delay (tests pass a fixed one). */
  random?: () => number;
}

/**
 * The correction from a client's clock to the server's, from a state just received. A body that
 * waited in a cache, or on the wire, makes it too small (errs towards counting nothing off), so
 * keep the largest seen: pass the previous one.
 */
export function clockOffsetMs(state: Pick<QueueStateReply, 'serverTime'>, receivedAt: number, previous = -Infinity): number {
  return Math.max(previous, state.serverTime - receivedAt);
}

/**
 * Where ticket `number` stands, from the public queue state alone. A state served from a
 * cache may be up to a few seconds old: the ETA counts down by that age (by the client's
 * corrected clock, at most MAX_PROJECTION_MS) so an edge cache does not make it lie.
 * After a 304, pass the kept state with `serverTime` set to the revalidation's time.
 */
export function estimateFromState(state: QueueStateReply, number: number, clock: EstimateClock): QueueEstimate {
  const heartbeat = state.heartbeat !== undefined && inHeartbeatSample(number, state.heartbeat.sampleEvery);
  if (number <= state.head) return { position: 0, eta: { minSec: 0, maxSec: 0 }, turn: true, nextStateAfterMs: 0, heartbeat };
  const position = number - state.head;
  const atHead = estimateEta(position, state.admissionRatePerSec, state.observedRatePerSec);
  const moving = state.gate === 'open' && atHead !== null;
  const ageSec = moving ? Math.min(Math.max(0, clock.now + (clock.offsetMs ?? 0) - state.serverTime), MAX_PROJECTION_MS) / 1000 : 0;
  const eta = atHead === null ? null : { minSec: Math.max(0, Math.floor(atHead.minSec - ageSec)), maxSec: Math.max(0, Math.ceil(atHead.maxSec - ageSec)) };
  return { position, eta, turn: false, nextStateAfterMs: nextStateDelayMs(state, eta, clock.random ?? Math.random), heartbeat };
}

/**
 * A quarter of the shortest possible wait, so the turn is seen well inside it, between the
 * state's `refreshAfterMs` and MAX_STATE_DELAY_MS; never more than half a claim window, so a
 * commander raising the rate tenfold cannot make a citizen miss the turn. ±10 % jitter spreads
 * a crowd that joined together.
 */
export function nextStateDelayMs(state: Pick<QueueStateReply, 'refreshAfterMs' | 'claimWindowSec'>, eta: Eta, random: () => number = Math.random): number {
  const ceiling = Math.max(state.refreshAfterMs, Math.min(MAX_STATE_DELAY_MS, (state.claimWindowSec * 1000) / 2));
  const wanted = eta === null ? ceiling : (eta.minSec * 1000) / 4;
  const base = Math.min(Math.max(wanted, state.refreshAfterMs), ceiling);
  return Math.round(base * (0.9 + random() * 0.2));
}
