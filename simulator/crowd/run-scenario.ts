import { randomBytes } from 'node:crypto';
import type { DrillProgress, DrillReport, EventReply, ReportEvent, Scenario, ScenarioSummary } from '../../protocol';
import { readAudit, round } from '../report/audit-events';
import { buildReport } from '../report/build-report';
import { checkSeats, seatBaseline, type SeatCheck } from '../report/seat-check';
import { DEFAULT_CROWD_LIMITS } from './crowd';
import { inProcessCrowd, workerCrowd, type CrowdHandle } from './crowd-handle';
import type { CrowdTally } from './crowd-ledger';
import type { StoreFault } from '../store-fault/store-fault-client';
import { FaultTimeline } from './fault-timeline';
import { ProviderLights } from './provider-lights';
import { currentPhase, simulatedTime } from './scenario-clock';

/** How one scenario runs: against which servers, at which scale and time factor, watched and stoppable by whom. */
export interface RunOptions {
  serverUrl: string;
  providersUrl: string;
  /** Override the scenario's declared scale (1:N) and time factor. */
  scale?: number;
  timeFactor?: number;
  drillId?: string;
  /** Abort: stop the crowd, clear every injected fault, finish the report as 'stopped'. */
  signal?: AbortSignal;
  /** About once a second. */
  onProgress?: (progress: DrillProgress) => void;
  /** A console/service token with audit:read: time to detect (alert acks) and operator actions. */
  token?: string;
  /** The training setup's fault proxy between the servers and Redis, for `store_blip`. */
  storeFault?: StoreFault;
  /** Worker processes for the crowd (default 1: in this process). */
  workers?: number;
  /** Citizens alive at once per process (default 20,000); arrivals beyond are shed and reported. */
  maxCitizens?: number;
  /** Real seconds citizens still in flight get after the scenario's end (default 20). */
  graceSec?: number;
}

/**
 * Runs a scenario: scales the providers, starts the crowd, injects the faults on cue, samples
 * once a second, and when the scenario ends (or the signal aborts) stops the crowd, clears every
 * fault it injected and returns the scored report.
 */
export async function runScenario(scenario: Scenario, options: RunOptions): Promise<DrillReport> {
  const scale = options.scale ?? scenario.scale;
  const timeFactor = options.timeFactor ?? scenario.timeFactor;
  const drillId = options.drillId ?? `sim-${randomBytes(4).toString('hex')}`;
  const serverUrl = options.serverUrl.replace(/\/$/, '');
  const providersUrl = options.providersUrl.replace(/\/$/, '');
  const events: ReportEvent[] = [];
  const notes: string[] = [];
  const samples: DrillReport['samples'] = [];
  const startedAt = Date.now() + 500;
  const elapsedSec = () => round((Date.now() - startedAt) / 1000);
  const record = (e: ReportEvent) => events.push(e);

  const crowdOptions = {
    serverUrl,
    scale,
    timeFactor,
    maxCitizens: options.maxCitizens ?? DEFAULT_CROWD_LIMITS.maxCitizens,
    graceSec: options.graceSec ?? DEFAULT_CROWD_LIMITS.graceSec,
    runTag: randomBytes(3).toString('hex'),
  };
  const workers = options.workers ?? 1;
  const crowd: CrowdHandle = workers > 1 ? workerCrowd(scenario, crowdOptions, workers) : inProcessCrowd(scenario, crowdOptions);
  const faults = new FaultTimeline(scenario, { providersUrl, timeFactor, scale, storeFault: options.storeFault, elapsedSec, record });
  const lights = new ProviderLights(serverUrl);
  const baseline = await seatBaseline(serverUrl);
  notes.push(...(await eligibilityNotes(serverUrl, scenario)));
  await faults.scaleProviders();
  if (faults.capacityRatio < 1) {
    notes.push(
      `providers scaled: each provider's capacity (calls at once) set to its default × time factor ${timeFactor} / scale ${scale}, at least 1, for the drill`,
    );
  } else if (faults.capacityRatio > 1) {
    notes.push(
      `providers not scaled: time factor ${timeFactor} / scale ${scale} would raise their capacity above the simulator's defaults, which a capacity fault cannot do`,
    );
  }

  let ending: DrillReport['ending'] = 'completed';
  const onAbort = () => {
    ending = 'stopped';
    crowd.stop();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  let last: CrowdTally | null = null;
  let phase = 'starting';
  const tick = async () => {
    const tally = crowd.sample();
    const simSec = Math.max(0, ((Date.now() - startedAt) / 1000) * timeFactor);
    const { red, changes } = await lights.read();
    for (const change of changes) record({ atSec: elapsedSec(), kind: 'light', text: change });
    const prev = last ?? tally;
    const requests = tally.requests - prev.requests;
    const failed = tally.failedRequests - prev.failedRequests;
    samples.push({
      atSec: elapsedSec(),
      waiting: tally.waiting,
      admittedPerSec: tally.admitted - prev.admitted,
      bookedPerSec: tally.booked - prev.booked,
      errorsPerSec: failed,
      etaMaxSec: tally.etaMaxSec,
      errorRate: requests === 0 ? 0 : Math.round((failed / requests) * 1000) / 1000,
      redLights: red,
    });
    last = tally;
    const nextPhase = currentPhase(scenario, simSec);
    if (nextPhase !== phase) {
      record({ atSec: elapsedSec(), kind: 'phase', text: nextPhase });
      phase = nextPhase;
    }
    const { active, joined, admitted, verified, booked, abandoned, errors } = tally;
    options.onProgress?.({
      drillId,
      scenario: scenario.name,
      phase,
      elapsedSec: elapsedSec(),
      simulatedSec: Math.min(simSec, scenario.durationSec),
      durationSec: scenario.durationSec,
      simulatedTime: simulatedTime(scenario.start, simSec),
      crowd: { active, joined, admitted, verified, booked, abandoned, errors },
      nextFault: faults.nextFault(simSec),
    });
  };
  let ticking = Promise.resolve();
  const sampler = setInterval(() => {
    ticking = ticking.then(tick).catch(() => undefined);
  }, 1000);

  let seats: SeatCheck = { overbooked: 0, mismatched: 0, unchecked: 0 };
  try {
    faults.start(startedAt);
    await crowd.run(startedAt);
  } catch (err) {
    ending = 'failed';
    notes.push(`the crowd failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    clearInterval(sampler);
    options.signal?.removeEventListener('abort', onAbort);
    await ticking;
    await tick().catch(() => undefined);
    await faults.clear();
    record({ atSec: elapsedSec(), kind: 'phase', text: `ended (${ending}); every injected fault cleared` });
  }
  const ledger = crowd.ledger();
  // The slot list is the same answer for up to a second on each node: wait it out before reading seats.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  seats = await checkSeats(serverUrl, baseline, ledger.netBySlot).catch(() => seats);
  const final = crowd.sample();
  if (final.shed > 0) notes.push(`${final.shed} arrivals shed: the simulator was at its bound of ${crowdOptions.maxCitizens} citizens per process`);
  if (seats.mismatched > 0)
    notes.push(`${seats.mismatched} slots' remaining seats differ from before less this crowd's bookings (another crowd booked too, or a booking vanished)`);
  const audit = await readAudit(serverUrl, options.token, startedAt);
  if (audit.problem) notes.push(audit.problem);
  notes.push(
    'ticketsLost counts tickets the server answered invalid/expired although their holder was never admitted on them and had heard from the server within the last minute (a status poll, or a queue state fetched while following it)',
    "overbooked compares each booked slot's seats before the drill with the crowd's net bookings, and counts any negative seats left",
  );
  return buildReport({
    scenario,
    drillId,
    scale,
    timeFactor,
    startedAt,
    endedAt: Date.now(),
    ending,
    tally: final,
    ledger,
    arrivals: crowd.plannedArrivals,
    events,
    samples,
    audit: audit.entries,
    firstFaultAt: faults.firstFaultAt,
    seats,
    notes,
  });
}

/** Whether the server's open window admits the scenario's cohorts; citizens take birth days it admits either way. */
async function eligibilityNotes(serverUrl: string, scenario: Scenario): Promise<string[]> {
  try {
    const event = (await (await fetch(`${serverUrl}/api/v1/event`)).json()) as EventReply;
    if (!event.open || !event.eligible) return ['the event is closed on the server: bookings will be refused (not_eligible)'];
    const digits = event.eligible.birthDayDigits;
    return scenario.population.cohorts
      .filter((c) => c.birthDigit !== undefined && digits.length > 0 && !digits.includes(c.birthDigit))
      .map(
        (c) =>
          `cohort "${c.name}" (birth digit ${c.birthDigit}) is not the server's open window (digits ${digits.join(', ')}): its citizens were given birth days the window admits`,
      );
  } catch {
    return [];
  }
}

export { loadScenario, listScenarios, ScenarioError } from './scenario-files';
export type { ScenarioSummary };
