import type { Alert, MessageParams, Snapshot } from '../../protocol';
import type { AlertState } from '../store/alert-state';
import type { AlertThresholds } from './alert-thresholds';

/** A rule's condition holding right now, for one subject. */
export interface Condition {
  /** Unique per rule and subject, e.g. `provider_red:phone`. */
  key: string;
  rule: string;
  subject: string | null;
  severity: Alert['severity'];
  /** How long it must hold before the alert is raised. */
  forSec: number;
  message: string;
  params: MessageParams;
}

function depthAgo(state: AlertState, at: number, lookbackSec: number): number | null {
  const target = at - lookbackSec * 1000;
  let found: number | null = null;
  for (const [t, depth] of state.depths) {
    if (t > target) break;
    found = depth;
  }
  return found;
}

/** Every rule's conditions that hold in this snapshot. */
export function holdingConditions(snapshot: Snapshot, state: AlertState, t: AlertThresholds): Condition[] {
  const out: Condition[] = [];
  for (const p of snapshot.providers) {
    if (p.light === 'red') {
      out.push({
        key: `provider_red:${p.id}`,
        rule: 'provider_red',
        subject: p.id,
        severity: 'critical',
        forSec: t.providerRedSec,
        message: `Identity provider ${p.id} has been red for ${t.providerRedSec} s or more`,
        params: { provider: p.id, sec: t.providerRedSec },
      });
    }
  }
  const eta = snapshot.queue.eta;
  if (eta && eta.maxSec > t.etaMaxSec) {
    out.push({
      key: 'eta_long',
      rule: 'eta_long',
      subject: null,
      severity: 'warning',
      forSec: t.etaForSec,
      message: `The last in line waits up to ${Math.round(eta.maxSec / 60)} min (limit ${Math.round(t.etaMaxSec / 60)} min)`,
      params: { etaMin: Math.round(eta.maxSec / 60), limitMin: Math.round(t.etaMaxSec / 60) },
    });
  }
  const before = depthAgo(state, snapshot.at, t.queueGrowthLookbackSec);
  if (before !== null && snapshot.queue.depth > before) {
    out.push({
      key: 'queue_growing',
      rule: 'queue_growing',
      subject: null,
      severity: 'warning',
      forSec: t.queueGrowingSec,
      message: `The queue has kept growing for ${t.queueGrowingSec} s (now ${snapshot.queue.depth})`,
      params: { sec: t.queueGrowingSec, depth: snapshot.queue.depth },
    });
  }
  if (!snapshot.store.up) {
    out.push({
      key: 'store_down',
      rule: 'store_down',
      subject: null,
      severity: 'critical',
      forSec: t.storeDownSec,
      message: `The ${snapshot.store.kind} store is unreachable: nobody is admitted`,
      params: { store: snapshot.store.kind },
    });
  }
  for (const node of snapshot.nodes) {
    if (snapshot.at - node.lastSeen > t.nodeSilentSec * 1000) {
      out.push({
        key: `node_silent:${node.id}`,
        rule: 'node_silent',
        subject: node.id,
        severity: 'critical',
        forSec: 0,
        message: `Node ${node.id} has not reported for ${t.nodeSilentSec} s or more`,
        params: { node: node.id, sec: t.nodeSilentSec },
      });
    } else if (node.eventLoopLagMs > t.eventLoopLagMs) {
      out.push({
        key: `event_loop_lag:${node.id}`,
        rule: 'event_loop_lag',
        subject: node.id,
        severity: 'warning',
        forSec: t.eventLoopLagSec,
        message: `Node ${node.id} event loop lags ${Math.round(node.eventLoopLagMs)} ms (limit ${t.eventLoopLagMs} ms)`,
        params: { node: node.id, lagMs: Math.round(node.eventLoopLagMs), limitMs: t.eventLoopLagMs },
      });
    }
  }
  return out;
}
