import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROLS, PROVIDER_IDS } from '../../../protocol';
import { decide, FRESH_MEMORY, type AimdSettings } from '../../../server/control/autopilot/aimd';
import { applyManualOverride } from '../../../server/control/autopilot/manual-override';
import { readPressure, type PressureTargets } from '../../../server/control/autopilot/pressure';
import { craftProvider, craftSnapshot } from '../../renderer/support/craftSnapshot';

const TARGETS: PressureTargets = {
  providerP95Ms: 1500,
  inflightShare: 0.9,
  bookingFailureShare: 0.05,
  eventLoopLagMs: 200,
  sessionShare: 0.95,
  minTrafficShare: 0.1,
};
const SETTINGS: AimdSettings = { decreaseFactor: 0.7, decreaseCooldownSec: 3, healthyBeforeIncreaseSec: 10, increaseShare: 0.05, increaseEverySec: 2 };
const BOUNDS = { enabled: true, minRatePerSec: 50, maxRatePerSec: 1000 };
const T0 = Date.UTC(2021, 7, 9, 11, 0, 0);
const healthy = { degraded: [], saturated: [] };

describe('autopilot pressure', () => {
  it('names a slow provider with its p95 against the target, and ignores unmeasured and disabled ones', () => {
    const controls = structuredClone(DEFAULT_CONTROLS);
    controls.providers.naver.enabled = false;
    const snapshot = craftSnapshot({
      controls,
      concurrency: { active: 100 },
      providers: PROVIDER_IDS.map((id) =>
        id === 'kakao'
          ? craftProvider(id, { p95Ms: 2800 })
          : id === 'pass'
            ? craftProvider(id, { p95Ms: 9000, measured: false })
            : id === 'naver'
              ? craftProvider(id, { light: 'red' })
              : craftProvider(id),
      ),
    });
    const pressure = readPressure(snapshot, undefined, TARGETS);
    expect(pressure.degraded).toEqual([
      { code: 'autopilot_provider_slow', params: { provider: 'kakao', p95: 2800, target: 1500 }, text: 'kakao p95 2800 ms > 1500 ms target' },
    ]);
    expect(pressure.saturated).toEqual([]);
  });

  it('lets a slow provider that carries little of the traffic pass: citizens who see its light pick another', () => {
    const providers = PROVIDER_IDS.map((id) => craftProvider(id, { requests: id === 'kakao' ? 50 : 190, p95Ms: id === 'kakao' ? 2800 : 480 }));
    const snapshot = craftSnapshot({ concurrency: { active: 100 }, providers });
    // kakao: 50 of 1,000 calls (5 %) is under the 10 % share.
    expect(readPressure(snapshot, undefined, TARGETS).degraded).toEqual([]);
    const busier = PROVIDER_IDS.map((id) => craftProvider(id, { requests: id === 'kakao' ? 120 : 176, p95Ms: id === 'kakao' ? 2800 : 480 }));
    expect(readPressure(craftSnapshot({ concurrency: { active: 100 }, providers: busier }), undefined, TARGETS).degraded.map((r) => r.code)).toEqual([
      'autopilot_provider_slow',
    ]);
  });

  it('counts only the system’s own booking failures, as a share of attempts', () => {
    const before = craftSnapshot({ at: T0, booking: { failures: { internal: 0, sold_out: 0 } } });
    const soldOut = craftSnapshot({ at: T0 + 1000, booking: { bookedPerSec: 10, failuresPerSec: 50, failures: { internal: 0, sold_out: 50 } } });
    expect(readPressure(soldOut, before, TARGETS).degraded).toEqual([]);
    const failing = craftSnapshot({ at: T0 + 1000, booking: { bookedPerSec: 80, failuresPerSec: 20, failures: { internal: 20, sold_out: 0 } } });
    expect(readPressure(failing, before, TARGETS).degraded.map((r) => r.text)).toEqual(['20 % of bookings failing']);
  });

  it('reads sessions at the cap as saturation, not degradation', () => {
    const snapshot = craftSnapshot({ concurrency: { active: 9_600 }, controls: { maxActiveSessions: 10_000 } });
    const pressure = readPressure(snapshot, undefined, TARGETS);
    expect(pressure.degraded).toEqual([]);
    expect(pressure.saturated.map((r) => r.code)).toEqual(['autopilot_sessions_full']);
  });
});

describe('autopilot AIMD', () => {
  const slow = readPressure(craftSnapshot({ providers: [craftProvider('kakao', { p95Ms: 2800 })] }), undefined, TARGETS);

  it('cuts by the factor, then holds through the cooldown, then cuts again', () => {
    const cut = decide(slow, 600, BOUNDS, FRESH_MEMORY, T0, SETTINGS);
    expect(cut).toMatchObject({ mode: 'backing_off', rate: 420, reason: { code: 'autopilot_provider_slow' } });
    const cooling = decide(slow, 420, BOUNDS, cut.memory, T0 + 2999, SETTINGS);
    expect(cooling).toMatchObject({ mode: 'holding', rate: 420 });
    expect(decide(slow, 420, BOUNDS, cooling.memory, T0 + 3000, SETTINGS)).toMatchObject({ mode: 'backing_off', rate: 294 });
  });

  it('never cuts below the minimum', () => {
    expect(decide(slow, 60, BOUNDS, FRESH_MEMORY, T0, SETTINGS)).toMatchObject({ mode: 'backing_off', rate: 50 });
    expect(decide(slow, 50, BOUNDS, FRESH_MEMORY, T0, SETTINGS)).toMatchObject({ mode: 'holding', rate: 50 });
  });

  it('climbs only after staying healthy, by a step of the maximum, at most every few seconds, never above the maximum', () => {
    let memory = FRESH_MEMORY;
    let rate = 900;
    const modes: string[] = [];
    for (let s = 0; s <= 16; s++) {
      const d = decide(healthy, rate, BOUNDS, memory, T0 + s * 1000, SETTINGS);
      memory = d.memory;
      rate = d.rate;
      modes.push(`${d.mode}:${d.rate}`);
    }
    expect(modes.slice(9, 17)).toEqual([
      'holding:900',
      'climbing:950',
      'holding:950',
      'climbing:1000',
      'holding:1000',
      'holding:1000',
      'holding:1000',
      'holding:1000',
    ]);
  });

  it('a degradation resets the healthy clock', () => {
    const first = decide(healthy, 500, BOUNDS, FRESH_MEMORY, T0, SETTINGS);
    const hit = decide(slow, 500, BOUNDS, first.memory, T0 + 9000, SETTINGS);
    expect(hit.memory.healthySince).toBeNull();
    expect(decide(healthy, 350, BOUNDS, hit.memory, T0 + 10_000, SETTINGS)).toMatchObject({ mode: 'holding', rate: 350 });
  });

  it('brings a rate outside the bounds back inside at once', () => {
    expect(decide(healthy, 5000, BOUNDS, FRESH_MEMORY, T0, SETTINGS)).toMatchObject({ mode: 'backing_off', rate: 1000, reason: { code: 'autopilot_bounds' } });
    expect(decide(slow, 10, BOUNDS, FRESH_MEMORY, T0, SETTINGS)).toMatchObject({ mode: 'climbing', rate: 50 });
  });
});

describe('a manual change pauses the autopilot', () => {
  const flying = { ...structuredClone(DEFAULT_CONTROLS), autoThrottle: { ...BOUNDS } };

  it('a commander’s rate change pauses it and records who and when', () => {
    const next = { ...flying, admissionRatePerSec: 300 };
    expect(applyManualOverride(flying, next, { admissionRatePerSec: 300 }, 'kim', T0).autoThrottle).toEqual({
      ...BOUNDS,
      enabled: false,
      pausedBy: 'kim',
      pausedAt: T0,
    });
  });

  it('other changes leave it flying; enabling it (with or without a rate) clears the pause', () => {
    const gate = { ...flying, gate: 'paused' as const };
    expect(applyManualOverride(flying, gate, { gate: 'paused' }, 'kim', T0)).toEqual(gate);
    const paused = { ...flying, autoThrottle: { ...BOUNDS, enabled: false, pausedBy: 'kim', pausedAt: T0 } };
    const again = { ...paused, admissionRatePerSec: 250, autoThrottle: { ...paused.autoThrottle, enabled: true } };
    expect(applyManualOverride(paused, again, { admissionRatePerSec: 250, autoThrottle: { enabled: true } }, 'lee', T0).autoThrottle).toEqual({
      ...BOUNDS,
      pausedBy: null,
      pausedAt: null,
    });
  });
});
