import type { AutopilotReason, Snapshot } from '../../../protocol';

/** The health targets the autopilot holds the system to. */
export interface PressureTargets {
  /** A provider's p95 latency above this is pressure (the yellow-light threshold by default). */
  providerP95Ms: number;
  /** A provider using this share of its in-flight limit is full. */
  inflightShare: number;
  /** Bookings failing for the system's own reasons (store, internal) above this share of attempts. */
  bookingFailureShare: number;
  /** Any node's event-loop lag above this. */
  eventLoopLagMs: number;
  /** Active sessions at this share of the cap: admitting faster only fills the queue for claims. */
  sessionShare: number;
  /**
   * A provider carrying less than this share of the window's calls does not hold admission back:
   * citizens who see its light pick another, and cutting everyone's admission would punish them all.
   */
  minTrafficShare: number;
}

/** Booking refusals that say the system is struggling, not that the citizen was refused by the rules. */
const SYSTEM_FAILURES = ['store_unavailable', 'internal'];

export interface Pressure {
  /** Downstream is degrading: back off. */
  degraded: AutopilotReason[];
  /** Nothing is wrong but climbing would not help (sessions at the cap). */
  saturated: AutopilotReason[];
}

const reason = (code: string, params: Record<string, string | number>, text: string): AutopilotReason => ({ code, params, text });

/**
 * What the cluster-wide snapshot says about the services behind admission, worst first. Only
 * measured providers speak (a window with too few calls says nothing); a disabled one is ignored.
 */
export function readPressure(now: Snapshot, before: Snapshot | undefined, targets: PressureTargets): Pressure {
  const degraded: AutopilotReason[] = [];
  const calls = now.providers.reduce((n, p) => n + p.requests, 0);
  for (const p of now.providers) {
    const control = now.controls.providers[p.id];
    if (p.light === 'off' || !control.enabled) continue;
    if (calls > 0 && p.requests / calls < targets.minTrafficShare) continue;
    if (p.measured && p.light === 'red') degraded.push(reason('autopilot_provider_red', { provider: p.id }, `${p.id} red`));
    else if (p.measured && p.p95Ms !== null && p.p95Ms > targets.providerP95Ms) {
      const p95 = Math.round(p.p95Ms);
      degraded.push(
        reason('autopilot_provider_slow', { provider: p.id, p95, target: targets.providerP95Ms }, `${p.id} p95 ${p95} ms > ${targets.providerP95Ms} ms target`),
      );
    } else if (control.maxInflight > 0 && p.inflight >= control.maxInflight * targets.inflightShare) {
      degraded.push(
        reason(
          'autopilot_provider_full',
          { provider: p.id, inflight: p.inflight, limit: control.maxInflight },
          `${p.id} ${p.inflight}/${control.maxInflight} in flight`,
        ),
      );
    }
  }
  const failing = systemFailuresPerSec(now, before);
  const attempts = now.booking.bookedPerSec + now.booking.failuresPerSec;
  if (failing >= 1 && attempts > 0 && failing / attempts > targets.bookingFailureShare) {
    const share = Math.round((failing / attempts) * 100);
    degraded.push(reason('autopilot_booking_failing', { share }, `${share} % of bookings failing`));
  }
  const laggiest = now.nodes.reduce<Snapshot['nodes'][number] | null>((worst, n) => (worst && worst.eventLoopLagMs >= n.eventLoopLagMs ? worst : n), null);
  if (laggiest && laggiest.eventLoopLagMs > targets.eventLoopLagMs) {
    const lag = Math.round(laggiest.eventLoopLagMs);
    degraded.push(reason('autopilot_node_lag', { node: laggiest.id, lag }, `node ${laggiest.id} event loop ${lag} ms behind`));
  }
  const saturated: AutopilotReason[] = [];
  const cap = now.controls.maxActiveSessions;
  if (cap > 0 && now.concurrency.active >= cap * targets.sessionShare) {
    saturated.push(reason('autopilot_sessions_full', { active: now.concurrency.active, cap }, `${now.concurrency.active}/${cap} sessions active`));
  }
  return { degraded, saturated };
}

function systemFailuresPerSec(now: Snapshot, before: Snapshot | undefined): number {
  if (!before || now.at <= before.at) return 0;
  const dt = (now.at - before.at) / 1000;
  let n = 0;
  for (const code of SYSTEM_FAILURES) n += Math.max(0, (now.booking.failures[code] ?? 0) - (before.booking.failures[code] ?? 0));
  return n / dt;
}
