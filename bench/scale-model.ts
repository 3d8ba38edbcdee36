import { estimateEta, nextStateDelayMs, pollDelayMs } from '../protocol/queue-estimate';

/**
 * The 2021 peak, and what it needs, from figures measured in the same run. Every input is printed
 * with where it comes from: PUBLISHED (../shared/FACTS-2021.md, quoted), MEASURED (this run), a
 * SETTING of the server (its default), or ASSUMED (not published; a setting of this benchmark).
 */
export interface Input {
  value: number;
  unit: string;
  source: 'PUBLISHED' | 'MEASURED' | 'SETTING' | 'ASSUMED' | 'DERIVED';
  note: string;
}

export interface Measured {
  joinPerNode: number;
  claimPerNode: number;
  statusPerNode: number;
  stateDirectPerNode: number;
  statePerProxy: number;
  originStatePerSecPerProxy: number;
  redisJoinCeiling: number;
  redisJoinCeilingShards: { instances: number; perSec: number }[];
}

export interface Settings {
  waiting: number;
  admissionPerSec: number;
  spikeJoins: number;
  spikeSeconds: number;
  maxPollAfterMs: number;
  claimWindowSec: number;
  heartbeatEvery: number;
  heartbeatSec: number;
  refreshAfterMs: number;
  origins: number;
}

/** Mean requests a minute per waiting citizen over a queue of `waiting` (positions 1..waiting), for a delay function of the position. */
function meanPerMinute(waiting: number, delayMs: (position: number) => number): number {
  // Positions sampled evenly (1,000 points) so the mean is over the whole queue.
  const points = 1000;
  let sum = 0;
  for (let i = 0; i < points; i++) {
    const position = Math.max(1, Math.round(((i + 0.5) / points) * waiting));
    sum += 60_000 / delayMs(position);
  }
  return sum / points;
}

export function capacity(m: Measured, s: Settings) {
  const mid = () => 0.5; // the jitter's middle: the mean delay
  const statusPollPerMin = meanPerMinute(s.waiting, (p) => pollDelayMs(p, s.admissionPerSec, s.maxPollAfterMs, mid));
  const statePollPerMin = meanPerMinute(s.waiting, (p) =>
    nextStateDelayMs({ refreshAfterMs: s.refreshAfterMs, claimWindowSec: s.claimWindowSec }, estimateEta(p, s.admissionPerSec, null), mid),
  );
  const heartbeatPerSec = s.waiting / s.heartbeatEvery / s.heartbeatSec;
  const proxies = Math.max(1, Math.ceil((s.waiting * statePollPerMin) / 60 / m.statePerProxy));
  // Behind the cache the origin sees: each proxy's state misses, one claim per admission, the heartbeat sample.
  const originPerSecCached = proxies * m.originStatePerSecPerProxy + s.admissionPerSec + heartbeatPerSec;
  const originPerCitizenMinute = {
    statusPollingToday: statusPollPerMin,
    statePollingWithoutCache: statePollPerMin,
    withCache: (originPerSecCached * 60) / s.waiting,
  };
  // Node-seconds of work per second at the waiting peak (steady) and at the 20:00:00 spike.
  const steadyNodes = (proxies * m.originStatePerSecPerProxy) / m.stateDirectPerNode + s.admissionPerSec / m.claimPerNode + heartbeatPerSec / m.statusPerNode;
  const spikePerSec = s.spikeJoins / s.spikeSeconds;
  const spikeNodes = spikePerSec / m.joinPerNode;
  const todayNodes = (s.waiting * statusPollPerMin) / 60 / m.statusPerNode;
  const originsNeeded = Math.ceil(Math.max(steadyNodes, spikeNodes));
  const redisNeeded = Math.ceil(spikePerSec / m.redisJoinCeiling);
  return {
    proxies,
    heartbeatPerSec: Math.round(heartbeatPerSec),
    originPerSecCached: Math.round(originPerSecCached),
    originPerCitizenMinute: Object.fromEntries(Object.entries(originPerCitizenMinute).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
    nodes: {
      steady: Math.round(steadyNodes * 100) / 100,
      spike: Math.round(spikeNodes * 100) / 100,
      todayStatusPolling: Math.round(todayNodes * 10) / 10,
      needed: originsNeeded,
    },
    spikePerSec: Math.round(spikePerSec),
    spikeDrainSecOnOrigins: Math.round(s.spikeJoins / (s.origins * m.joinPerNode)),
    spikeDrainSecOnOneRedis: Math.round(s.spikeJoins / m.redisJoinCeiling),
    redisNeeded,
    goalMet: originsNeeded <= 3 && redisNeeded <= 1,
  };
}

export function printInputs(inputs: Record<string, Input>): void {
  for (const [name, i] of Object.entries(inputs)) {
    console.log(`  ${name.padEnd(30)} ${i.value.toLocaleString('en').padStart(12)} ${i.unit.padEnd(14)} ${i.source.padEnd(9)} ${i.note}`);
  }
}
