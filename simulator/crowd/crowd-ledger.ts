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
  /** Requests by route, `METHOD /path` without the API prefix (`GET /queue/state`, `DELETE /reservations/:id`). */
  routes: Record<string, number>;
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
    routes: {},
  };
}

/** The tally's key for a request: `GET /queue/status`, `DELETE /reservations/:id` (no API prefix, query or ids). */
export function routeKey(method: string, path: string): string {
  const bare = path.split('?')[0]!.replace(/^\/api\/v1(?=\/)/, '');
  return `${method} ${bare.replace(/^\/reservations\/[^/]+/, '/reservations/:id')}`;
}

/** A copy that shares nothing with the tally it came from (the crowd keeps counting into that one). */
export function copyTally(tally: CrowdTally): CrowdTally {
  return { ...tally, routes: { ...tally.routes } };
}

export function addTallies(a: CrowdTally, b: CrowdTally): CrowdTally {
  const out = emptyTally();
  for (const key of Object.keys(out) as (keyof CrowdTally)[]) {
    if (key === 'etaMaxSec' || key === 'routes') continue;
    out[key] = a[key] + b[key];
  }
  for (const [route, n] of [...Object.entries(a.routes), ...Object.entries(b.routes)]) out.routes[route] = (out.routes[route] ?? 0) + n;
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
