import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenario, parseScenario, SCENARIO_DIR, ScenarioError } from '../../simulator/crowd/scenario-files';

const SMOKE = readFileSync(join(SCENARIO_DIR, 'smoke.yaml'), 'utf8');

/** The smoke file with one line replaced: the refusal must name that line's field. */
function refusal(text: string): ScenarioError {
  try {
    parseScenario(text, 'bad.yaml');
  } catch (err) {
    if (err instanceof ScenarioError) return err;
    throw err;
  }
  throw new Error('the scenario was accepted');
}

function lineOf(text: string, fragment: string): number {
  return text.split('\n').findIndex((l) => l.includes(fragment)) + 1;
}

describe('scenario files', () => {
  it('loads every bundled scenario, and lists them for the console picker', () => {
    const names = listScenarios().map((s) => s.name);
    expect(names).toEqual(['2021-07-19-collapse', '2021-08-09-cohort-9', 'kakao-errors-at-opening', 'pass-outage', 'smoke', 'store-blip']);
    for (const name of names) expect(loadScenario(name).name).toBe(name);
    const cohort9 = listScenarios().find((s) => s.name === '2021-08-09-cohort-9')!;
    expect(cohort9).toMatchObject({ durationSec: 79200, scale: 1000, timeFactor: 240, wallSec: 330 });
  });

  it('refuses broken YAML, naming the file and line', () => {
    const text = SMOKE.replace('seed: 20210809', 'seed: [20210809');
    const err = refusal(text);
    expect(err.file).toBe('bad.yaml');
    expect(err.message).toMatch(/^bad\.yaml:\d+: \(top level\): expected valid YAML/);
  });

  it('refuses an unknown field (a typo), naming it and its line', () => {
    const text = SMOKE.replace('durationSec: 40', 'durationSecs: 40');
    const err = refusal(text);
    expect(err.field).toBe('durationSecs');
    expect(err.line).toBe(lineOf(text, 'durationSecs'));
    expect(err.expected).toContain('no such field');
  });

  it('refuses a missing required field', () => {
    const err = refusal(SMOKE.replace('seed: 20210809\n', ''));
    expect(err.field).toBe('seed');
    expect(err.expected).toBe('this field (it is required)');
  });

  it('refuses a value of the wrong type, saying what was expected and what it got', () => {
    const text = SMOKE.replace('scale: 1\n', 'scale: large\n');
    const err = refusal(text);
    expect(err.field).toBe('scale');
    expect(err.line).toBe(lineOf(text, 'scale: large'));
    expect(err.expected).toContain('"large"');
    expect(err.expected).toMatch(/number/);
  });

  it('refuses an unknown fault kind, listing the kinds', () => {
    const text = SMOKE.replace('kind: errors', 'kind: explode');
    const err = refusal(text);
    expect(err.field).toBe('faults[0].kind');
    expect(err.line).toBe(lineOf(text, 'kind: explode'));
    expect(err.expected).toContain('"latency"');
    expect(err.expected).toContain('"store_blip"');
    expect(err.expected).toContain('got "explode"');
  });

  it('refuses a fraction above 1 deep in a list', () => {
    const text = SMOKE.replace('fraction: 0.5, shape: decay', 'fraction: 5, shape: decay');
    const err = refusal(text);
    expect(err.field).toBe('arrivals.stages[0].fraction');
    expect(err.line).toBe(lineOf(text, 'fraction: 5'));
  });

  it('refuses what the schema cannot see: a stage ending before it starts, a provider fault without a provider', () => {
    const backwards = refusal(SMOKE.replace('fromSec: 10, toSec: 30', 'fromSec: 30, toSec: 10'));
    expect(backwards.field).toBe('arrivals.stages[1].toSec');
    expect(backwards.expected).toBe('a time after fromSec (30)');
    const text = SMOKE.replace('kind: errors, provider: kakao,', 'kind: errors,');
    const noProvider = refusal(text);
    expect(noProvider.field).toBe('faults[0].provider');
    expect(noProvider.line).toBe(lineOf(text, 'kind: errors'));
    expect(noProvider.expected).toContain('kakao');
  });

  it('refuses stage fractions adding up to more than the whole population', () => {
    const err = refusal(SMOKE.replace('toSec: 30, fraction: 0.5', 'toSec: 30, fraction: 0.9'));
    expect(err.field).toBe('arrivals.stages');
    expect(err.expected).toContain('1.400');
  });

  it('refuses an unknown scenario name, listing the bundled ones', () => {
    expect(() => loadScenario('no-such-drill')).toThrow(/no-such-drill: \(top level\): expected a bundled scenario \(2021-07-19-collapse, .*smoke/);
  });
});
