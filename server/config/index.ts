import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ENVIRONMENT_DEFAULTS as D, EnvironmentError, readEnvironment, SERVER_PORT, type LogLevel, type Mode } from '../../protocol/environment';
import { consoleConfig, type ConsoleConfig } from '../console/console-config';
import { identityConfig, type IdentityConfig } from '../identity/identity-config';

export { EnvironmentError, PROVIDERS_PORT, SERVER_PORT, type LogLevel, type Mode } from '../../protocol/environment';

export interface Config {
  port: number;
  host: string;
  mode: Mode;
  /** Unset: the embedded memory store. */
  redisUrl: string | undefined;
  /** Every key lives under `{<keyPrefix>}:` so one hash tag keeps them on one Redis Cluster slot. */
  keyPrefix: string;
  secret: string;
  nodeId: string;
  /** How often this node runs the (leaderless) admission tick; 0 = only when called (tests). */
  tickIntervalMs: number;
  /** How often this node re-reads the controls besides the change broadcast; 0 = never (tests). */
  controlsRefreshMs: number;
  /** How often this node merges provider health with the other nodes'; 0 = only when called (tests). */
  healthSyncMs: number;
  /** Admitted tickets not claimed within this window give their capacity back. */
  claimWindowSec: number;
  ticketTtlSec: number;
  joinsPerSecPerIp: number;
  joinsPerMinutePerClient: number;
  /** Live waiting users are those who polled within the last window or the one before. */
  liveWindowSec: number;
  maxPollAfterMs: number;
  trustProxy: boolean;
  /** Where Prometheus scrapes `/metrics` (its own listener); null = off; 0 = any free port (tests). */
  metrics: { port: number | null; host: string };
  /** Origins besides the server's own that may open the console socket. */
  consoleOrigins: string[];
  providersUrl: string | undefined;
  identity: IdentityConfig;
  demoPassword: string | undefined;
  /** The operator console: snapshot cycle, history, logins, alert rules. */
  console: ConsoleConfig;
  eventStart: string | undefined;
  /** The booking calendar (data/event-2021.json when unset). */
  eventFile: string | undefined;
  /** The slot inventory (data/slots-2021.json when unset). */
  slotsFile: string | undefined;
  logLevel: LogLevel;
}

/**
 * The server's settings: the environment (checked against protocol/environment.ts) over the
 * program's own `defaults` over the schema's. A bad value throws an EnvironmentError.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: Partial<Config> = {}): Config {
  const set = readEnvironment(env, 'server');
  const mode = set.SLUICE_MODE ?? defaults.mode ?? 'live';
  const secret = set.SLUICE_SECRET ?? defaults.secret;
  if (mode === 'live' && (!secret || secret.length < 32)) {
    throw new EnvironmentError('SLUICE_SECRET (at least 32 characters) is required in live mode');
  }
  return {
    port: set.PORT ?? defaults.port ?? SERVER_PORT,
    host: set.HOST ?? defaults.host ?? D.HOST,
    mode,
    redisUrl: set.REDIS_URL ?? (defaults.redisUrl || undefined),
    keyPrefix: set.SLUICE_KEY_PREFIX ?? defaults.keyPrefix ?? D.SLUICE_KEY_PREFIX,
    secret: secret ?? randomBytes(32).toString('base64url'),
    nodeId: set.SLUICE_NODE_ID ?? defaults.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`,
    tickIntervalMs: set.SLUICE_TICK_MS ?? defaults.tickIntervalMs ?? D.SLUICE_TICK_MS,
    controlsRefreshMs: set.SLUICE_CONTROLS_REFRESH_MS ?? defaults.controlsRefreshMs ?? D.SLUICE_CONTROLS_REFRESH_MS,
    healthSyncMs: set.SLUICE_HEALTH_SYNC_MS ?? defaults.healthSyncMs ?? D.SLUICE_HEALTH_SYNC_MS,
    claimWindowSec: set.SLUICE_CLAIM_WINDOW_SEC ?? defaults.claimWindowSec ?? D.SLUICE_CLAIM_WINDOW_SEC,
    ticketTtlSec: set.SLUICE_TICKET_TTL_SEC ?? defaults.ticketTtlSec ?? D.SLUICE_TICKET_TTL_SEC,
    joinsPerSecPerIp: set.SLUICE_JOINS_PER_SEC_PER_IP ?? defaults.joinsPerSecPerIp ?? D.SLUICE_JOINS_PER_SEC_PER_IP,
    joinsPerMinutePerClient: set.SLUICE_JOINS_PER_MIN_PER_CLIENT ?? defaults.joinsPerMinutePerClient ?? D.SLUICE_JOINS_PER_MIN_PER_CLIENT,
    liveWindowSec: set.SLUICE_LIVE_WINDOW_SEC ?? defaults.liveWindowSec ?? D.SLUICE_LIVE_WINDOW_SEC,
    maxPollAfterMs: set.SLUICE_MAX_POLL_MS ?? defaults.maxPollAfterMs ?? D.SLUICE_MAX_POLL_MS,
    trustProxy: set.SLUICE_TRUST_PROXY ?? defaults.trustProxy ?? D.SLUICE_TRUST_PROXY,
    metrics: {
      port: set.SLUICE_METRICS_PORT !== undefined ? set.SLUICE_METRICS_PORT || null : defaults.metrics ? defaults.metrics.port : D.SLUICE_METRICS_PORT,
      host: set.SLUICE_METRICS_HOST ?? defaults.metrics?.host ?? D.SLUICE_METRICS_HOST,
    },
    consoleOrigins: (set.SLUICE_CONSOLE_ORIGINS ?? defaults.consoleOrigins?.join(',') ?? D.SLUICE_CONSOLE_ORIGINS).split(','),
    providersUrl: set.PROVIDERS_URL ?? defaults.providersUrl,
    identity: identityConfig(set, defaults.identity),
    demoPassword: set.SLUICE_DEMO_PASSWORD ?? defaults.demoPassword,
    console: consoleConfig(set, defaults.console),
    eventStart: set.SLUICE_EVENT_START ?? defaults.eventStart,
    eventFile: set.SLUICE_EVENT_FILE ?? defaults.eventFile,
    slotsFile: set.SLUICE_SLOTS_FILE ?? defaults.slotsFile,
    logLevel: set.LOG_LEVEL ?? defaults.logLevel ?? D.LOG_LEVEL,
  };
}

/** A config for tests and embedded use: training mode, memory store, no timers unless asked. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const quiet = { mode: 'training', port: 0, tickIntervalMs: 0, controlsRefreshMs: 0, healthSyncMs: 0, logLevel: 'silent' } as const;
  // No metrics listener unless a test asks for one (port 0: any free port).
  return { ...loadConfig({}, quiet), metrics: { port: null, host: '127.0.0.1' }, ...overrides };
}
