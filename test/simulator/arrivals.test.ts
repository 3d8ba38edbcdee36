import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../protocol';
import { generateArrivals } from '../../simulator/crowd/arrivals';
import { loadScenario } from '../../simulator/crowd/scenario-files';

function scenario(stages: Scenario['arrivals']['stages'], size: number, seed = 7): Scenario {
  const base = loadScenario('smoke');
  return {
    ...base,
    seed,
    durationSec: 3600,
    population: { cohorts: [{ ...base.population.cohorts[0]!, size }] },
    arrivals: { stages },
  };
}

const count = (times: number[], from: number, to: number) => times.filter((t) => t >= from && t < to).length;

describe('the seeded arrival generator (thinning)', () => {
  const stages: Scenario['arrivals']['stages'] = [
    { name: 'spike', fromSec: 0, toSec: 600, fraction: 0.4, shape: 'decay', halfLifeSec: 60 },
    { name: 'evening', fromSec: 600, toSec: 2400, fraction: 0.35 },
    { name: 'night', fromSec: 2400, toSec: 3600, fraction: 0.15 },
  ];

  it('brings each stage its fraction of the population within 3 standard deviations', () => {
    const population = 50_000;
    const times = generateArrivals(scenario(stages, population)).map((a) => a.atSec);
    for (const stage of stages) {
      const expected = stage.fraction * population;
      const tolerance = 3 * Math.sqrt(expected);
      expect(Math.abs(count(times, stage.fromSec, stage.toSec) - expected), stage.name).toBeLessThan(tolerance);
    }
    // The rest of the population (10 %) never comes.
    expect(Math.abs(times.length - 0.9 * population)).toBeLessThan(3 * Math.sqrt(0.9 * population));
  });

  it('shapes the spike: about half of a decaying stage arrives in its first half-life', () => {
    const times = generateArrivals(scenario(stages, 50_000)).map((a) => a.atSec);
    const share = count(times, 0, 60) / count(times, 0, 600);
    // ∫0..h / ∫0..10h of 2^(-t/h) = 0.5 / (1 - 2^-10)
    expect(share).toBeGreaterThan(0.48);
    expect(share).toBeLessThan(0.52);
  });

  it('divides the population by the scale', () => {
    const times = generateArrivals(scenario(stages, 1_000_000), 100).map((a) => a.atSec);
    expect(Math.abs(times.length - 9000)).toBeLessThan(3 * Math.sqrt(9000));
  });

  it('is deterministic for a seed, sorted, and differs with another seed', () => {
    const a = generateArrivals(scenario(stages, 2000, 11));
    const b = generateArrivals(scenario(stages, 2000, 11));
    const c = generateArrivals(scenario(stages, 2000, 12));
    expect(a).toEqual(b);
    expect(a.map((x) => x.atSec)).not.toEqual(c.map((x) => x.atSec));
    expect(a.every((x, i) => i === 0 || a[i - 1]!.atSec <= x.atSec)).toBe(true);
    expect(a.map((x) => x.index)).toEqual(a.map((_, i) => i));
  });

  it('matches the cohort-9 scenario: about 40 % of its arrivals in the first 30 minutes, 78 % within 4 hours', () => {
    const cohort9 = loadScenario('2021-08-09-cohort-9');
    const times = generateArrivals(cohort9).map((a) => a.atSec);
    const firstHalfHour = count(times, 0, 1800) / times.length;
    const fourHours = count(times, 0, 4 * 3600) / times.length;
    expect(Math.abs(firstHalfHour - 0.4)).toBeLessThan(0.03);
    expect(Math.abs(fourHours - 0.78)).toBeLessThan(0.03);
  });
});
