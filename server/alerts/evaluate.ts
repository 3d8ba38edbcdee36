import type { Alert, Snapshot } from '../../protocol';
import type { AlertBook } from '../store/alert-book';
import { RECENT_ALERTS_KEPT } from './alert-book';
import type { AlertThresholds } from './alert-thresholds';
import { holdingConditions } from './rules';

export interface AlertChanges {
  book: AlertBook;
  raised: Alert[];
  resolved: Alert[];
}

const DEPTH_SAMPLES_KEPT = 600;

/**
 * One step of the alert state machine, run once per second on the snapshot just stored:
 * a condition that held for its duration raises one alert; the alert resolves as soon as
 * the condition no longer holds.
 */
export function evaluateAlerts(previous: AlertBook, snapshot: Snapshot, thresholds: AlertThresholds): AlertChanges {
  const at = snapshot.at;
  const book: AlertBook = structuredClone(previous);
  const holding = new Map(holdingConditions(snapshot, book, thresholds).map((c) => [c.key, c]));
  const raised: Alert[] = [];
  const resolved: Alert[] = [];

  for (const [key, condition] of holding) {
    const since = book.pending[key] ?? at;
    book.pending[key] = since;
    if (!book.active[key] && at - since >= condition.forSec * 1000) {
      const alert: Alert = {
        id: `${key}@${at}`,
        rule: condition.rule,
        subject: condition.subject,
        severity: condition.severity,
        message: condition.message,
        raisedAt: at,
        resolvedAt: null,
        ackedBy: null,
        ackedAt: null,
        drill: snapshot.drill.running,
      };
      book.active[key] = alert;
      raised.push(alert);
    }
  }
  for (const key of Object.keys(book.pending)) {
    if (holding.has(key)) continue;
    delete book.pending[key];
    const alert = book.active[key];
    if (alert) {
      delete book.active[key];
      const done = { ...alert, resolvedAt: at };
      book.recent.push(done);
      resolved.push(done);
    }
  }
  book.recent = book.recent.slice(-RECENT_ALERTS_KEPT);
  book.depths.push([at, snapshot.queue.depth]);
  const horizon = at - (thresholds.queueGrowthLookbackSec + 5) * 1000;
  while (book.depths.length > 1 && (book.depths[0]![0] < horizon || book.depths.length > DEPTH_SAMPLES_KEPT)) book.depths.shift();
  return { book, raised, resolved };
}
