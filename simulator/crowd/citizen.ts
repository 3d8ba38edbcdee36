import { estimateFromState, type Cohort, type Eta, type ProviderId, type Scenario } from '../../protocol';
import type { CrowdHttp, HttpAnswer } from './crowd-http';
import { routeKey, type BookingLedger, type CrowdTally } from './crowd-ledger';
import { exponential, randomHex, weightedPick, type Random } from './random';
import { QueueStateView, statePath } from './state-view';

/** Everything a citizen shares with the rest of the crowd. */
export interface CrowdWorld {
  http: CrowdHttp;
  scenario: Scenario;
  timeFactor: number;
  tally: CrowdTally;
  ledger: BookingLedger;
  /** Aborted when the crowd stops: every citizen leaves at their next step. */
  stopped: AbortSignal;
  /** Waits; rejects with Stop when the crowd stops (see Sleeps). */
  sleep(ms: number): Promise<void>;
  /** Simulated seconds since the scenario start. */
  simNowSec(): number;
  /** Birth dates the open window admits (from GET /event); null: the event is closed. */
  eligible: { from: string; to: string; digits: number[] } | null;
  /** Makes names unique per run: the server allows one verification per person per 10 minutes. */
  runTag: string;
}

export class Stop extends Error {}

/** The server forgot a ticket the citizen still held: never admitted on it, and it polled (or followed the queue state) in time. */
const LOST_TICKET_ERRORS = new Set(['invalid_ticket', 'ticket_expired']);
/** A poll or claim later than this after the last answer (status, or the queue state followed) may legitimately find a lapsed turn. */
const LATE_POLL_MS = 60_000;
/** A claim the node answered `waiting` (it had not seen the head move yet): follow the state again this much later (as the citizen page). */
const CLAIM_RETRY_MS = 1000;

/** One ticket from `POST /queue/join`. */
interface Joined {
  ticket: string;
  number: number;
  pollAfterMs: number;
  /** Where to follow the queue (`GET /api/v1/queue/state`). */
  stateUrl: string;
}

/** Shared by a citizen's devices: the first one admitted (or lost) ends the others' waiting. */
interface Waiting {
  access: string | null;
  over: boolean;
}

/**
 * One virtual citizen through the whole path, over HTTP as a browser would: join (one ticket per
 * device), wait as the citizen page does (follow the public queue state at the shared estimator's
 * pace, heartbeat when sampled, claim with one status call when the turn comes) or, with
 * `behaviour.waitingClient: status`, poll the status honouring pollAfterMs as in July 2021; leave
 * when the ETA (worked out or shown) outlasts their patience, verify
 * with a provider chosen by preference and lights, list slots, book with an Idempotency-Key,
 * sometimes cancel. Think times and patience are simulated seconds, compressed by the time factor;
 * the server's own instructions (pollAfterMs, retryAfterSec) are obeyed in real time.
 */
export class Citizen {
  private readonly cohort: Cohort;
  private readonly lane: number;
  private readonly name: string;
  private readonly birthDate: string;
  private readonly deviceIds: string[];
  private readonly willBook: boolean;
  private readonly patienceSec: number;
  private provider: ProviderId;

  constructor(
    private readonly world: CrowdWorld,
    readonly index: number,
    cohortIndex: number,
    private readonly random: Random,
  ) {
    this.cohort = world.scenario.population.cohorts[cohortIndex]!;
    this.lane = index;
    this.name = `Citizen ${world.runTag}-${index}`;
    this.birthDate = birthDateFor(random, world.eligible, this.cohort.birthDigit);
    const devices = Math.floor(this.cohort.devicesPerPerson) + (random() < this.cohort.devicesPerPerson % 1 ? 1 : 0);
    this.deviceIds = Array.from({ length: devices }, () => randomHex(random, 32));
    this.willBook = random() < this.cohort.bookingPropensity;
    this.patienceSec = exponential(random, world.scenario.behaviour.patienceMeanSec);
    this.provider = weightedPick(random, this.cohort.providerMix as Partial<Record<ProviderId, number>>);
  }

  async live(): Promise<void> {
    const { tally } = this.world;
    tally.active++;
    try {
      await this.journey();
    } catch (err) {
      if (!(err instanceof Stop)) throw err;
    } finally {
      tally.active--;
    }
  }

  private async journey(): Promise<void> {
    const { tally, scenario } = this.world;
    const arrivedSec = this.world.simNowSec();
    let joinedOnce = false;
    for (let round = 0; ; round++) {
      const access = await this.waitForTurn(arrivedSec, joinedOnce);
      joinedOnce = true;
      if (access === null) return;
      if (round === 0) tally.admitted++;
      const identity = await this.verify(access);
      if (identity === 'requeue') continue;
      if (identity === null) return;
      tally.verified++;
      await this.think();
      const booked = await this.book(identity.token);
      if (booked === 'requeue') continue;
      if (booked && this.random() < scenario.behaviour.cancelProbability) {
        await this.think();
        await this.cancel(identity.token, booked);
      }
      return;
    }
  }

  /** Joins with every device and waits until one is admitted; null when the citizen leaves. */
  private async waitForTurn(arrivedSec: number, rejoin: boolean): Promise<string | null> {
    const { tally, scenario } = this.world;
    const tickets = await Promise.all(this.deviceIds.map((clientId) => this.join(clientId)));
    const held = tickets.filter((t): t is Joined => t !== null);
    if (held.length === 0) return null;
    if (!rejoin) tally.joined++;
    tally.waiting++;
    try {
      const done: Waiting = { access: null, over: false };
      const followState = (scenario.behaviour.waitingClient ?? 'state') === 'state';
      await Promise.all(held.map((t) => (followState ? this.follow(t, arrivedSec, done) : this.poll(t.ticket, t.pollAfterMs, arrivedSec, done))));
      return done.access;
    } finally {
      tally.waiting--;
    }
  }

  private async join(clientId: string): Promise<Joined | null> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.call('POST', '/api/v1/queue/join', { body: { clientId } });
      if (res.status === 200) {
        return {
          ticket: String(res.body['ticket']),
          number: Number(res.body['number']),
          pollAfterMs: Number(res.body['pollAfterMs'] ?? 1000),
          stateUrl: statePath(res.body['stateUrl']),
        };
      }
      if (!(await this.backOff(attempt, res))) return null;
    }
  }

  /**
   * Follows one device's ticket as the citizen page does (citizen/waiting/WaitingView.tsx): the
   * public queue state (with its ETag) at the estimator's pace, position and ETA worked out here
   * from the ticket number, a heartbeat every `heartbeat.intervalSec` when the ticket is in the
   * sample, and `GET /queue/status` only once `number <= head`, to claim the turn. A server
   * without the state route (404) is polled the old way.
   */
  private async follow(joined: Joined, arrivedSec: number, done: Waiting): Promise<void> {
    const view = new QueueStateView();
    let stateAt = Date.now() + joined.pollAfterMs;
    let beatAt: number | null = null;
    let failures = 0;
    while (!done.over) {
      await this.sleep(Math.max(0, Math.min(stateAt, beatAt ?? Infinity) - Date.now()));
      if (done.over) return;
      if (beatAt !== null && beatAt <= Date.now()) {
        beatAt = await this.heartbeat(joined.ticket, view.state?.heartbeat?.intervalSec ?? null);
        if (stateAt > Date.now()) continue;
      }
      const res = await this.call('GET', joined.stateUrl, view.etag ? { headers: { 'if-none-match': view.etag } } : undefined);
      const receivedAt = Date.now();
      if (res.status === 404) return this.poll(joined.ticket, 0, arrivedSec, done);
      const state = view.take(res, receivedAt);
      if (state === null) {
        const retryMs = this.retryOrGiveUp(++failures, res, done);
        if (retryMs === null) return;
        stateAt = Date.now() + retryMs;
        continue;
      }
      failures = 0;
      const estimate = estimateFromState(state, joined.number, { now: receivedAt, offsetMs: view.offsetMs, random: this.random });
      if (estimate.turn) {
        const after = await this.claim(joined.ticket, receivedAt, done);
        if (after === null) return;
        stateAt = Date.now() + after;
        continue;
      }
      if (this.outlastsPatience(estimate.eta, arrivedSec)) return this.leave(done);
      if (!estimate.heartbeat) beatAt = null;
      else if (beatAt === null) beatAt = Date.now();
      stateAt = Date.now() + estimate.nextStateAfterMs;
    }
  }

  /** One heartbeat; when the next is due (null: not in the sample after all). Its answer changes nothing else, as on the page. */
  private async heartbeat(ticket: string, intervalSec: number | null): Promise<number | null> {
    if (intervalSec === null) return null;
    const res = await this.call('POST', '/api/v1/queue/heartbeat', { token: ticket });
    const afterMs = Number(res.body['heartbeatAfterMs']);
    return Date.now() + (res.status === 200 && afterMs > 0 ? afterMs : intervalSec * 1000);
  }

  /**
   * The turn came by the state: `GET /queue/status` to claim it. Null when this device is done
   * (admitted, expired, lost, gave up); else ms until following the state again (the node asked
   * had not seen the head move yet). A claim later than LATE_POLL_MS after the state showed the
   * turn may find it lapsed.
   */
  private async claim(ticket: string, turnSeenAt: number, done: Waiting): Promise<number | null> {
    let failures = 0;
    for (;;) {
      const res = await this.call('GET', '/api/v1/queue/status', { token: ticket });
      const outcome = this.takeStatus(res, Date.now() - turnSeenAt > LATE_POLL_MS, done);
      if (outcome === 'over') return null;
      if (outcome === 'waiting') return CLAIM_RETRY_MS;
      const retryMs = this.retryOrGiveUp(++failures, res, done);
      if (retryMs === null) return null;
      await this.sleep(retryMs);
    }
  }

  /** Polls one device's ticket's status every pollAfterMs (July 2021); the first device admitted ends the others' polling. */
  private async poll(ticket: string, firstPollMs: number, arrivedSec: number, done: Waiting): Promise<void> {
    let waitMs = firstPollMs;
    let failures = 0;
    let lastAnswer = Date.now();
    while (!done.over) {
      await this.sleep(waitMs);
      if (done.over) return;
      const res = await this.call('GET', '/api/v1/queue/status', { token: ticket });
      const outcome = this.takeStatus(res, Date.now() - lastAnswer > LATE_POLL_MS, done);
      if (outcome === 'over') return;
      if (outcome === 'waiting') {
        failures = 0;
        lastAnswer = Date.now();
        if (this.outlastsPatience(res.body['eta'] as Eta, arrivedSec)) return this.leave(done);
        waitMs = Number(res.body['pollAfterMs'] ?? 1000);
        continue;
      }
      const retryMs = this.retryOrGiveUp(++failures, res, done);
      if (retryMs === null) return;
      waitMs = retryMs;
    }
  }

  /** What a status answer means for this device: admitted, expired or lost (over), still waiting, or a failure to retry. */
  private takeStatus(res: HttpAnswer, late: boolean, done: Waiting): 'over' | 'waiting' | 'failed' {
    const lost = res.status === 200 ? res.body['state'] === 'expired' : LOST_TICKET_ERRORS.has(String(res.body['error']));
    if (lost) {
      if (!late) this.world.tally.ticketsLost++;
      done.over = true;
      return 'over';
    }
    if (res.status !== 200) return 'failed';
    if (res.body['state'] !== 'admitted') return 'waiting';
    done.over = true;
    done.access = String(res.body['accessToken']);
    return 'over';
  }

  /** The patience rule: waited + etaWeight × ETA (real seconds, made simulated) outlasts the citizen's patience. Notes the largest ETA. */
  private outlastsPatience(eta: Eta | undefined, arrivedSec: number): boolean {
    const { tally, scenario, timeFactor } = this.world;
    if (eta) tally.etaMaxSec = Math.max(tally.etaMaxSec ?? 0, eta.maxSec);
    const waitedSec = this.world.simNowSec() - arrivedSec;
    return waitedSec + scenario.behaviour.etaWeight * (eta?.maxSec ?? 0) * timeFactor > this.patienceSec;
  }

  private leave(done: Waiting): void {
    this.world.tally.abandoned++;
    done.over = true;
  }

  /** The wait before retrying a failed waiting-room request (at least 250 ms), or null: gave up, and this citizen's waiting is over. */
  private retryOrGiveUp(failures: number, res: HttpAnswer, done: Waiting): number | null {
    const retryMs = this.retryDelayMs(failures - 1, res);
    if (retryMs === null) {
      this.world.tally.gaveUp++;
      done.over = true;
      return null;
    }
    return Math.max(retryMs, 250);
  }

  /** The identity token, 'requeue' (the July loop), or null (gave up). */
  private async verify(access: string): Promise<{ token: string } | 'requeue' | null> {
    const { behaviour } = this.world.scenario;
    if (behaviour.chooseGreenProvider) await this.lookAtLights();
    for (let attempt = 0; ; attempt++) {
      await this.think();
      const res = await this.call('POST', '/api/v1/identity/verify', {
        token: access,
        body: { provider: this.provider, name: this.name, birthDate: this.birthDate, deviceId: this.deviceIds[0] },
      });
      if (res.status === 200) return { token: String(res.body['identityToken']) };
      const alternatives = res.body['alternatives'] as ProviderId[] | undefined;
      // Without lights (July 2021) nobody was offered another provider either: the citizen keeps theirs.
      if (behaviour.chooseGreenProvider && alternatives && alternatives.length > 0)
        this.provider = alternatives[Math.floor(this.random() * alternatives.length)]!;
      if (
        ['session_ended', 'invalid_access', 'access_expired', 'identity_not_confirmed', 'other_device', 'session_person_bound'].includes(
          String(res.body['error']),
        )
      ) {
        this.world.tally.gaveUp++;
        return null;
      }
      if (behaviour.retry.mode === 'requeue' && res.status >= 500) return this.requeue();
      if (!(await this.backOff(attempt, res))) return null;
    }
  }

  private async lookAtLights(): Promise<void> {
    const res = await this.call('GET', '/api/v1/providers/status');
    const providers = res.body['providers'] as { id: ProviderId; light: string }[] | undefined;
    if (!providers) return;
    const mine = providers.find((p) => p.id === this.provider);
    if (!mine || mine.light === 'green') return;
    const mix = this.cohort.providerMix as Partial<Record<ProviderId, number>>;
    const green = Object.fromEntries(providers.filter((p) => p.light === 'green').map((p) => [p.id, mix[p.id] ?? 0.5]));
    if (Object.keys(green).length > 0) this.provider = weightedPick(this.random, green as Partial<Record<ProviderId, number>>);
  }

  /** The booked slot id, 'requeue', or null (did not book). */
  private async book(identity: string): Promise<{ id: string; slotId: string } | 'requeue' | null> {
    const { tally, ledger, scenario } = this.world;
    let key = `sim-${randomHex(this.random, 24)}`;
    let slotId: string | null = null;
    for (let attempt = 0; ; attempt++) {
      if (slotId === null) {
        const region = this.random() < 0.5 ? '&region=seoul' : '';
        const list = await this.call('GET', `/api/v1/slots?open=true&limit=50${region}`);
        const slots = (list.body['slots'] as { id: string }[] | undefined) ?? [];
        if (list.status !== 200 || slots.length === 0) {
          if (!(await this.backOff(attempt, list))) return null;
          continue;
        }
        if (!this.willBook) return null;
        await this.think();
        slotId = slots[Math.floor(this.random() * slots.length)]!.id;
      }
      const res = await this.call('POST', '/api/v1/reservations', { token: identity, body: { slotId }, headers: { 'idempotency-key': key } });
      if (res.status === 201) {
        const reservation = res.body['reservation'] as { id: string; slotId: string };
        tally.booked++;
        ledger.netBySlot[reservation.slotId] = (ledger.netBySlot[reservation.slotId] ?? 0) + 1;
        ledger.bookedAtSec.push(this.world.simNowSec());
        return reservation;
      }
      const error = String(res.body['error']);
      if (error === 'sold_out' || error === 'unknown_slot') {
        slotId = null;
        key = `sim-${randomHex(this.random, 24)}`;
        continue;
      }
      if (res.status >= 400 && res.status < 500 && res.status !== 429) {
        tally.gaveUp++;
        return null;
      }
      if (scenario.behaviour.retry.mode === 'requeue') return this.requeue();
      if (!(await this.backOff(attempt, res))) return null;
    }
  }

  private async cancel(identity: string, reservation: { id: string; slotId: string }): Promise<void> {
    const res = await this.call('DELETE', `/api/v1/reservations/${encodeURIComponent(reservation.id)}`, { token: identity });
    if (res.status !== 200) return;
    this.world.tally.cancelled++;
    this.world.ledger.netBySlot[reservation.slotId]! -= 1;
  }

  private requeue(): 'requeue' {
    this.world.tally.requeued++;
    return 'requeue';
  }

  private async call(method: string, path: string, init?: Parameters<CrowdHttp['call']>[3]): Promise<HttpAnswer> {
    if (this.world.stopped.aborted) throw new Stop();
    const { tally } = this.world;
    tally.requests++;
    const route = routeKey(method, path);
    tally.routes[route] = (tally.routes[route] ?? 0) + 1;
    const res = await this.world.http.call(method, path, this.lane, init);
    if (res.status === 0 || res.status >= 500 || res.status === 429) {
      tally.failedRequests++;
      tally.errors++;
    }
    return res;
  }

  /** Polite retry: capped exponential backoff with full jitter, or the server's retryAfterSec. False: give up. */
  private async backOff(attempt: number, res: HttpAnswer): Promise<boolean> {
    const delay = this.retryDelayMs(attempt, res);
    if (delay === null) {
      this.world.tally.gaveUp++;
      return false;
    }
    await this.sleep(delay);
    return true;
  }

  private retryDelayMs(attempt: number, res: HttpAnswer): number | null {
    const { retry } = this.world.scenario.behaviour;
    if (attempt + 1 >= retry.maxAttempts) return null;
    if (res.status !== 0 && res.status < 500 && res.status !== 429) return null;
    if (retry.mode === 'requeue') return retry.baseMs;
    const retryAfter = Number(res.body['retryAfterSec']);
    const backoff = this.random() * Math.min(retry.capMs, retry.baseMs * 2 ** attempt);
    return Number.isFinite(retryAfter) && retryAfter > 0 ? Math.max(backoff, retryAfter * 1000) : backoff;
  }

  private think(): Promise<void> {
    const { min, max } = this.world.scenario.behaviour.thinkSec;
    return this.sleep(((min + this.random() * (max - min)) * 1000) / this.world.timeFactor);
  }

  private sleep(ms: number): Promise<void> {
    return this.world.sleep(ms);
  }
}

/** A birth date the open window admits: in its range, the day of month ending in one of its digits. */
export function birthDateFor(random: Random, eligible: CrowdWorld['eligible'], digit: number | undefined): string {
  const from = Date.parse(`${eligible?.from ?? '1972-01-01'}T00:00:00Z`);
  const to = Date.parse(`${eligible?.to ?? '2003-12-31'}T00:00:00Z`);
  const digits = digit !== undefined && (!eligible || eligible.digits.length === 0 || eligible.digits.includes(digit)) ? [digit] : (eligible?.digits ?? []);
  for (let tries = 0; tries < 1000; tries++) {
    const day = new Date(from + Math.floor(random() * ((to - from) / 86_400_000 + 1)) * 86_400_000);
    if (digits.length === 0 || digits.includes(day.getUTCDate() % 10)) return day.toISOString().slice(0, 10);
  }
  return new Date(from).toISOString().slice(0, 10);
}
