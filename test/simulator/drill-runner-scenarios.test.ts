import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenario, runScenario } from '../../simulator/crowd/run-scenario';
import { DrillRunner, NO_STORE_FAULT } from '../../simulator/drill-runner/drill-runner';
import { storeFaultClient } from '../../simulator/store-fault/store-fault-client';

const library = { listScenarios, loadScenario, runScenario };
const runner = (withStoreFault: boolean) =>
  new DrillRunner({
    serverUrl: 'http://127.0.0.1:1',
    providersUrl: 'http://127.0.0.1:1',
    key: 'a-key-that-is-long-enough',
    library,
    hidden: ['background'],
    log: () => undefined,
    ...(withStoreFault ? { storeFault: storeFaultClient('http://127.0.0.1:1', 'a-key-that-is-long-enough') } : {}),
  });

describe("the drill runner's scenario list", () => {
  it('without a store fault proxy, says so on the scenarios that cut the store, and only on them', () => {
    const offered = runner(false).scenarios();
    const bundled = listScenarios().filter((s) => s.name !== 'background');
    expect(offered.map((s) => s.name)).toEqual(bundled.map((s) => s.name));
    for (const [i, s] of offered.entries()) {
      const cuts = loadScenario(s.name).faults.some((f) => f.kind === 'store_blip');
      expect(s.description, s.name).toBe(cuts ? `${bundled[i]!.description} ${NO_STORE_FAULT}` : bundled[i]!.description);
    }
    expect(offered.find((s) => s.name === 'store-blip')?.description).toContain(NO_STORE_FAULT);
  });

  it('with one, offers every scenario as written', () => {
    expect(runner(true).scenarios()).toEqual(listScenarios().filter((s) => s.name !== 'background'));
  });
});
