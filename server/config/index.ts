import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { ENVIRONMENT_DEFAULTS as D, EnvironmentError, readEnvironment, SERVER_PORT, type LogLevel, type Mode } from '../../protocol/environment';
import { consoleConfig, type ConsoleConfig } from '../console/console-config';
import type { AimdSettings } from '../control/autopilot/aimd';
import { identityConfig, type IdentityConfig } from '../identity/identity-config';
import { MAKE_A_SECRET, secretWeakness } from './secret-strength';

export { EnvironmentError, PROVIDERS_PORT, SERVER_PORT, type LogLevel, type Mode } from '../../protocol/environment';

export interface Config {
  port: number;
  host: string;
  mode: Mode;
  /** Unset: the embedded memory store. */
  redisUrl: string | undefined;
  /** Every key lives under `{<keyPrefix>}:` so one hash tag keeps them on one Redis Cluster slot. */
  keyPrefix: string;
  /** Signed into every token (with the mode): a token from another deployment is refused. */
  deployment: string;
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
  /** One waiting ticket in this many (by number) sends a heartbeat every `heartbeatSec`; live waiting is estimated from them. */
  heartbeatSampleEvery: number;
  heartbeatSec: number;
  /**
   * Which proxies may set `X-Forwarded-For` (Fastify's `trustProxy`): false (none), a number of hops,
   * or proxy addresses/CIDRs. Never true: every client could then choose its own address.
   */
  trustProxy: TrustProxy;
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
  /** The drill runner's shared key (SLUICE_SIMULATOR_KEY); unset: no runner may connect. */
  simulatorKey: string | undefined;
  /** How long a drill waits for its disconnected runner before it ends as failed. */
  drillGraceSec: number;
  autopilot: AutopilotConfig;
}

export interface AutopilotConfig {
  leaseMs: number;
  aimd: AimdSettings;
}

export type TrustProxy = false | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** SLUICE_TRUST_PROXY (already matched against its pattern): each address and prefix checked. */
export function trustProxyOf(raw: string): TrustProxy {
  const value = raw.trim();
  if (value === 'false') return false;
  if (/^[0-9]+$/.test(value)) return Number(value) === 0 ? false : Number(value);
  const entries = value.split(',').map((e) => e.trim());
  for (const entry of entries) {
    if (NAMED_RANGES.has(entry)) continue;
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    const fits = family !== 0 && (prefix === undefined || Number(prefix) <= (family === 4 ? 32 : 128));
    if (!fits) throw new EnvironmentError(`SLUICE_TRUST_PROXY must be a list of addresses or CIDRs, got "${entry}" in "${raw}"`);
  }
  return entries;
}

/**
 * The server's settings: the environment (checked against protocol/environment.ts) over the
 * program's own `defaults` over the schema's. A bad value throws an EnvironmentError.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: Partial<Config> = {}): Config {
  const set = readEnvironment(env, 'server');
  const mode = set.SLUICE_MODE ?? defaults.mode ?? 'live';
  const secret = set.SLUICE_SECRET ?? defaults.secret;
  const redisUrl = set.REDIS_URL ?? (defaults.redisUrl || undefined);
  if (mode === 'live') {
    const weakness = secretWeakness(secret);
    if (weakness) throw new EnvironmentError(`SLUICE_SECRET ${weakness}: ${MAKE_A_SECRET}`);
    if (!redisUrl) {
      throw new EnvironmentError(
        'REDIS_URL is required in live mode: the embedded memory store loses every ticket and reservation when the process stops. Set REDIS_URL, or SLUICE_MODE=training for a drill',
      );
    }
  }
  const keyPrefix = set.SLUICE_KEY_PREFIX ?? defaults.keyPrefix ?? D.SLUICE_KEY_PREFIX;
  return {
    port: set.PORT ?? defaults.port ?? SERVER_PORT,
    host: set.HOST ?? defaults.host ?? D.HOST,
    mode,
    redisUrl,
    keyPrefix,
    deployment: set.SLUICE_DEPLOYMENT ?? defaults.deployment ?? keyPrefix,
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
    heartbeatSampleEvery: set.SLUICE_HEARTBEAT_SAMPLE_EVERY ?? defaults.heartbeatSampleEvery ?? D.SLUICE_HEARTBEAT_SAMPLE_EVERY,
    heartbeatSec: set.SLUICE_HEARTBEAT_SEC ?? defaults.heartbeatSec ?? D.SLUICE_HEARTBEAT_SEC,
    trustProxy: set.SLUICE_TRUST_PROXY !== undefined ? trustProxyOf(set.SLUICE_TRUST_PROXY) : (defaults.trustProxy ?? trustProxyOf(D.SLUICE_TRUST_PROXY)),
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
    simulatorKey: set.SLUICE_SIMULATOR_KEY ?? defaults.simulatorKey,
    drillGraceSec: set.SLUICE_DRILL_RUNNER_GRACE_SEC ?? defaults.drillGraceSec ?? D.SLUICE_DRILL_RUNNER_GRACE_SEC,
    autopilot: {
      leaseMs: set.SLUICE_AUTOPILOT_LEASE_MS ?? defaults.autopilot?.leaseMs ?? D.SLUICE_AUTOPILOT_LEASE_MS,
      aimd: {
        decreaseFactor: set.SLUICE_AUTOPILOT_CUT_FACTOR ?? defaults.autopilot?.aimd.decreaseFactor ?? D.SLUICE_AUTOPILOT_CUT_FACTOR,
        decreaseCooldownSec: set.SLUICE_AUTOPILOT_COOLDOWN_SEC ?? defaults.autopilot?.aimd.decreaseCooldownSec ?? D.SLUICE_AUTOPILOT_COOLDOWN_SEC,
        healthyBeforeIncreaseSec: set.SLUICE_AUTOPILOT_HEALTHY_SEC ?? defaults.autopilot?.aimd.healthyBeforeIncreaseSec ?? D.SLUICE_AUTOPILOT_HEALTHY_SEC,
        increaseShare: set.SLUICE_AUTOPILOT_CLIMB_SHARE ?? defaults.autopilot?.aimd.increaseShare ?? D.SLUICE_AUTOPILOT_CLIMB_SHARE,
        increaseEverySec: set.SLUICE_AUTOPILOT_CLIMB_EVERY_SEC ?? defaults.autopilot?.aimd.increaseEverySec ?? D.SLUICE_AUTOPILOT_CLIMB_EVERY_SEC,
      },
    },
  };
}

/** A config for tests and embedded use: training mode, memory store, no timers unless asked. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const quiet = { mode: 'training', port: 0, tickIntervalMs: 0, controlsRefreshMs: 0, healthSyncMs: 0, logLevel: 'silent' } as const;
  // No metrics listener unless a test asks for one (port 0: any free port).
  return { ...loadConfig({}, quiet), metrics: { port: null, host: '127.0.0.1' }, ...overrides };
}
