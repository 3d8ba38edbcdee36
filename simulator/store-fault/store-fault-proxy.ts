import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface Endpoint {
  host: string;
  port: number;
}

/**
 * The network between the server nodes and Redis, for drills: a TCP proxy a `store_blip` can cut.
 * A cut drops every connection through it at once and refuses new ones (accepted and closed, as a
 * host whose service is gone answers) until it ends; then connections pass again.
 */
export class StoreFaultProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private cutEndsAt: number | null = null;
  private healTimer: NodeJS.Timeout | null = null;
  private healed: (() => void)[] = [];

  constructor(private readonly target: Endpoint) {}

  async listen(port = 0, host = '127.0.0.1'): Promise<Endpoint> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('the store fault proxy has no TCP address');
    return { host, port: address.port };
  }

  /** When the current cut ends (ms since the epoch), or null when the store is reachable. */
  get cutUntil(): number | null {
    return this.cutEndsAt;
  }

  /**
   * Cuts the store off for `seconds`; resolves once it is reachable again (when the cut ends, or
   * `heal()` ends it early). A cut during a cut lasts until the later of the two ends.
   */
  cut(seconds: number): Promise<void> {
    const endsAt = Date.now() + seconds * 1000;
    if (this.cutEndsAt === null || endsAt > this.cutEndsAt) {
      this.cutEndsAt = endsAt;
      if (this.healTimer) clearTimeout(this.healTimer);
      this.healTimer = setTimeout(() => this.heal(), endsAt - Date.now());
    }
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    return new Promise((resolve) => this.healed.push(resolve));
  }

  /** Ends a cut now (a drill stopped mid-cut); a no-op when nothing is cut. */
  heal(): void {
    if (this.healTimer) clearTimeout(this.healTimer);
    this.healTimer = null;
    this.cutEndsAt = null;
    for (const resolve of this.healed.splice(0)) resolve();
  }

  async close(): Promise<void> {
    this.heal();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.cutEndsAt !== null) {
      client.destroy();
      return;
    }
    const upstream = createConnection(this.target);
    const pair = [client, upstream];
    const end = () => {
      for (const socket of pair) {
        socket.destroy();
        this.sockets.delete(socket);
      }
    };
    for (const socket of pair) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('error', end);
      socket.on('close', end);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
