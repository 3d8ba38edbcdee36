/**
 * Origin requests per waiting citizen per minute: the old client (polls `GET /queue/status` at its
 * `pollAfterMs`) against the new one (follows `GET /queue/state` at the shared estimator's delays,
 * claims once, and one ticket in `sampleEvery` sends a heartbeat). Pure arithmetic over the
 * protocol's own functions, no server: the crowd is a snapshot of `waiting` citizens spread evenly
 * over positions 1…waiting, the admission rate steady. Usage:
 *   npm run bench:polling -- [waiting=2000000] [ratePerSec=1000] [proxies=3]
 */
import { estimateEta, nextStateDelayMs, pollDelayMs } from '../protocol/queue-estimate';
import { ENVIRONMENT_DEFAULTS as D } from '../protocol/environment';

const [waiting = 2_000_000, rate = 1000, proxies = 3] = process.argv.slice(2).map(Number);
const maxPollMs = D.SLUICE_MAX_POLL_MS;
const claimWindowSec = D.SLUICE_CLAIM_WINDOW_SEC;
const sampleEvery = D.SLUICE_HEARTBEAT_SAMPLE_EVERY;
const heartbeatSec = D.SLUICE_HEARTBEAT_SEC;
const refreshAfterMs = 1000;
const noJitter = () => 0.5;

let statusPerMin = 0;
let statePerMin = 0;
// Every position is summed in steps; the delays change slowly with position, so a stride is exact enough.
const stride = Math.max(1, Math.floor(waiting / 200_000));
let counted = 0;
for (let p = 1; p <= waiting; p += stride) {
  statusPerMin += 60_000 / pollDelayMs(p, rate, maxPollMs, noJitter);
  statePerMin += 60_000 / nextStateDelayMs({ refreshAfterMs, claimWindowSec }, estimateEta(p, rate, rate), noJitter);
  counted++;
}
statusPerMin /= counted;
statePerMin /= counted;
const heartbeatsPerMin = 60 / heartbeatSec / sampleEvery;
// Each citizen claims once; in a steady queue `rate` of them do so every second.
const claimsPerMin = (rate * 60) / waiting;
// Behind a micro-cache each proxy asks the origin about once a second (its max-age), whatever the crowd.
const cachedStatePerMin = (proxies * 60) / waiting;

const figures = {
  inputs: { waiting, admissionRatePerSec: rate, maxPollMs, claimWindowSec, sampleEvery, heartbeatSec, stateMaxAgeSec: refreshAfterMs / 1000, proxies },
  perCitizenPerMinute: {
    oldStatusPolling: round(statusPerMin + claimsPerMin),
    newWithoutEdgeCache: round(statePerMin + heartbeatsPerMin + claimsPerMin),
    newBehindEdgeCache: round(cachedStatePerMin + heartbeatsPerMin + claimsPerMin),
    parts: { statusPolls: round(statusPerMin), stateFetches: round(statePerMin), heartbeats: round(heartbeatsPerMin), claims: round(claimsPerMin) },
  },
  originRequestsPerSec: {
    oldStatusPolling: Math.round(((statusPerMin + claimsPerMin) * waiting) / 60),
    newWithoutEdgeCache: Math.round(((statePerMin + heartbeatsPerMin + claimsPerMin) * waiting) / 60),
    newBehindEdgeCache: Math.round(((cachedStatePerMin + heartbeatsPerMin + claimsPerMin) * waiting) / 60),
  },
};
function round(n: number): number {
  return Number(n.toPrecision(4));
}
for (const [name, value] of Object.entries(figures.perCitizenPerMinute))
  if (typeof value === 'number') console.log(`${name.padEnd(22)} ${value} origin requests per waiting citizen per minute`);
console.log(JSON.stringify(figures));
