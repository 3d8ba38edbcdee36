import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryOf, type DrillProgress, type DrillReport, type DrillState } from '../../../protocol';
import { storeFactories } from '../../support/stores';

const T0 = 1_700_000_000_000;

const drill = (id: string): DrillState => ({ running: true, id, scenario: 'smoke', startedAt: T0, scale: 1, timeFactor: 1 });

function report(id: string, endedAt: number): DrillReport {
  return {
    id,
    drillId: `drill-${id}`,
    scenario: 'smoke',
    scale: 1,
    timeFactor: 1,
    startedAt: endedAt - 40_000,
    endedAt,
    ending: 'completed',
    crowd: { active: 0, joined: 40, admitted: 40, verified: 38, booked: 35, abandoned: 0, errors: 1 },
    ticketsLost: 0,
    overbooked: 0,
    ttdSec: 10,
    ttmSec: null,
    timeline: [{ atSec: 8, kind: 'fault', text: 'kakao errors' }],
    checks: [{ name: 'tickets lost', expected: '0', actual: '0', passed: true }],
    samples: [],
    passed: true,
  };
}

const progress = (drillId: string): DrillProgress => ({
  drillId,
  scenario: 'smoke',
  phase: 'opening',
  elapsedSec: 1,
  simulatedSec: 1,
  durationSec: 40,
  simulatedTime: '2021-08-09T20:00:01+09:00',
  crowd: { active: 1, joined: 1, admitted: 0, verified: 0, booked: 0, abandoned: 0, errors: 0 },
  nextFault: null,
});

for (const factory of storeFactories()) {
  describe(`drill store contract (${factory.kind})`, () => {
    beforeAll(() => factory.setup());
    afterAll(() => factory.teardown());

    it('keeps the latest progress', async () => {
      const store = await factory.open();
      expect(await store.drills.progress()).toBeNull();
      await store.drills.saveProgress(progress('a'));
      await store.drills.saveProgress({ ...progress('a'), phase: 'steady' });
      expect(await store.drills.progress()).toEqual({ ...progress('a'), phase: 'steady' });
    });

    it('ends only the drill that is running, once', async () => {
      const store = await factory.open();
      expect(await store.drills.endDrill('x')).toBeNull();
      expect(await store.console.startDrill(drill('x'))).toBe(true);
      expect(await store.drills.endDrill('y')).toBeNull();
      expect((await store.console.drill()).id).toBe('x');
      expect(await store.drills.endDrill('x')).toEqual(drill('x'));
      expect(await store.drills.endDrill('x')).toBeNull();
      expect((await store.console.drill()).running).toBe(false);
    });

    it('stores reports with their Markdown, lists them newest first and keeps the newest', async () => {
      const store = await factory.open();
      await store.drills.saveReport({ report: report('r1', T0 + 1000), markdown: '# one' }, 2);
      await store.drills.saveReport({ report: report('r3', T0 + 3000), markdown: '# three' }, 2);
      await store.drills.saveReport({ report: report('r2', T0 + 2000), markdown: '# two' }, 2);
      expect(await store.drills.reports(10)).toEqual([summaryOf(report('r3', T0 + 3000)), summaryOf(report('r2', T0 + 2000))]);
      expect(await store.drills.reports(1)).toEqual([summaryOf(report('r3', T0 + 3000))]);
      expect(await store.drills.report('r2')).toEqual({ report: report('r2', T0 + 2000), markdown: '# two' });
      expect(await store.drills.report('r1')).toBeNull();
      // The same id again replaces it.
      await store.drills.saveReport({ report: { ...report('r2', T0 + 2000), passed: false }, markdown: '# two again' }, 2);
      expect((await store.drills.report('r2'))?.markdown).toBe('# two again');
      expect(await store.drills.reports(10)).toHaveLength(2);
    });
  });
}
