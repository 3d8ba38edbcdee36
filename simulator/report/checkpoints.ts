import type { ReportCheck, Scenario } from '../../protocol';

/**
 * Published figures against the crowd (cohort-9): `booked_of_population` is bookings by `atSec`
 * over the scaled population; `share_of_bookings` is bookings by `atSec` over all bookings by the
 * last checkpoint (the window's close). Passes within `checkpointTolerance` (relative; default 10 %).
 */
export function checkpointChecks(scenario: Scenario, bookedAtSec: number[], population: number): ReportCheck[] {
  const checkpoints = scenario.checkpoints ?? [];
  if (checkpoints.length === 0) return [];
  const tolerance = scenario.thresholds.checkpointTolerance ?? 0.1;
  const horizon = Math.max(...checkpoints.map((c) => c.atSec));
  const by = (sec: number) => bookedAtSec.filter((t) => t <= sec).length;
  const total = by(horizon);
  return checkpoints.map((c) => {
    const measured = c.measure === 'booked_of_population' ? by(c.atSec) / population : total === 0 ? 0 : by(c.atSec) / total;
    const off = c.published === 0 ? 0 : Math.abs(measured - c.published) / c.published;
    return {
      name: c.name,
      expected: `${(c.published * 100).toFixed(1)} % ± ${(tolerance * 100).toFixed(0)} % (${c.source})`,
      actual: `${(measured * 100).toFixed(1)} % (${off >= 0 ? (off * 100).toFixed(1) : '?'} % off)`,
      passed: off <= tolerance,
    };
  });
}
