import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePrefix } from '../../scripts/nginx-config';
import { freePort } from './redis-server';

/** Debian's nginx (also on PATH for other layouts); null when it is not installed. */
export function nginxBinary(): string | null {
  if (existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : null;
}

/**
 * nginx, unprivileged, running the repository's configuration (deploy/nginx/nginx.conf and the
 * rendered sluice.conf) from a temporary prefix on a free loopback port.
 */
export class NginxProxy {
  private child: ChildProcess | undefined;
  private stderr = '';
  readonly prefix = mkdtempSync(join(tmpdir(), 'sluice-nginx-'));
  port = 0;

  constructor(
    private readonly binary: string,
    private readonly upstreams: readonly string[],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `nginx -t` on the rendered configuration: its output, and whether it passed. */
  check(): { ok: boolean; output: string } {
    this.render();
    const run = spawnSync(this.binary, ['-t', '-p', this.prefix, '-c', 'nginx.conf'], { encoding: 'utf8' });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  }

  async start(): Promise<this> {
    this.render();
    const child = spawn(this.binary, ['-p', this.prefix, '-c', 'nginx.conf', '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (!(await this.listening())) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start:\n${this.transcript()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this;
  }

  /** The access log (format sluice_cache: one line per request with `cache=` and `upstream=`). */
  accessLog(): string[] {
    const file = join(this.prefix, 'logs', 'sluice-access.log');
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  }

  transcript(): string {
    const errors = join(this.prefix, 'logs', 'error.log');
    return `stderr:\n${this.stderr}\nerror.log:\n${existsSync(errors) ? readFileSync(errors, 'utf8') : ''}`;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        // SIGTERM: the master stops its workers and exits (SIGKILL would orphan them).
        child.kill('SIGTERM');
      });
    }
    rmSync(this.prefix, { recursive: true, force: true });
  }

  private render(): void {
    writePrefix(this.prefix, { upstreams: this.upstreams, listen: `127.0.0.1:${this.port}` });
  }

  private listening(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect(this.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }

  /** Picks the port before rendering (nginx binds it itself). */
  static async create(binary: string, upstreams: readonly string[]): Promise<NginxProxy> {
    const proxy = new NginxProxy(binary, upstreams);
    proxy.port = await freePort();
    return proxy;
  }
}
