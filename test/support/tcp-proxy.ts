import { createConnection, createServer, type Server, type Socket } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket;
  /** An `after` cut: the client side is gone, the upstream waits for Redis's reply. */
  awaitingReply: boolean;
}

type Cut = { marker: Buffer; phase: 'before' | 'after'; done: () => void };

/**
 * A TCP proxy between the app and redis-server, to break the connection the ways networks do:
 * cut it at the moment a given command passes (before or after Redis gets it), blackhole it
 * (stop forwarding while every socket stays open, as a dead host or a silent firewall does),
 * refuse new connections, and heal.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly pairs = new Set<Pair>();
  private cut: Cut | undefined;
  private silent = false;
  private refusing = false;
  port = 0;
  /** Connections accepted so far (a client that recycles its connection opens a new one). */
  accepted = 0;

  constructor(private readonly targetPort: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  /**
   * Resolves when a client-to-server chunk containing `marker` has been cut: `before` drops it and
   * closes both sides (Redis never sees it); `after` delivers it to Redis and closes the client side
   * at once, so Redis runs the command but its reply is lost.
   */
  cutWhen(marker: string, phase: 'before' | 'after'): Promise<void> {
    return new Promise((resolve) => {
      this.cut = { marker: Buffer.from(marker), phase, done: resolve };
    });
  }

  /** Stops forwarding in both directions; sockets stay open and new ones are accepted but never served. */
  blackhole(): void {
    this.silent = true;
  }

  /** New connections are closed at once (the connection is refused); existing ones are untouched. */
  refuseNew(refuse = true): void {
    this.refusing = refuse;
  }

  /** Forwards again (data sent while silent is gone, as on a real network that dropped it). */
  heal(): void {
    this.silent = false;
    this.refusing = false;
  }

  get connections(): number {
    return this.pairs.size;
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) this.drop(pair);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    this.accepted++;
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ port: this.targetPort, host: '127.0.0.1' });
    const pair: Pair = { client, upstream, awaitingReply: false };
    this.pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      if (this.silent) return;
      const cut = this.cut;
      if (cut && chunk.includes(cut.marker)) {
        this.cut = undefined;
        if (cut.phase === 'before') {
          this.drop(pair);
        } else {
          // Redis gets the command; the client never hears back. The upstream stays until Redis replies.
          pair.awaitingReply = true;
          upstream.write(chunk);
          client.destroy();
          upstream.once('data', () => this.drop(pair));
        }
        cut.done();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!this.silent && !client.destroyed) client.write(chunk);
    });
    const close = () => this.drop(pair);
    client.on('close', () => {
      if (!pair.awaitingReply) close();
    });
    upstream.on('close', close);
    client.on('error', () => {
      if (!pair.awaitingReply) close();
    });
    upstream.on('error', close);
  }

  private drop(pair: Pair): void {
    pair.client.destroy();
    pair.upstream.destroy();
    this.pairs.delete(pair);
  }
}
