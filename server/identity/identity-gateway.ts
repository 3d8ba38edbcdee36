import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Registry } from 'prom-client';
import {
  PROVIDER_IDS,
  PROVIDER_LABELS,
  refusal,
  success,
  type ErrorCode,
  type Outcome,
  type ProviderHealth,
  type ProviderId,
  type ProvidersStatusReply,
  type Refusal,
  type VerifyBody,
  type VerifyReply,
} from '../../protocol';
import { SESSION_ENDED } from '../booking/booking';
import type { Clock } from '../clock';
import { PROVIDERS_PORT, type Config } from '../config';
import type { ControlsService } from '../control/controls-service';
import type { Store } from '../store';
import type { Tokens } from '../tokens/tokens';
import { ClusterHealth } from './cluster-health';
import type { CallOutcome } from './call-counts';
import { createIdentityMetrics, type IdentityMetrics } from './identity-metrics';
import { ProviderClient } from './provider-client';
import { TaskFailureLog } from '../logging/task-failure-log';

/** Where the providers are when PROVIDERS_URL is unset: the simulator's default port. */
export const DEFAULT_PROVIDERS_URL = `http://127.0.0.1:${PROVIDERS_PORT}`;

/** Why a verification can be refused. */
export const VERIFY_REFUSAL_CODES = [
  'session_ended',
  'provider_unavailable',
  'provider_busy',
  'provider_timeout',
  'provider_error',
  'identity_not_confirmed',
  'verify_too_soon',
  'other_device',
  'session_person_bound',
  'verify_in_progress',
] as const satisfies readonly ErrorCode[];

export type VerifyRefusal = Refusal<(typeof VERIFY_REFUSAL_CODES)[number]>;

/** How long past the provider timeout a session's verification lease outlives a node that died mid-call. */
const LEASE_MARGIN_MS = 5000;

export interface IdentityGatewayDeps {
  config: Config;
  store: Store;
  controls: ControlsService;
  clock: Clock;
  tokens: Tokens;
  registry: Registry;
  log: FastifyBaseLogger;
}

/**
 * Verifies citizens through the six external providers, each behind its own client (timeout,
 * circuit breaker, live concurrency limit), and measures every provider's health cluster-wide.
 */
export class IdentityGateway {
  private readonly clients: Record<ProviderId, ProviderClient>;
  private readonly clusterHealth: ClusterHealth;
  private readonly metrics: IdentityMetrics;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private offControls: (() => void) | undefined;
  private readonly syncFailures: TaskFailureLog;
  private readonly leaseFailures: TaskFailureLog;

  constructor(private readonly deps: IdentityGatewayDeps) {
    const { config } = deps;
    const baseUrl = (config.providersUrl ?? DEFAULT_PROVIDERS_URL).replace(/\/+$/, '');
    this.clients = Object.fromEntries(
      PROVIDER_IDS.map((id) => [id, new ProviderClient(id, baseUrl, config.identity.timeoutMs, config.identity.breaker)]),
    ) as Record<ProviderId, ProviderClient>;
    this.metrics = createIdentityMetrics(deps.registry, this.clients);
    const now = () => deps.clock.now();
    this.syncFailures = new TaskFailureLog(deps.log, 'provider health sync', now);
    this.leaseFailures = new TaskFailureLog(deps.log, 'verification lease release (a lease not released expires)', now);
    this.clusterHealth = new ClusterHealth(
      deps.store.identity,
      deps.clock,
      config.nodeId,
      config.identity.windowSec,
      config.identity.lights,
      this.clients,
      (id) => deps.controls.current.providers[id].enabled,
    );
  }

  start(): void {
    const onChange = () => {
      this.clusterHealth.recompute();
      this.metrics.lights(this.clusterHealth.health());
    };
    this.deps.controls.on('change', onChange);
    this.offControls = () => this.deps.controls.off('change', onChange);
    if (this.deps.config.healthSyncMs > 0) this.scheduleSync();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.offControls?.();
  }

  /** Cluster-wide health of every provider, as last measured (the console reads this each second). */
  health(): ProviderHealth[] {
    return this.clusterHealth.health();
  }

  status(): ProvidersStatusReply {
    return {
      providers: this.health().map((h) => ({ id: h.id, light: h.light, label: PROVIDER_LABELS[h.id] })),
      updatedAt: this.clusterHealth.updatedAt,
    };
  }

  /** This node's counts to the store (once a second; tests call it directly). */
  flush(): Promise<void> {
    return this.clusterHealth.flush();
  }

  /** Reads the merged window back and recomputes the lights. */
  async refresh(): Promise<ProviderHealth[]> {
    const health = await this.clusterHealth.refresh();
    this.metrics.lights(health);
    return health;
  }

  async verify(ticketNumber: number, body: VerifyBody): Promise<Outcome<VerifyReply, VerifyRefusal['code']>> {
    // One booking per admission: a session a booking has ended (or that expired) verifies nobody
    // else; and one verification at a time per session, cluster-wide. One store step, before any
    // provider is called or counted.
    const { store, config } = this.deps;
    const token = randomBytes(12).toString('base64url');
    const start = await store.identity.beginVerification({
      number: ticketNumber,
      token,
      now: this.deps.clock.now(),
      leaseMs: config.identity.timeoutMs + LEASE_MARGIN_MS,
    });
    if (start.state === 'session_ended') return SESSION_ENDED;
    if (start.state === 'in_progress') {
      return refusal('verify_in_progress', 'A verification for this admission is already under way. Wait for its answer before trying again.', {
        retryAfterSec: 1,
      });
    }
    try {
      return await this.verifyOnce(ticketNumber, body, start.sessionExpiresAt);
    } finally {
      await this.leaseFailures.run(() => store.identity.endVerification(ticketNumber, token));
    }
  }

  private async verifyOnce(ticketNumber: number, body: VerifyBody, sessionExpiresAt: number): Promise<Outcome<VerifyReply, VerifyRefusal['code']>> {
    const id = body.provider;
    const label = PROVIDER_LABELS[id].en;
    const control = this.deps.controls.current.providers[id];
    const client = this.clients[id];
    if (!control.enabled) {
      this.record(id, 'refused');
      return this.unavailable(id, `Verification through ${label} is switched off for now.`);
    }
    if (client.circuit === 'open') {
      this.record(id, 'refused');
      return this.unavailable(id, `${label} is failing right now, so we stopped sending requests to it for a moment.`);
    }
    if (!client.tryEnter(this.clusterHealth.shareOf(control.maxInflight))) {
      this.record(id, 'busy');
      return this.failure('provider_busy', id, `${label} is busy right now. Try again in a few seconds, or choose another provider.`, 2);
    }
    let result;
    try {
      result = await client.call(body);
    } finally {
      client.leave();
    }
    if (result.outcome === 'refused') {
      this.record(id, 'refused');
      return this.unavailable(id, `${label} is failing right now, so we stopped sending requests to it for a moment.`);
    }
    this.record(id, result.outcome, result.ms);
    switch (result.outcome) {
      case 'timeout':
        return this.failure('provider_timeout', id, `${label} did not answer in time. Try again, or choose another provider.`);
      case 'error':
        return this.failure('provider_error', id, `${label} could not complete the verification. Try again, or choose another provider.`);
      case 'rejected':
        return refusal('identity_not_confirmed', `${label} could not confirm these details. Check your name and birth date and try again.`);
    }
    // The token carries the birth date the provider has on record; eligibility is decided by it.
    if (result.birthDate !== body.birthDate) {
      return refusal('identity_not_confirmed', `${label} could not confirm these details. Check your name and birth date and try again.`);
    }
    return this.admit(ticketNumber, body, result.ci, result.birthDate, sessionExpiresAt);
  }

  /** One person per admission, the 2021 rule, then the identity token. */
  private async admit(
    ticketNumber: number,
    body: VerifyBody,
    personId: string,
    birthDate: string,
    sessionExpiresAt: number,
  ): Promise<Outcome<VerifyReply, VerifyRefusal['code']>> {
    const { clock, config, store, tokens } = this.deps;
    const now = clock.now();
    const windowMs = config.identity.reverifyAfterSec * 1000;
    const record = await store.identity.recordVerification({
      personId,
      deviceId: body.deviceId ?? null,
      now,
      windowMs,
      session: { number: ticketNumber, expiresAt: sessionExpiresAt },
    });
    if (!record.ok && record.reason === 'session_person_bound') {
      return refusal('session_person_bound', 'This admission has already verified another person: one admission verifies one person. Join the queue for them.');
    }
    if (!record.ok) {
      const wait = `Try again after ${new Date(record.retryAt).toISOString()} (in ${Math.max(1, Math.ceil((record.retryAt - now) / 60_000))} min).`;
      const minutes = Math.round(windowMs / 60_000);
      const extra = { details: { retryAt: record.retryAt }, retryAfterSec: Math.max(1, Math.ceil((record.retryAt - now) / 1000)) };
      return record.reason === 'other_device'
        ? refusal('other_device', `This person was just verified on another device; other devices are blocked for ${minutes} minutes. ${wait}`, extra)
        : refusal('verify_too_soon', `This person was verified less than ${minutes} minutes ago; one verification per ${minutes} minutes. ${wait}`, extra);
    }
    const expiresAt = now + config.identity.tokenTtlSec * 1000;
    const identityToken = tokens.sign('identity', { ticketNumber, birthDate, personId }, expiresAt);
    return success({ identityToken, expiresAt });
  }

  private record(id: ProviderId, outcome: CallOutcome, ms?: number): void {
    this.clusterHealth.record(id, outcome, ms);
    this.metrics.record(id, outcome, ms);
  }

  /** Providers to suggest instead: the green ones, or the yellow ones when none is green. */
  private alternatives(except: ProviderId): ProviderId[] {
    const others = this.health().filter((h) => h.id !== except);
    const green = others.filter((h) => h.light === 'green');
    return (green.length ? green : others.filter((h) => h.light === 'yellow')).map((h) => h.id);
  }

  private unavailable(id: ProviderId, reason: string): VerifyRefusal {
    const alternatives = this.alternatives(id);
    const names = alternatives.map((a) => PROVIDER_LABELS[a].en).join(', ');
    const advice = alternatives.length ? ` Please choose another provider: ${names}.` : ' Please try again in a few minutes.';
    return refusal('provider_unavailable', reason + advice, { details: { alternatives }, retryAfterSec: 5 });
  }

  private failure(code: 'provider_busy' | 'provider_timeout' | 'provider_error', id: ProviderId, message: string, retryAfterSec?: number): VerifyRefusal {
    return refusal(code, message, { details: { alternatives: this.alternatives(id) }, ...(retryAfterSec ? { retryAfterSec } : {}) });
  }

  /** Flush then refresh just after each wall-clock second, so all nodes read settled seconds. */
  private scheduleSync(): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        void this.syncFailures
          .run(async () => {
            await this.flush();
            await this.refresh();
          })
          .finally(() => this.scheduleSync());
      },
      this.deps.config.healthSyncMs - (Date.now() % this.deps.config.healthSyncMs) + 50,
    );
    this.timer.unref();
  }
}
