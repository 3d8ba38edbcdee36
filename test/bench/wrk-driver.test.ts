import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Value from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientIdPrefixes } from '../../bench/waiting-room';
import { linesFile, wrk } from '../../bench/wrk';
import { JoinBody } from '../../protocol';

const HAS_WRK = !spawnSync('wrk', ['--version']).error;

// .ci/run installs wrk (Debian's package); a developer machine may lack it.
describe.skipIf(!HAS_WRK)(`the wrk driver's join bodies${HAS_WRK ? '' : ' (SKIPPED: wrk is not installed)'}`, () => {
  const bodies: string[] = [];
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/join`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('are valid joins whose client ids are new in every request of every run (no run re-joins an earlier one)', async () => {
    // Few prefixes, so each run wraps around them many times.
    const lines = linesFile('clients', clientIdPrefixes(16));
    const first = await wrk({ url, mode: 'client', lines, durationSec: 1, connections: 4 });
    const afterFirst = bodies.length;
    const second = await wrk({ url, mode: 'client', lines, durationSec: 1, connections: 4 });
    expect(first.non2xx + second.non2xx).toBe(0);
    // Many times round the 16 prefixes in each run.
    expect(afterFirst).toBeGreaterThan(160);
    expect(bodies.length - afterFirst).toBeGreaterThan(160);
    const ids = bodies.map((body) => {
      const parsed: unknown = JSON.parse(body);
      expect(Value.Check(JoinBody, parsed), body).toBe(true);
      return (parsed as { clientId: string }).clientId;
    });
    expect(new Set(ids).size).toBe(ids.length);
  });
});
