import { ENVIRONMENT_DEFAULTS as D, type EnvironmentValues } from '../../protocol/environment';
import type { AlertThresholds } from '../alerts/alert-thresholds';

export interface ConsoleConfig {
  /** How often each node runs the snapshot cycle; 0 = only when called (tests drive it). */
  snapshotIntervalMs: number;
  /** History kept and sent on connect. */
  historySec: number;
  /** Hours of 10 s and of 60 s points kept beside the 1 s history. */
  trend10sHours: number;
  trend60sHours: number;
  /** Operator tokens last one shift; log in again after. */
  operatorTokenTtlSec: number;
  loginsPerMinutePerIp: number;
  loginsPerMinutePerAccount: number;
  alerts: AlertThresholds;
  /** Commands one operator may send on this node at once, and refilled per second; beyond: `rate_limited`. */
  commandBurst: number;
  commandsPerSec: number;
  /** Denied attempts after an operator's first are summed into one audit entry at most this often. */
  denialSummaryMs: number;
}

/**
 * The console settings: the values set in the environment over `base` over the schema's defaults
 * (protocol/environment.ts, the one place they are written down).
 */
export function consoleConfig(set: Partial<EnvironmentValues> = {}, base?: Partial<ConsoleConfig>): ConsoleConfig {
  const a = base?.alerts;
  return {
    snapshotIntervalMs: set.SLUICE_SNAPSHOT_MS ?? base?.snapshotIntervalMs ?? D.SLUICE_SNAPSHOT_MS,
    historySec: set.SLUICE_HISTORY_SEC ?? base?.historySec ?? D.SLUICE_HISTORY_SEC,
    trend10sHours: set.SLUICE_HISTORY_10S_HOURS ?? base?.trend10sHours ?? D.SLUICE_HISTORY_10S_HOURS,
    trend60sHours: set.SLUICE_HISTORY_60S_HOURS ?? base?.trend60sHours ?? D.SLUICE_HISTORY_60S_HOURS,
    operatorTokenTtlSec: set.SLUICE_OPERATOR_TOKEN_TTL_SEC ?? base?.operatorTokenTtlSec ?? D.SLUICE_OPERATOR_TOKEN_TTL_SEC,
    loginsPerMinutePerIp: set.SLUICE_LOGINS_PER_MIN_PER_IP ?? base?.loginsPerMinutePerIp ?? D.SLUICE_LOGINS_PER_MIN_PER_IP,
    loginsPerMinutePerAccount: set.SLUICE_LOGINS_PER_MIN_PER_ACCOUNT ?? base?.loginsPerMinutePerAccount ?? D.SLUICE_LOGINS_PER_MIN_PER_ACCOUNT,
    commandBurst: base?.commandBurst ?? 20,
    commandsPerSec: base?.commandsPerSec ?? 5,
    denialSummaryMs: base?.denialSummaryMs ?? 5000,
    alerts: {
      providerRedSec: set.SLUICE_ALERT_PROVIDER_RED_SEC ?? a?.providerRedSec ?? D.SLUICE_ALERT_PROVIDER_RED_SEC,
      etaMaxSec: set.SLUICE_ALERT_ETA_MAX_SEC ?? a?.etaMaxSec ?? D.SLUICE_ALERT_ETA_MAX_SEC,
      etaForSec: set.SLUICE_ALERT_ETA_FOR_SEC ?? a?.etaForSec ?? D.SLUICE_ALERT_ETA_FOR_SEC,
      queueGrowingSec: set.SLUICE_ALERT_QUEUE_GROWING_SEC ?? a?.queueGrowingSec ?? D.SLUICE_ALERT_QUEUE_GROWING_SEC,
      queueGrowthLookbackSec: set.SLUICE_ALERT_QUEUE_LOOKBACK_SEC ?? a?.queueGrowthLookbackSec ?? D.SLUICE_ALERT_QUEUE_LOOKBACK_SEC,
      storeDownSec: set.SLUICE_ALERT_STORE_DOWN_SEC ?? a?.storeDownSec ?? D.SLUICE_ALERT_STORE_DOWN_SEC,
      nodeSilentSec: set.SLUICE_ALERT_NODE_SILENT_SEC ?? a?.nodeSilentSec ?? D.SLUICE_ALERT_NODE_SILENT_SEC,
      eventLoopLagMs: set.SLUICE_ALERT_LAG_MS ?? a?.eventLoopLagMs ?? D.SLUICE_ALERT_LAG_MS,
      eventLoopLagSec: set.SLUICE_ALERT_LAG_SEC ?? a?.eventLoopLagSec ?? D.SLUICE_ALERT_LAG_SEC,
      resolveHoldSec: set.SLUICE_ALERT_RESOLVE_HOLD_SEC ?? a?.resolveHoldSec ?? D.SLUICE_ALERT_RESOLVE_HOLD_SEC,
    },
  };
}

export const DEFAULT_CONSOLE_CONFIG: ConsoleConfig = consoleConfig();
