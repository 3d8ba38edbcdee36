import { randomBytes } from 'node:crypto';
import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT, ENVIRONMENT_DEFAULTS, readEnvironment } from '../../../protocol/environment';
import { DEFAULT_ALERT_THRESHOLDS } from '../../../server/alerts/alert-thresholds';
import { EnvironmentError, loadConfig, testConfig } from '../../../server/config';

/** What `openssl rand -base64 48` prints (fixed here). */
const SECRET = 'pG7q2Vd0xRk9LwZs4nYb1Tf8Hc3Mj6Ue5Ao0Ki2Nl7Qr9Sv4Wx1Yz8Bd3Ce6Fg5Hi';
const REDIS = 'redis://10.0.0.5:6379';

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
      deployment: 'sluice',
      tickIntervalMs: 100,
      controlsRefreshMs: 1000,
      healthSyncMs: 1000,
      claimWindowSec: 120,
      ticketTtlSec: 43_200,
      joinsPerSecPerIp: 100,
      joinsPerMinutePerClient: 10,
      liveWindowSec: 30,
      maxPollAfterMs: 20_000,
      heartbeatSampleEvery: 32,
      heartbeatSec: 30,
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
        trend10sHours: 6,
        trend60sHours: 24,
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
      simulatorKey: undefined,
      drillGraceSec: 15,
      autopilot: {
        leaseMs: 3000,
        aimd: { decreaseFactor: 0.7, decreaseCooldownSec: 3, healthyBeforeIncreaseSec: 10, increaseShare: 0.05, increaseEverySec: 2 },
      },
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
        SLUICE_TRUST_PROXY: '1',
        REDIS_URL: 'redis://10.0.0.5:6379',
        SLUICE_LIGHT_RED_SUCCESS_RATE: '0.5',
        SLUICE_ALERT_LAG_MS: '150',
        SLUICE_HEALTH_SYNC_MS: '0',
        LOG_LEVEL: 'debug',
      },
      { mode: 'training', port: 1234, logLevel: 'warn' },
    );
    expect(config).toMatchObject({ mode: 'live', secret: SECRET, port: 9000, trustProxy: 1, redisUrl: 'redis://10.0.0.5:6379' });
    expect(config.identity.lights.redSuccessRate).toBe(0.5);
    expect(config.console.alerts.eventLoopLagMs).toBe(150);
    expect(config.healthSyncMs).toBe(0);
    expect(config.logLevel).toBe('debug');
  });

  it('reads SLUICE_TRUST_PROXY as false, a hop count or a list of proxy addresses, and refuses a bad address', () => {
    const trust = (value: string) => loadConfig({ SLUICE_TRUST_PROXY: value }, { mode: 'training' }).trustProxy;
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8, 192.168.1.7,loopback,fd00::/8')).toEqual(['10.0.0.0/8', '192.168.1.7', 'loopback', 'fd00::/8']);
    expect(() => trust('10.0.0.300/8')).toThrow('SLUICE_TRUST_PROXY must be a list of addresses or CIDRs, got "10.0.0.300/8"');
    expect(() => trust('10.0.0.0/33')).toThrow('got "10.0.0.0/33"');
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
    [
      'trusting every proxy (any client could pick its address)',
      'SLUICE_TRUST_PROXY',
      'true',
      '`false`, a number of hops, or a comma-separated list of addresses or CIDRs',
    ],
    ['a Redis address without its scheme', 'REDIS_URL', 'localhost:6379', 'a redis://, rediss:// or redis+cluster://host:port,… URL'],
    ['a providers address without its scheme', 'PROVIDERS_URL', '127.0.0.1:8090', 'an http:// or https:// URL'],
    ['a key prefix that would break the hash tag', 'SLUICE_KEY_PREFIX', 'a}b', 'text without `{` or `}`'],
  ])('refuses %s, naming the variable, the value and what is allowed', (_kind, name, value, allowed) => {
    expect(refusal({ [name]: value }).message).toBe(`${name} must be ${allowed}, got "${value}"`);
  });

  it('refuses live mode without a secret', () => {
    expect(() => loadConfig({ REDIS_URL: REDIS })).toThrow(/^SLUICE_SECRET is required in live mode: make one with `openssl rand -base64 48`/);
    expect(() => loadConfig({ SLUICE_MODE: 'live', REDIS_URL: REDIS }, { mode: 'training' })).toThrow(/SLUICE_SECRET/);
    expect(loadConfig({ SLUICE_SECRET: SECRET, REDIS_URL: REDIS }).mode).toBe('live');
  });

  it.each([
    ['too short', 'Zq8'.repeat(10), /must be at least 32 characters \(it has 30\)/],
    ['one character repeated', 'a'.repeat(32), /repeats itself/],
    ['a word repeated', 'password'.repeat(5), /repeats itself/],
    ['a passphrase with spaces', 'correct horse battery staple and more', /must not contain whitespace/],
    ['a run of the alphabet', 'abcdefghijklmnopqrstuvwxyzABCDEF', /run of neighbouring characters/],
    ['counting up', '0123456789abcdefghijklmnopqrstuv', /run of neighbouring characters/],
    ['little variety', 'aqzkqazkzqakkzaqzakqkzqazqkazkqaqzkazqkq', /too little variety \(about \d+ bits; at least 128 needed\)/],
  ])('refuses a weak secret in live mode (%s), saying how to make a good one', (_kind, secret, why) => {
    let message = '';
    try {
      loadConfig({ SLUICE_SECRET: secret, REDIS_URL: REDIS });
    } catch (err) {
      expect(err).toBeInstanceOf(EnvironmentError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^SLUICE_SECRET /);
    expect(message).toMatch(why);
    expect(message).toContain('openssl rand -base64 48');
    expect(message).toContain("crypto.randomBytes(48).toString('base64url')");
  });

  it('accepts random secrets as the documented commands make them', () => {
    for (let i = 0; i < 50; i++) {
      for (const secret of [randomBytes(48).toString('base64'), randomBytes(48).toString('base64url'), randomBytes(32).toString('hex')]) {
        expect(loadConfig({ SLUICE_SECRET: secret, REDIS_URL: REDIS }).secret).toBe(secret);
      }
    }
  });

  it('refuses live mode on the memory store, saying so', () => {
    expect(() => loadConfig({ SLUICE_SECRET: SECRET })).toThrow(
      'REDIS_URL is required in live mode: the embedded memory store loses every ticket and reservation when the process stops. Set REDIS_URL, or SLUICE_MODE=training for a drill',
    );
    expect(loadConfig({ SLUICE_SECRET: SECRET }, { mode: 'training' }).redisUrl).toBeUndefined();
  });

  it('names the deployment after the key prefix unless SLUICE_DEPLOYMENT says otherwise', () => {
    expect(loadConfig({ SLUICE_KEY_PREFIX: 'seoul' }, { mode: 'training' }).deployment).toBe('seoul');
    expect(loadConfig({ SLUICE_KEY_PREFIX: 'seoul', SLUICE_DEPLOYMENT: 'kdca-prod' }, { mode: 'training' }).deployment).toBe('kdca-prod');
    expect(refusal({ SLUICE_DEPLOYMENT: 'a b' }).message).toBe('SLUICE_DEPLOYMENT must be 1-64 of A-Z a-z 0-9 . _ -, got "a b"');
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
