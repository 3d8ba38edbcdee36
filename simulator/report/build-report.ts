import type { AuditEntry, DrillReport, ReportCheck, ReportEvent, Scenario } from '../../protocol';
import type { BookingLedger, CrowdTally } from '../crowd/crowd-ledger';
import { auditTimeline, expectationMet, round } from './audit-events';
import { checkpointChecks } from './checkpoints';
import type { SeatCheck } from './seat-check';

export interface ReportInputs {
  scenario: Scenario;
  drillId: string;
  scale: number;
  timeFactor: number;
  startedAt: number;
  endedAt: number;
  ending: DrillReport['ending'];
  tally: CrowdTally;
  ledger: BookingLedger;
  arrivals: number;
  events: ReportEvent[];
  samples: DrillReport['samples'];
  audit: AuditEntry[];
  firstFaultAt: number | null;
  seats: SeatCheck;
  notes: string[];
}

/**
 * The scored report. Definitions:
 * - ticketsLost: tickets whose status answered invalid/expired (or `expired`) although the holder was
 *   never admitted on them and had heard from the server within the last minute (a status poll, or the
 *   queue state it followed), so no turn could have lapsed;
 * - overbooked: see seat-check.ts;
 * - ttd: first injected fault → first `alert_acked` in the audit log at or after it (real seconds);
 * - ttm: first injected fault → the first sample, after the metrics went outside the thresholds
 *   (the crowd's error rate above maxErrorRate, or any provider light red), from which they stay
 *   inside for MITIGATED_FOR_SEC (or to the end of the drill); 0 when they never went outside;
 *   null when they never came back.
 */
export function buildReport(input: ReportInputs): DrillReport {
  const { scenario, tally, startedAt, firstFaultAt, audit, samples } = input;
  const thresholds = scenario.thresholds;
  const ack = firstFaultAt === null ? undefined : audit.find((e) => e.kind === 'alert_acked' && e.at >= firstFaultAt);
  const ttdSec = ack && firstFaultAt !== null ? round((ack.at - firstFaultAt) / 1000) : null;
  const ttmSec = firstFaultAt === null ? null : timeToMitigate(samples, (firstFaultAt - startedAt) / 1000, thresholds.maxErrorRate);
  const checks: ReportCheck[] = [
    check('tickets lost', `≤ ${thresholds.maxTicketsLost}`, String(tally.ticketsLost), tally.ticketsLost <= thresholds.maxTicketsLost),
    check('seats overbooked', `≤ ${thresholds.maxOverbooked}`, String(input.seats.overbooked), input.seats.overbooked <= thresholds.maxOverbooked),
  ];
  if (thresholds.maxTtdSec !== undefined) {
    checks.push(
      check('time to detect', `≤ ${thresholds.maxTtdSec} s`, ttdSec === null ? 'never' : `${ttdSec} s`, ttdSec !== null && ttdSec <= thresholds.maxTtdSec),
    );
  }
  if (thresholds.maxTtmSec !== undefined) {
    checks.push(
      check('time to mitigate', `≤ ${thresholds.maxTtmSec} s`, ttmSec === null ? 'never' : `${ttmSec} s`, ttmSec !== null && ttmSec <= thresholds.maxTtmSec),
    );
  }
  const population = scenario.population.cohorts.reduce((s, c) => s + c.size, 0) / input.scale;
  if (thresholds.minBookedFraction !== undefined) {
    const share = tally.booked / population;
    checks.push(check('booked of the population', `≥ ${pct(thresholds.minBookedFraction)}`, pct(share), share >= thresholds.minBookedFraction));
  }
  for (const e of scenario.expectations) {
    const met = expectationMet(audit, e, startedAt, firstFaultAt);
    checks.push(
      check(
        e.name,
        `${e.action} within ${e.withinSec} s of the ${e.after.replace('_', ' ')}`,
        met.seconds === null ? 'not done' : `after ${met.seconds} s`,
        met.passed,
      ),
    );
  }
  checks.push(...checkpointChecks(scenario, input.ledger.bookedAtSec, population));
  const timeline = [...input.events, ...auditTimeline(audit, startedAt)].sort((a, b) => a.atSec - b.atSec);
  const { active, joined, admitted, verified, booked, abandoned, errors } = tally;
  return {
    id: `${scenario.name}-${new Date(startedAt).toISOString().replace(/[:.]/g, '-')}`,
    drillId: input.drillId,
    scenario: scenario.name,
    scale: input.scale,
    timeFactor: input.timeFactor,
    startedAt,
    endedAt: input.endedAt,
    ending: input.ending,
    crowd: { active, joined, admitted, verified, booked, abandoned, errors },
    ticketsLost: tally.ticketsLost,
    overbooked: input.seats.overbooked,
    ttdSec,
    ttmSec,
    timeline,
    checks,
    samples,
    passed: input.ending === 'completed' && checks.every((c) => c.passed),
    crowdDetail: {
      population: Math.round(population),
      arrivals: input.arrivals,
      requests: tally.requests,
      failedRequests: tally.failedRequests,
      cancelled: tally.cancelled,
      requeued: tally.requeued,
      gaveUp: tally.gaveUp,
      shed: tally.shed,
      seatsMismatched: input.seats.mismatched,
      seatsUnchecked: input.seats.unchecked,
    },
    requestsByRoute: sortedRoutes(tally.routes),
    notes: input.notes,
  };
}

/** Real seconds the metrics must stay inside the thresholds for the system to count as mitigated (lights flap). */
export const MITIGATED_FOR_SEC = 10;

function timeToMitigate(samples: DrillReport['samples'], faultSec: number, maxErrorRate: number): number | null {
  const after = samples.filter((s) => s.atSec >= faultSec);
  const inside = (s: DrillReport['samples'][number]) => (s.errorRate ?? 0) <= maxErrorRate && (s.redLights ?? 0) === 0;
  const firstOut = after.findIndex((s) => !inside(s));
  if (firstOut < 0) return 0;
  for (let i = firstOut + 1; i < after.length; i++) {
    // Only where a run of samples inside the thresholds begins.
    if (!inside(after[i]!) || inside(after[i - 1]!)) continue;
    const from = after[i]!.atSec;
    const next = after.findIndex((s, j) => j > i && !inside(s));
    if (next < 0 || after[next]!.atSec - from >= MITIGATED_FOR_SEC) return round(from - faultSec);
  }
  return null;
}

/** Most requested first, then by name: the same report gives the same bytes. */
function sortedRoutes(routes: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(routes).sort(([a, m], [b, n]) => n - m || a.localeCompare(b)));
}

function check(name: string, expected: string, actual: string, passed: boolean): ReportCheck {
  return { name, expected, actual, passed };
}

export function pct(n: number): string {
  return `${(n * 100).toFixed(1)} %`;
}
