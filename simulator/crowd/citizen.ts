import type { Cohort, ProviderId, Scenario } from '../../protocol';
import type { CrowdHttp, HttpAnswer } from './crowd-http';
import type { BookingLedger, CrowdTally } from './crowd-ledger';
import { exponential, randomHex, weightedPick, type Random } from './random';

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

/** The server forgot a ticket the citizen still held: never admitted on it, and it polled in time. */
const LOST_TICKET_ERRORS = new Set(['invalid_ticket', 'ticket_expired']);
/** A poll later than this after the last one may legitimately find a lapsed turn. */
const LATE_POLL_MS = 60_000;

/**
 * One virtual citizen through the whole path, over HTTP as a browser would: join (one ticket per
 * device), poll honouring pollAfterMs, leave when the shown ETA outlasts their patience, verify
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

  /** Joins with every device and polls until one is admitted; null when the citizen leaves. */
  private async waitForTurn(arrivedSec: number, rejoin: boolean): Promise<string | null> {
    const { tally } = this.world;
    const tickets = await Promise.all(this.deviceIds.map((clientId) => this.join(clientId)));
    const held = tickets.filter((t): t is { ticket: string; pollAfterMs: number } => t !== null);
    if (held.length === 0) return null;
    if (!rejoin) tally.joined++;
    tally.waiting++;
    try {
      const done = { access: null as string | null, over: false };
      await Promise.all(held.map((t) => this.poll(t.ticket, t.pollAfterMs, arrivedSec, done)));
      return done.access;
    } finally {
      tally.waiting--;
    }
  }

  private async join(clientId: string): Promise<{ ticket: string; pollAfterMs: number } | null> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.call('POST', '/api/v1/queue/join', { body: { clientId } });
      if (res.status === 200) return { ticket: String(res.body['ticket']), pollAfterMs: Number(res.body['pollAfterMs'] ?? 1000) };
      if (!(await this.backOff(attempt, res))) return null;
    }
  }

  /** Polls one device's ticket; the first device admitted ends the others' polling. */
  private async poll(ticket: string, firstPollMs: number, arrivedSec: number, done: { access: string | null; over: boolean }): Promise<void> {
    const { tally, scenario, timeFactor } = this.world;
    let waitMs = firstPollMs;
    let failures = 0;
    let lastAnswer = Date.now();
    while (!done.over) {
      await this.sleep(waitMs);
      if (done.over) return;
      const res = await this.call('GET', '/api/v1/queue/status', { token: ticket });
      const late = Date.now() - lastAnswer > LATE_POLL_MS;
      if (res.status === 200) {
        failures = 0;
        lastAnswer = Date.now();
        const state = res.body['state'];
        if (state === 'admitted') {
          done.over = true;
          done.access = String(res.body['accessToken']);
          return;
        }
        if (state === 'expired') {
          if (!late) tally.ticketsLost++;
          done.over = true;
          return;
        }
        const eta = res.body['eta'] as { maxSec: number } | null;
        if (eta) tally.etaMaxSec = Math.max(tally.etaMaxSec ?? 0, eta.maxSec);
        const waitedSec = this.world.simNowSec() - arrivedSec;
        const shownSec = (eta?.maxSec ?? 0) * timeFactor;
        if (waitedSec + scenario.behaviour.etaWeight * shownSec > this.patienceSec) {
          tally.abandoned++;
          done.over = true;
          return;
        }
        waitMs = Number(res.body['pollAfterMs'] ?? 1000);
        continue;
      }
      if (LOST_TICKET_ERRORS.has(String(res.body['error']))) {
        if (!late) tally.ticketsLost++;
        done.over = true;
        return;
      }
      failures++;
      const retryMs = this.retryDelayMs(failures - 1, res);
      if (retryMs === null) {
        tally.gaveUp++;
        done.over = true;
        return;
      }
      waitMs = Math.max(retryMs, 250);
    }
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
