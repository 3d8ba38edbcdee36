import { describe, expect, it } from 'vitest';
import type { AuditEntry, DrillReport } from '../../protocol';
import { emptyLedger, emptyTally } from '../../simulator/crowd/crowd-ledger';
import { loadScenario } from '../../simulator/crowd/scenario-files';
import { buildReport, type ReportInputs } from '../../simulator/report/build-report';

const T0 = 1_700_000_000_000;
const sample = (atSec: number, errorRate: number, redLights: number): DrillReport['samples'][number] => ({
  atSec,
  waiting: 0,
  admittedPerSec: 0,
  bookedPerSec: 0,
  errorsPerSec: 0,
  etaMaxSec: null,
  errorRate,
  redLights,
});
const audit = (kind: AuditEntry['kind'], atSec: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  id: `${kind}-${atSec}`,
  at: T0 + atSec * 1000,
  kind,
  actor: 'commander',
  role: 'commander',
  reason: null,
  drill: true,
  ...extra,
});

function inputs(overrides: Partial<ReportInputs>): ReportInputs {
  return {
    scenario: loadScenario('smoke'),
    drillId: 'd1',
    scale: 1,
    timeFactor: 1,
    startedAt: T0,
    endedAt: T0 + 40_000,
    ending: 'completed',
    tally: emptyTally(),
    ledger: emptyLedger(),
    arrivals: 0,
    events: [],
    samples: [],
    audit: [],
    firstFaultAt: T0 + 8000,
    seats: { overbooked: 0, mismatched: 0, unchecked: 0 },
    notes: [],
    ...overrides,
  };
}

describe('the drill report', () => {
  it('time to detect: first fault to the first acknowledged alert after it', () => {
    const report = buildReport(inputs({ audit: [audit('alert_acked', 5), audit('alert_raised', 11), audit('alert_acked', 14.5)] }));
    expect(report.ttdSec).toBe(6.5);
    expect(report.checks.find((c) => c.name === 'a commander acknowledges the alert')).toMatchObject({ passed: true, actual: 'after 6.5 s' });
    expect(report.timeline.map((e) => e.kind)).toEqual(['alert_acked', 'alert_raised', 'alert_acked']);
  });

  it('time to mitigate: from the fault to the first sample back inside the thresholds, and staying there, after leaving them', () => {
    const samples = [sample(7, 0, 0), sample(9, 0, 0), sample(10, 0.5, 0), sample(12, 0, 1), sample(20, 0.01, 0), sample(21, 0, 0)];
    expect(buildReport(inputs({ samples })).ttmSec).toBe(12);
    expect(buildReport(inputs({ samples: samples.slice(0, 2) })).ttmSec).toBe(0);
    expect(buildReport(inputs({ samples: samples.slice(0, 4) })).ttmSec).toBeNull();
    expect(buildReport(inputs({ firstFaultAt: null })).ttdSec).toBeNull();
    // Back inside for 2 s only (a light flapping) does not count; from 16 s on it stays inside.
    const flapping = [sample(10, 0.5, 0), sample(12, 0, 0), sample(14, 0, 1), sample(16, 0, 0), sample(30, 0, 0)];
    expect(buildReport(inputs({ samples: flapping })).ttmSec).toBe(8);
  });

  it('fails on a lost ticket, an overbooked seat, or a drill that was stopped', () => {
    const ack = [audit('alert_acked', 9)];
    expect(buildReport(inputs({ audit: ack })).passed).toBe(true);
    expect(buildReport(inputs({ audit: ack, tally: { ...emptyTally(), ticketsLost: 1 } })).passed).toBe(false);
    expect(buildReport(inputs({ audit: ack, seats: { overbooked: 2, mismatched: 0, unchecked: 0 } })).passed).toBe(false);
    expect(buildReport(inputs({ audit: ack, ending: 'stopped' })).passed).toBe(false);
  });

  it('matches expectations on a changed control, not on any controls entry', () => {
    const scenario = loadScenario('pass-outage');
    const before = { gate: 'open', providers: { pass: { enabled: true, maxInflight: 100 } } };
    const gateOnly = audit('controls', 20, { before, after: { ...before, gate: 'closed' } });
    const passOff = audit('controls', 40, { before, after: { ...before, providers: { pass: { enabled: false, maxInflight: 100 } } } });
    const check = (entries: AuditEntry[]) =>
      buildReport(inputs({ scenario, audit: entries, firstFaultAt: T0 })).checks.find((c) => c.name === 'PASS is switched off')!;
    expect(check([gateOnly]).passed).toBe(false);
    expect(check([gateOnly, passOff])).toMatchObject({ passed: true, actual: 'after 40 s' });
  });

  it('compares cohort-9 checkpoints with the published figures', () => {
    const scenario = loadScenario('2021-08-09-cohort-9');
    // 1,408 citizens at 1:1000; 835 book: 334 in the first 30 min, 317 more by 4 h, 184 later.
    const bookedAtSec = [...Array(334).fill(600), ...Array(317).fill(7200), ...Array(184).fill(40_000)] as number[];
    const report = buildReport(inputs({ scenario, scale: 1000, ledger: { netBySlot: {}, bookedAtSec }, firstFaultAt: null }));
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(byName['booked by 18:00 next day']!.passed).toBe(true);
    expect(byName['bookings in the first 30 min']!.actual).toMatch(/^40\.0 %/);
    expect(byName['bookings within 4 h']!.actual).toMatch(/^78\.0 %/);
  });
});
