/** When each alert rule fires; durations are configurable so tests run in seconds. */
export interface AlertThresholds {
  /** A provider's light red for this long. */
  providerRedSec: number;
  /** ETA of the last in line above etaMaxSec for etaForSec. */
  etaMaxSec: number;
  etaForSec: number;
  /** Queue deeper than queueGrowthLookbackSec before, continuously for queueGrowingSec. */
  queueGrowingSec: number;
  queueGrowthLookbackSec: number;
  /** The store unreachable for this long (raised by every node for itself: nothing cluster-wide works then). */
  storeDownSec: number;
  /** A node that has not reported for this long. */
  nodeSilentSec: number;
  /** A node's event-loop lag above eventLoopLagMs for eventLoopLagSec. */
  eventLoopLagMs: number;
  eventLoopLagSec: number;
  /** A raised alert resolves only after its condition stayed clear this long; a blink is the same alert. */
  resolveHoldSec: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  providerRedSec: 10,
  etaMaxSec: 3600,
  etaForSec: 30,
  queueGrowingSec: 120,
  queueGrowthLookbackSec: 10,
  storeDownSec: 3,
  nodeSilentSec: 10,
  eventLoopLagMs: 200,
  eventLoopLagSec: 5,
  resolveHoldSec: 30,
};
