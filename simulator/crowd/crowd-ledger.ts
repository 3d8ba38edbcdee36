import type { CrowdCounts } from '../../protocol';

/** Cumulative counts of one crowd (one process), merged across worker processes by adding. */
export interface CrowdTally extends CrowdCounts {
  requests: number;
  failedRequests: number;
  cancelled: number;
  requeued: number;
  /** Gave up after the retry policy's last attempt. */
  gaveUp: number;
  /** Arrivals the simulator could not start because it was at its bound of concurrent citizens. */
  shed: number;
  /** Tickets the server forgot while their holder still held them (see `Citizen.poll`). */
  ticketsLost: number;
  /** Citizens waiting in the queue right now. */
  waiting: number;
  /** Largest ETA (real seconds) shown since the last sample. */
  etaMaxSec: number | null;
}

export function emptyTally(): CrowdTally {
  return {
    active: 0,
    joined: 0,
    admitted: 0,
    verified: 0,
    booked: 0,
    abandoned: 0,
    errors: 0,
    requests: 0,
    failedRequests: 0,
    cancelled: 0,
    requeued: 0,
    gaveUp: 0,
    shed: 0,
    ticketsLost: 0,
    waiting: 0,
    etaMaxSec: null,
  };
}

export function addTallies(a: CrowdTally, b: CrowdTally): CrowdTally {
  const out = emptyTally();
  for (const key of Object.keys(out) as (keyof CrowdTally)[]) {
    if (key === 'etaMaxSec') continue;
    out[key] = a[key] + b[key];
  }
  out.etaMaxSec = a.etaMaxSec === null ? b.etaMaxSec : b.etaMaxSec === null ? a.etaMaxSec : Math.max(a.etaMaxSec, b.etaMaxSec);
  return out;
}

/** What the crowd booked and cancelled, per slot, and when (simulated seconds): the report's overbooking and checkpoints. */
export interface BookingLedger {
  /** Net confirmed seats per slot id (booked minus cancelled). */
  netBySlot: Record<string, number>;
  /** Simulated seconds since the scenario start of every confirmed booking. */
  bookedAtSec: number[];
}

export function emptyLedger(): BookingLedger {
  return { netBySlot: {}, bookedAtSec: [] };
}

export function mergeLedgers(a: BookingLedger, b: BookingLedger): BookingLedger {
  const netBySlot = { ...a.netBySlot };
  for (const [slot, n] of Object.entries(b.netBySlot)) netBySlot[slot] = (netBySlot[slot] ?? 0) + n;
  return { netBySlot, bookedAtSec: [...a.bookedAtSec, ...b.bookedAtSec] };
}
