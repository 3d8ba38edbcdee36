import {
  BrokenCircuitError,
  CircuitState as BreakerState,
  CountBreaker,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  timeout,
  wrap,
  type IPolicy,
} from 'cockatiel';
import type { CircuitState, ProviderId } from '../../protocol';
import { callProvider, ProviderAnswerError, type PersonDetails } from './provider-call';
import type { BreakerSettings } from './identity-config';

export type LaneResult =
  | { outcome: 'ok'; ci: string; birthDate: string; ms: number }
  | { outcome: 'rejected'; ms: number }
  | { outcome: 'error'; ms: number }
  | { outcome: 'timeout'; ms: number }
  /** The circuit is open: the call was not made. */
  | { outcome: 'refused' };

/**
 * The way to one provider from this node: a concurrency limit that may change at any time,
 * and a circuit breaker around a timeout around the HTTP call.
 */
export class ProviderClient {
  private current = 0;
  private openedAt = 0;
  private readonly breaker;
  private readonly policy: IPolicy;

  constructor(
    readonly id: ProviderId,
    private readonly baseUrl: string,
    timeoutMs: number,
    private readonly settings: BreakerSettings,
  ) {
    this.breaker = circuitBreaker(
      handleWhen((err) => !(err instanceof BrokenCircuitError)),
      {
        halfOpenAfter: settings.halfOpenAfterMs,
        breaker: new CountBreaker({ threshold: settings.failureRate, size: settings.windowCalls, minimumNumberOfCalls: settings.minCalls }),
      },
    );
    // The breaker keeps its own opening time private; it counts in wall-clock ms, so do we.
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
    });
    this.policy = wrap(this.breaker, timeout(timeoutMs, TimeoutStrategy.Aggressive));
  }

  get inflight(): number {
    return this.current;
  }

  /** An open circuit whose break is over lets the next call through as a trial: half-open. */
  get circuit(): CircuitState {
    switch (this.breaker.state) {
      case BreakerState.Closed:
        return 'closed';
      case BreakerState.HalfOpen:
        return 'half-open';
      default:
        return Date.now() - this.openedAt >= this.settings.halfOpenAfterMs ? 'half-open' : 'open';
    }
  }

  /** Takes an in-flight place unless `limit` calls are in flight already. */
  tryEnter(limit: number): boolean {
    if (this.current >= limit) return false;
    this.current++;
    return true;
  }

  leave(): void {
    this.current--;
  }

  async call(person: PersonDetails): Promise<LaneResult> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      // A signal per call: cockatiel's default is one shared signal, which collects a listener per concurrent call.
      const reply = await this.policy.execute(({ signal }) => callProvider(this.baseUrl, this.id, person, signal), new AbortController().signal);
      return reply.verified ? { outcome: 'ok', ci: reply.ci, birthDate: reply.birthDate, ms: ms() } : { outcome: 'rejected', ms: ms() };
    } catch (err) {
      if (err instanceof BrokenCircuitError) return { outcome: 'refused' };
      if (err instanceof TaskCancelledError) return { outcome: 'timeout', ms: ms() };
      if (err instanceof ProviderAnswerError || err instanceof TypeError) return { outcome: 'error', ms: ms() };
      throw err;
    }
  }
}
