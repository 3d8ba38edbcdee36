import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from '../alerts/alert-thresholds';
import { envNumber } from '../env-number';

export interface ConsoleConfig {
  /** How often each node runs the snapshot cycle; 0 = only when called (tests drive it). */
  snapshotIntervalMs: number;
  /** History kept and sent on connect. */
  historySec: number;
  /** Operator tokens last one shift; log in again after. */
  operatorTokenTtlSec: number;
  loginsPerMinutePerIp: number;
  loginsPerMinutePerAccount: number;
  alerts: AlertThresholds;
}

export const DEFAULT_CONSOLE_CONFIG: ConsoleConfig = {
  snapshotIntervalMs: 1000,
  historySec: 900,
  operatorTokenTtlSec: 8 * 3600,
  loginsPerMinutePerIp: 30,
  loginsPerMinutePerAccount: 10,
  alerts: DEFAULT_ALERT_THRESHOLDS,
};


const ALERT_ENV: Record<keyof AlertThresholds, string> = {
  providerRedSec: 'SLUICE_ALERT_PROVIDER_RED_SEC',
  etaMaxSec: 'SLUICE_ALERT_ETA_MAX_SEC',
  etaForSec: 'SLUICE_ALERT_ETA_FOR_SEC',
  queueGrowingSec: 'SLUICE_ALERT_QUEUE_GROWING_SEC',
  queueGrowthLookbackSec: 'SLUICE_ALERT_QUEUE_LOOKBACK_SEC',
  storeDownSec: 'SLUICE_ALERT_STORE_DOWN_SEC',
  nodeSilentSec: 'SLUICE_ALERT_NODE_SILENT_SEC',
  eventLoopLagMs: 'SLUICE_ALERT_LAG_MS',
  eventLoopLagSec: 'SLUICE_ALERT_LAG_SEC',
};

export function loadConsoleConfig(env: NodeJS.ProcessEnv, defaults: Partial<ConsoleConfig> = {}): ConsoleConfig {
  const base = { ...DEFAULT_CONSOLE_CONFIG, ...defaults };
  const alerts = { ...DEFAULT_ALERT_THRESHOLDS, ...defaults.alerts };
  for (const [field, name] of Object.entries(ALERT_ENV) as [keyof AlertThresholds, string][]) {
    alerts[field] = envNumber(env, name, alerts[field]);
  }
  return {
    snapshotIntervalMs: envNumber(env, 'SLUICE_SNAPSHOT_MS', base.snapshotIntervalMs),
    historySec: envNumber(env, 'SLUICE_HISTORY_SEC', base.historySec),
    operatorTokenTtlSec: envNumber(env, 'SLUICE_OPERATOR_TOKEN_TTL_SEC', base.operatorTokenTtlSec),
    loginsPerMinutePerIp: envNumber(env, 'SLUICE_LOGINS_PER_MIN_PER_IP', base.loginsPerMinutePerIp),
    loginsPerMinutePerAccount: envNumber(env, 'SLUICE_LOGINS_PER_MIN_PER_ACCOUNT', base.loginsPerMinutePerAccount),
    alerts,
  };
}
