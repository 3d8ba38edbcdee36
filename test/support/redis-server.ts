import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { powerLossLibrary } from './power-loss';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServerOptions {
  /** Turn on the append-only file (what production needs for durability). */
  appendOnly?: boolean;
  /** How often the AOF is fsync'd; `always` (the README's recommendation) unless said. */
  appendfsync?: 'always' | 'everysec' | 'no';
  /**
   * Make kill() a power cut for the AOF: what was written but not fsync'd is lost with the process
   * (test/support/power-loss.c). Without it a SIGKILL loses nothing the kernel already had.
   */
  powerLoss?: boolean;
  /** Reuse a data directory (restart tests); a fresh temporary one otherwise. */
  dir?: string;
  port?: number;
}

/** A private redis-server on a free loopback port; never a shared database. */
export class RedisServer {
  private child: ChildProcess | undefined;
  readonly dir: string;
  port = 0;

  constructor(private readonly options: RedisServerOptions = {}) {
    this.dir = options.dir ?? mkdtempSync(join(tmpdir(), 'sluice-redis-'));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.port = this.port || this.options.port || (await freePort());
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--dir', this.dir, '--daemonize', 'no'];
    args.push('--appendonly', this.options.appendOnly ? 'yes' : 'no');
    if (this.options.appendOnly) args.push('--appendfsync', this.options.appendfsync ?? 'always');
    const env = this.options.powerLoss ? { ...process.env, LD_PRELOAD: powerLossLibrary(), POWER_LOSS_MATCH: '.incr.aof' } : process.env;
    this.child = spawn('redis-server', args, { stdio: 'ignore', env });
    await this.waitUntilUp();
    return this;
  }

  /** Stops the server the way a crash would (SIGKILL): only what reached the AOF survives. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    await this.kill();
    if (!this.options.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitUntilUp(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`redis-server on port ${this.port} did not come up`);
  }
}
