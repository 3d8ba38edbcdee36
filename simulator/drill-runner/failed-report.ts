import { randomUUID } from 'node:crypto';
import type { DrillReport, RunnerRun, ScenarioSummary } from '../../protocol';

/** The report of a drill the runner could not run to a report of its own (the scenario threw). */
export function failedReport(run: RunnerRun, summary: ScenarioSummary | undefined, startedAt: number, error: unknown): DrillReport {
  const now = Date.now();
  const why = error instanceof Error ? error.message : String(error);
  return {
    id: randomUUID(),
    drillId: run.drillId,
    scenario: run.scenario,
    scale: run.scale ?? summary?.scale ?? 1,
    timeFactor: run.timeFactor ?? summary?.timeFactor ?? 1,
    startedAt,
    endedAt: now,
    ending: 'failed',
    crowd: { active: 0, joined: 0, admitted: 0, verified: 0, booked: 0, abandoned: 0, errors: 0 },
    ticketsLost: 0,
    overbooked: 0,
    ttdSec: null,
    ttmSec: null,
    timeline: [{ atSec: (now - startedAt) / 1000, kind: 'phase', text: `the scenario could not run: ${why}` }],
    checks: [{ name: 'scenario ran', expected: 'to its end', actual: why, passed: false }],
    samples: [],
    passed: false,
  };
}
