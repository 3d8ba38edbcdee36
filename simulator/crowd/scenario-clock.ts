import type { Scenario } from '../../protocol';

/** The arrival stage the simulated time is in, or what comes before/after them. */
export function currentPhase(scenario: Scenario, simSec: number): string {
  if (simSec >= scenario.durationSec) return 'draining';
  const stage = scenario.arrivals.stages.find((s) => s.fromSec <= simSec && simSec < s.toSec);
  if (stage) return stage.name;
  return scenario.arrivals.stages.every((s) => s.toSec <= simSec) ? 'after arrivals' : 'before arrivals';
}

/** "2021-08-09T20:03:10+09:00": the scenario's KST start plus simulated seconds. */
export function simulatedTime(start: string, simSec: number): string {
  const kst = new Date(Date.parse(start) + simSec * 1000 + 9 * 3600_000);
  return `${kst.toISOString().slice(0, 19)}+09:00`;
}
