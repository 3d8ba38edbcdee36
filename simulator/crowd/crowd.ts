import { setMaxListeners } from 'node:events';
import type { EventReply, Scenario } from '../../protocol';
import { generateArrivals, type Arrival } from './arrivals';
import { Citizen, type CrowdWorld } from './citizen';
import { CrowdHttp } from './crowd-http';
import { emptyLedger, emptyTally, type BookingLedger, type CrowdTally } from './crowd-ledger';
import { seededRandom, streamSeed } from './random';
import { Sleeps } from './sleeps';

export interface CrowdOptions {
  serverUrl: string;
  scale: number;
  timeFactor: number;
  /** Citizens alive at once in this process; arrivals beyond it are shed and counted. */
  maxCitizens: number;
  /** This process runs arrivals with index % of === index (worker processes share one crowd). */
  partition?: { index: number; of: number };
  /** Real seconds the citizens still in flight get after the scenario's end before they are stopped. */
  graceSec: number;
  runTag: string;
}

export const DEFAULT_CROWD_LIMITS = { maxCitizens: 20_000, graceSec: 20 };

/**
 * A crowd in one process: the scenario's arrivals (seeded, thinned), each started as a Citizen at
 * its real time (simulated time / time factor), bounded in count, sharing keep-alive connections.
 */
export class Crowd {
  readonly tally: CrowdTally = emptyTally();
  readonly ledger: BookingLedger = emptyLedger();
  private readonly stopper = new AbortController();
  private readonly sleeps = new Sleeps();
  private readonly http: CrowdHttp;
  private readonly arrivals: Arrival[];
  private startedAt = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly options: CrowdOptions,
  ) {
    setMaxListeners(0, this.stopper.signal);
    this.stopper.signal.addEventListener('abort', () => this.sleeps.stopAll(), { once: true });
    const all = generateArrivals(scenario, options.scale);
    const part = options.partition;
    this.arrivals = part ? all.filter((a) => a.index % part.of === part.index) : all;
    this.http = new CrowdHttp(options.serverUrl, { socketsPerAddress: 64, sourceAddresses: 32, timeoutMs: 30_000 });
  }

  get plannedArrivals(): number {
    return this.arrivals.length;
  }

  /** Simulated seconds since the scenario start. */
  simNowSec(): number {
    return this.startedAt === 0 ? 0 : ((Date.now() - this.startedAt) / 1000) * this.options.timeFactor;
  }

  /** Runs the crowd from `startedAt` (ms since the epoch, shared by every worker) to the scenario's end plus grace. */
  async run(startedAt: number): Promise<void> {
    this.startedAt = startedAt;
    const world: CrowdWorld = {
      http: this.http,
      scenario: this.scenario,
      timeFactor: this.options.timeFactor,
      tally: this.tally,
      ledger: this.ledger,
      stopped: this.stopper.signal,
      sleep: (ms) => this.sleeps.sleep(ms),
      simNowSec: () => this.simNowSec(),
      eligible: await this.eligibility(),
      runTag: this.options.runTag,
    };
    const living = new Set<Promise<void>>();
    const endAt = startedAt + (this.scenario.durationSec / this.options.timeFactor) * 1000;
    let next = 0;
    while (next < this.arrivals.length && !this.stopper.signal.aborted) {
      const arrival = this.arrivals[next]!;
      const dueAt = startedAt + (arrival.atSec / this.options.timeFactor) * 1000;
      const now = Date.now();
      if (dueAt > now) {
        await this.pause(Math.min(dueAt - now, 250));
        continue;
      }
      next++;
      if (this.tally.active >= this.options.maxCitizens) {
        this.tally.shed++;
        continue;
      }
      const citizen = new Citizen(world, arrival.index, arrival.cohort, seededRandom(streamSeed(this.scenario.seed, arrival.index + 1)));
      const life = citizen.live().catch(() => undefined);
      living.add(life);
      void life.then(() => living.delete(life));
    }
    while (!this.stopper.signal.aborted && Date.now() < endAt) await this.pause(Math.min(endAt - Date.now(), 250));
    const graceUntil = Date.now() + this.options.graceSec * 1000;
    while (!this.stopper.signal.aborted && living.size > 0 && Date.now() < graceUntil) await this.pause(100);
    this.stopper.abort();
    await Promise.all(living);
    this.http.close();
  }

  stop(): void {
    this.stopper.abort();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.stopper.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private async eligibility(): Promise<CrowdWorld['eligible']> {
    const res = await this.http.call('GET', '/api/v1/event', 0);
    const event = res.body as Partial<EventReply>;
    if (res.status !== 200 || !event.eligible) return null;
    return { from: event.eligible.birthDateFrom, to: event.eligible.birthDateTo, digits: event.eligible.birthDayDigits };
  }
}
