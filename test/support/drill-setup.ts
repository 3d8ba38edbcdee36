import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import type { Alert } from '../../protocol';
import type { ConsoleSocket } from '../../renderer/connection/consoleConnection';
import { runProgram, waitForOk, type RunningProgram } from './processes';
import { freePort } from './redis-server';

/** A training server (its own program) on `redisUrl` and the provider simulator, as a drill finds them. */
export interface DrillSetup {
  serverUrl: string;
  providersUrl: string;
  /** A demo operator's console token. */
  login: (username: 'commander' | 'trainer') => Promise<string>;
  /** The commander's console, connected, told of every alert from the first (the handler is on before it connects). */
  commander: (onAlert: (alert: Alert, socket: ConsoleSocket) => void) => Promise<ConsoleSocket>;
  stop: () => void;
}

export async function startDrillSetup(redisUrl: string, prefix: string, env: Record<string, string> = {}): Promise<DrillSetup> {
  const password = `demo-${randomBytes(6).toString('hex')}`;
  const running: RunningProgram[] = [];
  const stop = () => running.forEach((program) => program.kill());
  try {
    const providersPort = await freePort();
    const providers = runProgram('simulator/providers/main.ts', { PORT: String(providersPort), LOG_LEVEL: 'silent' });
    running.push(providers);
    const providersUrl = `http://127.0.0.1:${providersPort}`;
    await waitForOk(`${providersUrl}/healthz`, providers);
    const port = await freePort();
    const server = runProgram('server/main.ts', {
      PORT: String(port),
      SLUICE_MODE: 'training',
      REDIS_URL: redisUrl,
      SLUICE_KEY_PREFIX: `${prefix}${randomBytes(3).toString('hex')}`,
      SLUICE_SECRET: randomBytes(32).toString('base64url'),
      SLUICE_DEMO_PASSWORD: password,
      PROVIDERS_URL: providersUrl,
      ...env,
    });
    running.push(server);
    const serverUrl = `http://127.0.0.1:${port}`;
    await waitForOk(`${serverUrl}/readyz`, server);
    const login = async (username: string): Promise<string> => {
      const res = await fetch(`${serverUrl}/api/v1/console/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    };
    const commander = async (onAlert: (alert: Alert, socket: ConsoleSocket) => void): Promise<ConsoleSocket> => {
      const socket: ConsoleSocket = io(`${serverUrl}/console`, {
        auth: { token: await login('commander') },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      socket.on('alert', (alert: Alert) => onAlert(alert, socket));
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    };
    return { serverUrl, providersUrl, login, commander, stop };
  } catch (err) {
    stop();
    throw err;
  }
}
