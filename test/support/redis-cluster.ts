import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './redis-server';

const run = promisify(execFile);

/**
 * A private three-master Redis Cluster on free loopback ports: redis-server in cluster mode,
 * joined with `redis-cli --cluster create`. `url` is the `redis+cluster://` seed list.
 */
export class RedisCluster {
  private readonly children: ChildProcess[] = [];
  readonly dir = mkdtempSync(join(tmpdir(), 'sluice-cluster-'));
  ports: number[] = [];

  get url(): string {
    return `redis+cluster://${this.ports.map((p) => `127.0.0.1:${p}`).join(',')}`;
  }

  async start(masters = 3): Promise<this> {
    for (let i = 0; i < masters; i++) this.ports.push(await freePort());
    for (const port of this.ports) {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'no'];
      args.push('--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000', '--daemonize', 'no');
      this.children.push(spawn('redis-server', args, { stdio: 'ignore' }));
    }
    await Promise.all(this.ports.map((port) => this.waitFor(port, async (r) => (await r.ping()) === 'PONG')));
    await run('redis-cli', ['--cluster', 'create', ...this.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    await Promise.all(this.ports.map((port) => this.waitFor(port, async (r) => String(await r.cluster('INFO')).includes('cluster_state:ok'))));
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitFor(port: number, ready: (r: Redis) => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        if (await ready(probe)) return;
      } catch {
        // not up yet
      } finally {
        probe.disconnect();
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`redis cluster node on port ${port} not ready`);
  }
}
