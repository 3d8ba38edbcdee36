import type { Scenario } from '../../protocol';

export interface ScenarioProblem {
  path: (string | number)[];
  expected: string;
}

/** What the schema cannot say: orders of times, fields a fault kind needs. Empty: the scenario can run. */
export function scenarioProblems(s: Scenario): ScenarioProblem[] {
  const out: ScenarioProblem[] = [];
  const at = (path: (string | number)[], expected: string) => out.push({ path, expected });
  if (Number.isNaN(Date.parse(s.start))) at(['start'], 'a real date and time in KST, e.g. "2021-08-09T20:00:00+09:00"');
  s.arrivals.stages.forEach((stage, i) => {
    if (stage.toSec <= stage.fromSec) at(['arrivals', 'stages', i, 'toSec'], `a time after fromSec (${stage.fromSec})`);
    if (stage.fromSec >= s.durationSec) at(['arrivals', 'stages', i, 'fromSec'], `a time before the end of the scenario (durationSec ${s.durationSec})`);
    if (stage.halfLifeSec !== undefined && stage.shape !== 'decay') at(['arrivals', 'stages', i, 'halfLifeSec'], 'shape: decay alongside it');
  });
  const total = s.arrivals.stages.reduce((sum, st) => sum + st.fraction, 0);
  if (total > 1 + 1e-9) at(['arrivals', 'stages'], `fractions that add up to at most 1 (they add up to ${total.toFixed(3)})`);
  s.population.cohorts.forEach((c, i) => {
    if (Object.values(c.providerMix).every((w) => w === 0)) at(['population', 'cohorts', i, 'providerMix'], 'at least one provider with a weight above 0');
  });
  const { thinkSec, retry } = s.behaviour;
  if (thinkSec.max < thinkSec.min) at(['behaviour', 'thinkSec', 'max'], `at least min (${thinkSec.min})`);
  if (retry.capMs < retry.baseMs) at(['behaviour', 'retry', 'capMs'], `at least baseMs (${retry.baseMs})`);
  s.faults.forEach((f, i) => {
    const path = ['faults', i];
    if (f.atSec >= s.durationSec) at([...path, 'atSec'], `a time before the end of the scenario (durationSec ${s.durationSec})`);
    if (f.kind === 'store_blip') {
      if (f.provider !== undefined) at([...path, 'provider'], 'no provider on a store_blip (it cuts the store, not a provider)');
      if (f.durationSec === undefined) at([...path, 'durationSec'], 'how long the store is cut (seconds)');
      return;
    }
    if (f.provider === undefined) at([...path, 'provider'], `the provider the ${f.kind} fault hits (phone, ipin, jointcert, naver, kakao, pass)`);
    if (f.kind === 'latency' && f.latencyMs === undefined) at([...path, 'latencyMs'], 'the added latency of a latency fault');
    if (f.kind === 'capacity' && f.capacity === undefined) at([...path, 'capacity'], 'the reduced capacity of a capacity fault');
  });
  s.expectations.forEach((e, i) => {
    if (e.after === 'first_fault' && s.faults.length === 0) at(['expectations', i, 'after'], '"start": the scenario injects no fault');
  });
  return out;
}
