import { StoreFaultProxy } from './store-fault-proxy';
import { startStoreFaultServer } from './store-fault-server';

export interface ProxiedStore {
  kind: 'proxied';
  /** What the server is given as REDIS_URL. */
  redisUrl: string;
  /** SLUICE_STORE_FAULT_URL. */
  controlUrl: string;
  close(): Promise<void>;
}

export type TrainingStoreFault = ProxiedStore | { kind: 'skipped'; reason: string };

/**
 * `npm start` on Redis: a store fault proxy in front of `redisUrl` (the server is given the
 * proxy's address with the same credentials and database) and its control for the drill runner.
 * Only a single plain `redis://` can be stood in for: a cluster hands out its nodes' own addresses,
 * and TLS checks the name the server dialled.
 */
export async function startTrainingStoreFault(redisUrl: string, key: string, log?: (line: string) => void): Promise<TrainingStoreFault> {
  const url = new URL(redisUrl);
  if (url.protocol !== 'redis:') {
    return {
      kind: 'skipped',
      reason: `${url.protocol}// cannot be proxied (${url.protocol === 'rediss:' ? 'TLS checks the host name' : 'a cluster hands out its nodes’ addresses'})`,
    };
  }
  const proxy = new StoreFaultProxy({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 6379) });
  const listening = await proxy.listen();
  const control = await startStoreFaultServer(proxy, key, log ? { log } : {}).catch(async (err: unknown) => {
    await proxy.close();
    throw err;
  });
  const proxied = new URL(redisUrl);
  proxied.hostname = listening.host;
  proxied.port = String(listening.port);
  return {
    kind: 'proxied',
    redisUrl: proxied.toString(),
    controlUrl: control.url,
    close: async () => {
      await control.app.close();
      await proxy.close();
    },
  };
}
