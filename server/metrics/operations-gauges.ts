import { Gauge, type Registry } from 'prom-client';
import type { Controls, Gate } from '../../protocol';
import type { Store } from '../store';

const GATES: readonly Gate[] = ['open', 'paused', 'closed'];

/** A scrape waits this long for the store's answer before calling it down. */
const PING_TIMEOUT_MS = 1000;

/**
 * What the alert rules (deploy/prometheus/rules.yml) need besides the traffic counters: whether
 * this node reaches the store, and the commander's levers (a paused gate is no stalled admission).
 */
export function registerOperationsGauges(registry: Registry, store: Store, controls: () => Controls): void {
  new Gauge({
    name: 'sluice_store_up',
    help: 'Whether this node reached the store at scrape time (1) or not within 1 s (0)',
    registers: [registry],
    async collect() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS)));
      try {
        await Promise.race([store.ping(), timeout]);
        this.set(1);
      } catch {
        this.set(0);
      } finally {
        clearTimeout(timer);
      }
    },
  });
  new Gauge({
    name: 'sluice_controls_gate',
    help: 'The gate as this node applies it: 1 for the current state (open, paused, closed), 0 for the others',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const gate = controls().gate;
      for (const state of GATES) this.set({ state }, state === gate ? 1 : 0);
    },
  });
  new Gauge({
    name: 'sluice_controls_admission_rate_per_sec',
    help: "The commander's admission rate (tickets a second) as this node applies it",
    registers: [registry],
    collect() {
      this.set(controls().admissionRatePerSec);
    },
  });
  new Gauge({
    name: 'sluice_controls_max_active_sessions',
    help: "The commander's bound on admitted sessions (sluice_active_sessions counts against it)",
    registers: [registry],
    collect() {
      this.set(controls().maxActiveSessions);
    },
  });
}
