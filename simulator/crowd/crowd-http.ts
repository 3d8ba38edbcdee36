import { Agent, request } from 'node:http';

export interface HttpAnswer {
  /** 0: no answer (refused, reset, timed out). */
  status: number;
  body: Record<string, unknown>;
  /** The reply's `ETag`, when it has one (the queue state: sent back as `If-None-Match`). */
  etag?: string;
}

export interface CrowdHttpOptions {
  /** Sockets per source address, kept alive and reused. */
  socketsPerAddress: number;
  /**
   * Loopback source addresses to spread the crowd over (127.0.0.2 …): the server limits joins per
   * address, as a carrier's NAT puts thousands of phones behind one. Only for a loopback server.
   */
  sourceAddresses: number;
  timeoutMs: number;
}

/**
 * The crowd's HTTP: one keep-alive agent per source address with a bounded socket pool, JSON in
 * and out. node:http rather than fetch: at ten thousand citizens its lower cost per call counts.
 */
export class CrowdHttp {
  private readonly url: URL;
  private readonly agents: Agent[];
  requests = 0;
  failures = 0;

  constructor(baseUrl: string, options: CrowdHttpOptions) {
    this.url = new URL(baseUrl);
    const loopback = ['127.0.0.1', 'localhost'].includes(this.url.hostname);
    const lanes = loopback ? Math.max(1, options.sourceAddresses) : 1;
    this.agents = Array.from(
      { length: lanes },
      (_, i) =>
        new Agent({
          keepAlive: true,
          maxSockets: options.socketsPerAddress,
          maxFreeSockets: options.socketsPerAddress,
          timeout: options.timeoutMs,
          ...(loopback && lanes > 1 ? { localAddress: `127.0.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}` } : {}),
        }),
    );
    this.timeoutMs = options.timeoutMs;
  }

  private readonly timeoutMs: number;

  /** `lane` picks the source address (a citizen keeps theirs). */
  call(method: string, path: string, lane: number, init: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
    this.requests++;
    const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (init.token) headers['authorization'] = `Bearer ${init.token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve) => {
      const req = request(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname.replace(/\/$/, '') + path,
          method,
          headers,
          agent: this.agents[lane % this.agents.length],
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 500 || status === 429) this.failures++;
            let body: Record<string, unknown>;
            try {
              body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
            } catch {
              body = { error: 'not_json' };
            }
            const etag = res.headers.etag;
            resolve(etag === undefined ? { status, body } : { status, body, etag });
          });
          res.on('error', () => {
            this.failures++;
            resolve({ status: 0, body: { error: 'connection_reset' } });
          });
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error('timeout')));
      req.on('error', (err) => {
        this.failures++;
        resolve({ status: 0, body: { error: 'network', message: err.message } });
      });
      req.end(payload);
    });
  }

  close(): void {
    for (const agent of this.agents) agent.destroy();
  }
}
