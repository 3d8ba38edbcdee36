import { EventEmitter } from 'node:events';
import { refusal, success, type Alert, type Outcome, type Snapshot } from '../../protocol';
import type { AuditDraft, AuditLog } from '../audit/audit-log';
import type { Operator } from '../operators/operator-directory';
import type { Store } from '../store';
import { findAlert, listAlerts } from './alert-state';
import type { AlertThresholds } from './alert-thresholds';
import { evaluateAlerts } from './evaluate';

/**
 * Raises and resolves alerts once cluster-wide (only the node that stored a second's snapshot
 * steps the rules) and records acknowledgements. `alert` events go to every console;
 * `localAlert` is this node's own store-down alarm, for when nothing cluster-wide works.
 */
export class AlertEngine extends EventEmitter<{ alert: [Alert]; localAlert: [Alert] }> {
  private storeDownSince: number | null = null;
  private storeAlert: Alert | null = null;
  /** The store alert last resolved: it may still be acknowledged, as a recent cluster-wide alert may. */
  private resolvedStoreAlert: Alert | null = null;
  /** Who acknowledged the active store alert (audited when the store is back). */
  private storeAlertAcker: Pick<Operator, 'username' | 'role'> | null = null;

  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly thresholds: AlertThresholds,
    private readonly nodeId: string,
  ) {
    super();
  }

  async step(snapshot: Snapshot): Promise<void> {
    const { state, raised, resolved } = evaluateAlerts(await this.store.console.alertState(), snapshot, this.thresholds);
    await this.store.console.saveAlertState(state);
    const acks = raised.length + resolved.length > 0 ? await this.store.console.alertAcks() : {};
    for (const alert of raised) {
      await this.audit.record(alertEntry('alert_raised', alert));
      this.emit('alert', alert);
    }
    for (const alert of resolved) {
      const ack = acks[alert.id];
      const done = ack ? { ...alert, ackedBy: ack.by, ackedAt: ack.at } : alert;
      await this.audit.record(alertEntry('alert_resolved', alert));
      this.emit('alert', done);
    }
  }

  /** The alerts to show: this node's store alert first; while the store is down, only that. */
  async list(): Promise<Alert[]> {
    let all: Alert[];
    try {
      const [state, acks] = await Promise.all([this.store.console.alertState(), this.store.console.alertAcks()]);
      all = listAlerts(state, acks);
    } catch (err) {
      if (!this.storeAlert) throw err;
      return [this.storeAlert];
    }
    return this.storeAlert ? [this.storeAlert, ...all] : all;
  }

  /** Acknowledges an active or recent alert; the answer carries it with who acknowledged it first. */
  async ack(id: string, operator: Pick<Operator, 'username' | 'role'>, at: number): Promise<Outcome<Alert, 'unknown_alert'>> {
    if (id === this.storeAlert?.id || id === this.resolvedStoreAlert?.id) return success(await this.ackStoreAlert(id, operator, at));
    const found = findAlert(await this.store.console.alertState(), id);
    if (!found) return refusal('unknown_alert', `No active or recent alert ${id}`);
    const first = await this.store.console.ackAlert(id, operator.username, at);
    const ack = (await this.store.console.alertAcks())[id];
    const alert = { ...found, ackedBy: ack?.by ?? operator.username, ackedAt: ack?.at ?? at };
    if (first) {
      await this.audit.record(alertEntry('alert_acked', found, operator));
      this.emit('alert', alert);
    }
    return success(alert);
  }

  /** This node could not reach the store at `now` (true) or could again (false). */
  storeReachable(reachable: boolean, now: number): void {
    if (!reachable) {
      this.storeDownSince ??= now;
      if (!this.storeAlert && now - this.storeDownSince >= this.thresholds.storeDownSec * 1000) {
        this.storeAlert = {
          id: `store_down:${this.nodeId}@${now}`,
          rule: 'store_down',
          subject: this.nodeId,
          severity: 'critical',
          message: `Node ${this.nodeId} cannot reach the ${this.store.kind} store: nobody is admitted`,
          params: { store: this.store.kind, node: this.nodeId },
          raisedAt: now,
          resolvedAt: null,
          ackedBy: null,
          ackedAt: null,
          drill: false,
        };
        this.emit('localAlert', this.storeAlert);
      }
      return;
    }
    this.storeDownSince = null;
    const alert = this.storeAlert;
    if (!alert) return;
    this.storeAlert = null;
    const done = { ...alert, resolvedAt: now };
    this.resolvedStoreAlert = done;
    this.emit('localAlert', done);
    // Written now that the store is back, each at the time it happened.
    const acker = this.storeAlertAcker;
    this.storeAlertAcker = null;
    const acked = acker && alert.ackedAt !== null ? [{ ...alertEntry('alert_acked', alert, acker), at: alert.ackedAt }] : [];
    const entries = [{ ...alertEntry('alert_raised', alert), at: alert.raisedAt }, ...acked, { ...alertEntry('alert_resolved', alert), at: now }];
    void entries.reduce<Promise<unknown>>((written, entry) => written.then(() => this.audit.record(entry)), Promise.resolve()).catch(() => {});
  }

  /**
   * This node's store alert, acknowledged where it lives: while the store is down the
   * acknowledgement is held with the alert (the consoles on this node see it at once) and audited
   * when the store is back; once resolved, it is audited at once. The first acknowledgement stands.
   */
  private async ackStoreAlert(id: string, operator: Pick<Operator, 'username' | 'role'>, at: number): Promise<Alert> {
    const active = this.storeAlert?.id === id;
    const alert = (active ? this.storeAlert : this.resolvedStoreAlert)!;
    if (alert.ackedAt !== null) return alert;
    const acked: Alert = { ...alert, ackedBy: operator.username, ackedAt: at };
    if (active) {
      this.storeAlert = acked;
      this.storeAlertAcker = { username: operator.username, role: operator.role };
    } else {
      // Taken before the write, so a second acknowledgement meanwhile finds it taken.
      this.resolvedStoreAlert = acked;
      try {
        await this.audit.record({ ...alertEntry('alert_acked', alert, operator), at });
      } catch (err) {
        this.resolvedStoreAlert = alert;
        throw err;
      }
    }
    this.emit('localAlert', acked);
    return acked;
  }
}

/**
 * The audit entry for something that happened to an alert: its code and parameters (its English
 * text for logs). The engine's own entries are a drill's when the alert is; an operator's
 * acknowledgement is marked by whether a drill runs now, as every operator action is.
 */
function alertEntry(kind: 'alert_raised' | 'alert_resolved' | 'alert_acked', alert: Alert, by?: Pick<Operator, 'username' | 'role'>): AuditDraft {
  const entry: AuditDraft = {
    kind,
    actor: by?.username ?? null,
    role: by?.role ?? null,
    reason: null,
    text: alert.message,
    code: alert.rule,
    params: alert.params,
    ref: alert.id,
  };
  return by ? entry : { ...entry, drill: alert.drill };
}
