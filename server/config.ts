import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { loadConsoleConfig, type ConsoleConfig } from './console/console-config';
import { loadIdentityConfig, type IdentityConfig } from './identity/identity-config';
import { envNumber } from './env-number';

export type Mode = 'training' | 'live';

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
  /** Admitted tickets not claimed within this window give their capacity back. */
  claimWindowSec: number;
  ticketTtlSec: number;
  joinsPerSecPerIp: number;
  joinsPerMinutePerClient: number;
  /** Live waiting users are those who polled within the last window or the one before. */
  liveWindowSec: number;
  maxPollAfterMs: number;
  trustProxy: boolean;
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
  logLevel: string;
}


export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: Partial<Config> = {}): Config {
  const mode = (env.SLUICE_MODE ?? defaults.mode ?? 'live') as Mode;
  if (mode !== 'training' && mode !== 'live') throw new Error(`SLUICE_MODE must be training or live, got "${mode}"`);
  const secret = env.SLUICE_SECRET ?? defaults.secret;
  if (mode === 'live' && (!secret || secret.length < 32)) {
    throw new Error('SLUICE_SECRET (at least 32 characters) is required in live mode');
  }
  return {
    port: envNumber(env, 'PORT', defaults.port ?? 8080),
    host: env.HOST ?? defaults.host ?? '127.0.0.1',
    mode,
    redisUrl: env.REDIS_URL || defaults.redisUrl || undefined,
    keyPrefix: env.SLUICE_KEY_PREFIX ?? defaults.keyPrefix ?? 'sluice',
    secret: secret ?? randomBytes(32).toString('base64url'),
    nodeId: env.SLUICE_NODE_ID ?? defaults.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`,
    tickIntervalMs: envNumber(env, 'SLUICE_TICK_MS', defaults.tickIntervalMs ?? 100),
    claimWindowSec: envNumber(env, 'SLUICE_CLAIM_WINDOW_SEC', defaults.claimWindowSec ?? 120),
    ticketTtlSec: envNumber(env, 'SLUICE_TICKET_TTL_SEC', defaults.ticketTtlSec ?? 12 * 3600),
    joinsPerSecPerIp: envNumber(env, 'SLUICE_JOINS_PER_SEC_PER_IP', defaults.joinsPerSecPerIp ?? 100),
    joinsPerMinutePerClient: envNumber(env, 'SLUICE_JOINS_PER_MIN_PER_CLIENT', defaults.joinsPerMinutePerClient ?? 10),
    liveWindowSec: envNumber(env, 'SLUICE_LIVE_WINDOW_SEC', defaults.liveWindowSec ?? 30),
    maxPollAfterMs: envNumber(env, 'SLUICE_MAX_POLL_MS', defaults.maxPollAfterMs ?? 20_000),
    trustProxy: (env.SLUICE_TRUST_PROXY ?? String(defaults.trustProxy ?? false)) === 'true',
    providersUrl: env.PROVIDERS_URL ?? defaults.providersUrl,
    identity: loadIdentityConfig(env, defaults.identity),
    demoPassword: env.SLUICE_DEMO_PASSWORD ?? defaults.demoPassword,
    console: loadConsoleConfig(env, defaults.console),
    eventStart: env.SLUICE_EVENT_START ?? defaults.eventStart,
    eventFile: env.SLUICE_EVENT_FILE ?? defaults.eventFile,
    slotsFile: env.SLUICE_SLOTS_FILE ?? defaults.slotsFile,
    logLevel: env.LOG_LEVEL ?? defaults.logLevel ?? 'info',
  };
}

/** A config for tests and embedded use: training mode, memory store, no timers unless asked. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}, { mode: 'training', port: 0, tickIntervalMs: 0, logLevel: 'silent' }), ...overrides };
}
