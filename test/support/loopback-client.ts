import { Agent, request } from 'node:http';

export interface LoopbackReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * HTTP from many loopback source addresses (127.x.y.z all reach the local host on Linux), so a
 * proxy in front sees many clients as it would on the internet. One keep-alive agent per address.
 */
export class LoopbackClient {
  private readonly agents = new Map<string, Agent>();

  constructor(
    private readonly base: string,
    private readonly socketsPerAddress = 16,
  ) {}

  request(method: string, path: string, options: { from: string; headers?: Record<string, string>; body?: unknown }): Promise<LoopbackReply> {
    const url = new URL(path, this.base);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { ...options.headers };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    return new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent: this.agent(options.from), localAddress: options.from },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private agent(from: string): Agent {
    let agent = this.agents.get(from);
    if (!agent) {
      agent = new Agent({ keepAlive: true, maxSockets: this.socketsPerAddress, localAddress: from });
      this.agents.set(from, agent);
    }
    return agent;
  }
}
