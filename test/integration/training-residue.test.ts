import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, DrillState, Snapshot } from '../../protocol';
import type { ConsoleSocket } from '../../renderer/connection/consoleConnection';
import { buildApp } from '../../server/app';
import { testConfig } from '../../server/config';
import { seedDemoOperators } from '../../server/operators/demo-operators';
import { baseUrl } from '../support/cluster';
import { RedisServer } from '../support/redis-server';
import { scenario, SIMULATOR_KEY, TestRunner } from '../support/runner-client';
import { connectConsole, emitAck, login, PASSWORD } from '../server/console/console-client';

const SECRET = 'pG7q2Vd0xRk9LwZs4nYb1Tf8Hc3Mj6Ue5Ao0Ki2Nl7Qr9Sv4Wx1Yz8Bd3Ce6Fg5Hi';
const DEMO_PASSWORD = 'demo-password-for-the-drill';
const PREFIX = 'rehearsal';

interface LogLine {
  level: number;
  msg: string;
}

/** `npm run server` (live: the default) on the Redis a training run used; resolves once it listens. */
async function startLiveServer(redis: RedisServer): Promise<{ child: ChildProcess; url: string; logs: LogLine[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      REDIS_URL: redis.url,
      SLUICE_KEY_PREFIX: PREFIX,
      SLUICE_SECRET: SECRET,
      PORT: '0',
      SLUICE_METRICS_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the live server did not start: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`the live server exited ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as LogLine;
      logs.push(entry);
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(entry.msg);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]!);
      }
    });
  });
  return { child, url, logs };
}

function postLogin(url: string, username: string, password: string): Promise<Response> {
  return fetch(`${url}/api/v1/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

/** A console on `url` that records the first `drill` event and the first snapshot. */
async function consoleAt(url: string, token: unknown): Promise<{ socket: ConsoleSocket; drill: Promise<DrillState>; snapshot: Promise<Snapshot> }> {
  const socket: ConsoleSocket = io(`${url}/console`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const drill = new Promise<DrillState>((resolve) => socket.once('drill', resolve));
  const snapshot = new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
  return { socket, drill, snapshot };
}

describe('a live node on a Redis a training run used honours none of its artifacts', () => {
  let redis: RedisServer;
  let live: Awaited<ReturnType<typeof startLiveServer>>;
  let trainingCommanderToken: string;

  beforeAll(async () => {
    redis = await new RedisServer().start();
    // The rehearsal: a training node seeds the demo operators and starts a drill, then stops with the drill running.
    const training = await buildApp(
      testConfig({ redisUrl: redis.url, keyPrefix: PREFIX, secret: SECRET, demoPassword: DEMO_PASSWORD, simulatorKey: SIMULATOR_KEY }),
    );
    await training.listen({ port: 0, host: '127.0.0.1' });
    const runner = await TestRunner.connect(baseUrl(training), [scenario('smoke')]);
    expect(await seedDemoOperators(training)).toHaveLength(4);
    await training.operators.add('ops-trainer', 'trainer', PASSWORD);
    const trainerRes = await login(training, 'trainer', DEMO_PASSWORD);
    const trainer = await connectConsole(training, ((await trainerRes.json()) as { token: string }).token);
    expect(await emitAck(trainer, 'drill:start', { scenario: 'smoke' })).toEqual({ ok: true });
    trainer.close();
    runner.close();
    const commanderRes = await login(training, 'commander', DEMO_PASSWORD);
    expect(commanderRes.status).toBe(200);
    trainingCommanderToken = ((await commanderRes.json()) as { token: string }).token;
    expect((await fetch(`${baseUrl(training)}/api/v1/console/audit`, { headers: { authorization: `Bearer ${trainingCommanderToken}` } })).status).toBe(200);
    await training.close();

    live = await startLiveServer(redis);
  }, 60_000);

  afterAll(async () => {
    if (live?.child.exitCode === null) {
      const exited = new Promise((resolve) => live.child.once('exit', resolve));
      live.child.kill('SIGTERM');
      await exited;
    }
    await redis?.stop();
  });

  it('warns at start that the store holds training residue, and that it is ignored', () => {
    const warnings = live.logs.filter((l) => l.level === 40).map((l) => l.msg);
    expect(warnings.filter((w) => w.includes('training')).length).toBe(1);
    expect(warnings.find((w) => w.includes('training'))).toMatch(
      /what a training run left: a drill flag \(scenario smoke\); demo operators admin, commander, trainer, viewer .*A live node ignores it/,
    );
  });

  it('refuses the demo operators’ logins', async () => {
    for (const name of ['commander', 'admin']) {
      const res = await postLogin(live.url, name, DEMO_PASSWORD);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'invalid_credentials' });
    }
  });

  it('refuses a demo commander token the training node issued with the same SLUICE_SECRET', async () => {
    await expect(consoleAt(live.url, trainingCommanderToken)).rejects.toThrow('invalid_token');
    const res = await fetch(`${live.url}/api/v1/console/audit`, { headers: { authorization: `Bearer ${trainingCommanderToken}` } });
    expect(res.status).toBe(401);
  });

  it('shows no drill, and refuses a trainer the controls a drill would have allowed', async () => {
    const res = await postLogin(live.url, 'ops-trainer', PASSWORD);
    expect(res.status).toBe(200);
    const { socket, drill, snapshot } = await consoleAt(live.url, ((await res.json()) as { token: string }).token);
    try {
      expect(await drill).toMatchObject({ running: false, scenario: null });
      expect((await snapshot).drill).toMatchObject({ running: false });
      const ack = await (socket.timeout(5000) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<Ack> }).emitWithAck('controls:update', {
        patch: { admissionRatePerSec: 1 },
        reason: 'drill step',
      });
      expect(ack).toMatchObject({ ok: false, error: 'forbidden' });
    } finally {
      socket.close();
    }
  });
});
