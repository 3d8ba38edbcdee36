import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT, ENVIRONMENT_DEFAULTS, readEnvironment } from '../../../protocol/environment';
import { DEFAULT_ALERT_THRESHOLDS } from '../../../server/alerts/alert-thresholds';
import { EnvironmentError, loadConfig, testConfig } from '../../../server/config';

const SECRET = 'x'.repeat(32);

function refusal(env: Record<string, string>): EnvironmentError {
  try {
    loadConfig(env, { mode: 'training' });
  } catch (err) {
    if (err instanceof EnvironmentError) return err;
    throw err;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('defaults to the values the server has always had', () => {
    const { secret, nodeId, ...config } = loadConfig({}, { mode: 'training' });
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(nodeId).toMatch(/-\d+-[0-9a-f]{4}$/);
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      mode: 'training',
      redisUrl: undefined,
      keyPrefix: 'sluice',
      tickIntervalMs: 100,
      controlsRefreshMs: 1000,
      healthSyncMs: 1000,
      claimWindowSec: 120,
      ticketTtlSec: 43_200,
      joinsPerSecPerIp: 100,
      joinsPerMinutePerClient: 10,
      liveWindowSec: 30,
      maxPollAfterMs: 20_000,
      trustProxy: false,
      metrics: { port: 9464, host: '127.0.0.1' },
      consoleOrigins: ['sluice://app'],
      providersUrl: undefined,
      identity: {
        timeoutMs: 5000,
        tokenTtlSec: 1800,
        reverifyAfterSec: 600,
        windowSec: 10,
        lights: { yellowP95Ms: 2000, yellowSuccessRate: 0.95, redSuccessRate: 0.8, redTimeoutRate: 0.1, redBusyRate: 0.2, minRequests: 5 },
        breaker: { failureRate: 0.5, windowCalls: 20, minCalls: 10, halfOpenAfterMs: 5000 },
      },
      demoPassword: undefined,
      console: {
        snapshotIntervalMs: 1000,
        historySec: 900,
        operatorTokenTtlSec: 28_800,
        loginsPerMinutePerIp: 30,
        loginsPerMinutePerAccount: 10,
        alerts: DEFAULT_ALERT_THRESHOLDS,
        commandBurst: 20,
        commandsPerSec: 5,
        denialSummaryMs: 5000,
      },
      eventStart: undefined,
      eventFile: undefined,
      slotsFile: undefined,
      logLevel: 'info',
    });
  });

  it('has a fixed default for every variable the schema does not leave open', () => {
    expect(Value.Check(ENVIRONMENT, ENVIRONMENT_DEFAULTS)).toBe(true);
  });

  it('reads each kind of variable from the environment, over the program defaults', () => {
    const config = loadConfig(
      {
        SLUICE_MODE: 'live',
        SLUICE_SECRET: SECRET,
        PORT: '9000',
        SLUICE_TRUST_PROXY: 'true',
        REDIS_URL: 'redis://10.0.0.5:6379',
        SLUICE_LIGHT_RED_SUCCESS_RATE: '0.5',
        SLUICE_ALERT_LAG_MS: '150',
        SLUICE_HEALTH_SYNC_MS: '0',
        LOG_LEVEL: 'debug',
      },
      { mode: 'training', port: 1234, logLevel: 'warn' },
    );
    expect(config).toMatchObject({ mode: 'live', secret: SECRET, port: 9000, trustProxy: true, redisUrl: 'redis://10.0.0.5:6379' });
    expect(config.identity.lights.redSuccessRate).toBe(0.5);
    expect(config.console.alerts.eventLoopLagMs).toBe(150);
    expect(config.healthSyncMs).toBe(0);
    expect(config.logLevel).toBe('debug');
  });

  it('counts an empty variable as unset', () => {
    const config = loadConfig({ SLUICE_TICK_MS: '', REDIS_URL: '', SLUICE_SECRET: '' }, { mode: 'training' });
    expect(config.tickIntervalMs).toBe(100);
    expect(config.redisUrl).toBeUndefined();
    expect(config.secret.length).toBeGreaterThanOrEqual(32);
  });

  it.each([
    ['not a number', 'SLUICE_TICK_MS', 'abc', 'a whole number ≥ 0'],
    ['a negative number', 'SLUICE_CLAIM_WINDOW_SEC', '-5', 'a whole number ≥ 0'],
    ['a fraction where a whole number is needed', 'SLUICE_JOINS_PER_SEC_PER_IP', '2.5', 'a whole number ≥ 0'],
    ['a port out of range', 'PORT', '70000', 'a whole number from 0 to 65535'],
    ['a window out of range', 'SLUICE_HEALTH_WINDOW_SEC', '0', 'a whole number from 1 to 300'],
    ['a rate above 1', 'SLUICE_LIGHT_RED_SUCCESS_RATE', '1.5', 'a number from 0 to 1'],
    ['a mode not in the list', 'SLUICE_MODE', 'production', 'one of training, live'],
    ['a log level not in the list', 'LOG_LEVEL', 'loud', 'one of fatal, error, warn, info, debug, trace, silent'],
    ['a boolean spelled otherwise', 'SLUICE_TRUST_PROXY', 'yes', 'true or false'],
    ['a Redis address without its scheme', 'REDIS_URL', 'localhost:6379', 'a redis:// or rediss:// URL'],
    ['a providers address without its scheme', 'PROVIDERS_URL', '127.0.0.1:8090', 'an http:// or https:// URL'],
    ['a key prefix that would break the hash tag', 'SLUICE_KEY_PREFIX', 'a}b', 'text without `{` or `}`'],
  ])('refuses %s, naming the variable, the value and what is allowed', (_kind, name, value, allowed) => {
    expect(refusal({ [name]: value }).message).toBe(`${name} must be ${allowed}, got "${value}"`);
  });

  it('refuses live mode without a secret of at least 32 characters', () => {
    expect(() => loadConfig({})).toThrow('SLUICE_SECRET (at least 32 characters) is required in live mode');
    expect(() => loadConfig({ SLUICE_SECRET: 'x'.repeat(31) })).toThrow(EnvironmentError);
    expect(() => loadConfig({ SLUICE_MODE: 'live' }, { mode: 'training' })).toThrow(/SLUICE_SECRET/);
    expect(loadConfig({ SLUICE_SECRET: SECRET }).mode).toBe('live');
  });

  it('no longer reads SLUICE_DEFAULT_MODE: without SLUICE_MODE the server is live', () => {
    expect(() => loadConfig({ SLUICE_DEFAULT_MODE: 'training' })).toThrow(/required in live mode/);
  });
});

describe('testConfig', () => {
  it('starts no timers: admission tick, controls re-read and health sync are all off', () => {
    expect(testConfig()).toMatchObject({ mode: 'training', tickIntervalMs: 0, controlsRefreshMs: 0, healthSyncMs: 0 });
  });
});

describe('readEnvironment', () => {
  it('checks only the variables the program reads', () => {
    expect(readEnvironment({ SLUICE_TICK_MS: 'abc', PORT: '9100' }, 'providers')).toEqual({ PORT: 9100 });
    expect(() => readEnvironment({ SLUICE_SERVER: 'localhost:8080' }, 'console')).toThrow(
      'SLUICE_SERVER must be an http:// or https:// URL, got "localhost:8080"',
    );
    expect(readEnvironment({ SLUICE_SERVER: 'localhost:8080' }, 'server')).toEqual({});
  });
});
