import type { Alert, Snapshot } from '../../protocol';
import type { AlertState } from '../store/alert-state';
import { RECENT_ALERTS_KEPT } from './alert-state';
import type { AlertThresholds } from './alert-thresholds';
import { holdingConditions } from './rules';

export interface AlertChanges {
  state: AlertState;
  raised: Alert[];
  resolved: Alert[];
}

const DEPTH_SAMPLES_KEPT = 600;

/**
 * One step of the alert state machine, run once per second on the snapshot just stored:
 * a condition that held for its duration raises one alert; the alert resolves once the
 * condition has stayed clear for the hold time, and a condition back within the hold is the
 * same alert (as Prometheus' `keep_firing_for`), so a blinking light does not flap.
 */
export function evaluateAlerts(previous: AlertState, snapshot: Snapshot, thresholds: AlertThresholds): AlertChanges {
  const at = snapshot.at;
  // States stored before the hold existed have no `clearing`.
  const state: AlertState = { ...structuredClone(previous), clearing: { ...previous.clearing } };
  const holding = new Map(holdingConditions(snapshot, state, thresholds).map((c) => [c.key, c]));
  const raised: Alert[] = [];
  const resolved: Alert[] = [];

  for (const [key, condition] of holding) {
    delete state.clearing[key];
    const since = state.pending[key] ?? at;
    state.pending[key] = since;
    if (!state.active[key] && at - since >= condition.forSec * 1000) {
      const alert: Alert = {
        id: `${key}@${at}`,
        rule: condition.rule,
        subject: condition.subject,
        severity: condition.severity,
        message: condition.message,
        params: condition.params,
        raisedAt: at,
        resolvedAt: null,
        ackedBy: null,
        ackedAt: null,
        drill: snapshot.drill.running,
      };
      state.active[key] = alert;
      raised.push(alert);
    }
  }
  for (const key of Object.keys(state.pending)) {
    if (holding.has(key)) continue;
    const alert = state.active[key];
    if (alert) {
      const clearSince = (state.clearing[key] ??= at);
      if (at - clearSince < thresholds.resolveHoldSec * 1000) continue;
      delete state.clearing[key];
    }
    delete state.pending[key];
    if (alert) {
      delete state.active[key];
      const done = { ...alert, resolvedAt: at };
      state.recent.push(done);
      resolved.push(done);
    }
  }
  state.recent = state.recent.slice(-RECENT_ALERTS_KEPT);
  state.depths.push([at, snapshot.queue.depth]);
  const horizon = at - (thresholds.queueGrowthLookbackSec + 5) * 1000;
  while (state.depths.length > 1 && (state.depths[0]![0] < horizon || state.depths.length > DEPTH_SAMPLES_KEPT)) state.depths.shift();
  return { state, raised, resolved };
}
