import { Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { lazyChildren } from '../../../server/http/lazy-request-logger';

/** A pino root writing its lines into an array. */
function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { root: pino({ level }, stream), lines };
}

const fields = (line: Record<string, unknown>) => {
  const { time: _time, pid: _pid, hostname: _hostname, ...rest } = line;
  return rest;
};

describe('lazy request loggers', () => {
  it('write what pino children with the same bindings write, at every depth', () => {
    const lazy = capture();
    const eager = capture();
    const write = (logger: FastifyBaseLogger) => {
      const app = logger.child({}, {});
      const request = app.child({ reqId: 'req-1' }, {});
      request.info({ code: 'invalid_ticket' }, 'refused');
      request.child({ provider: 'kakao' }).warn('slow');
      request.debug('below the level');
      app.info('started');
    };
    write(lazyChildren(lazy.root));
    write(eager.root);
    expect(lazy.lines.map(fields)).toEqual(eager.lines.map(fields));
    expect(lazy.lines.map(fields)).toEqual([
      { level: 30, reqId: 'req-1', code: 'invalid_ticket', msg: 'refused' },
      { level: 40, reqId: 'req-1', provider: 'kakao', msg: 'slow' },
      { level: 30, msg: 'started' },
    ]);
  });

  it('make no pino child for a request that does not log', () => {
    const { root } = capture();
    const made = vi.spyOn(root, 'child');
    const app = lazyChildren(root).child({}, {});
    const requests = Array.from({ length: 1000 }, (_, i) => app.child({ reqId: `req-${i}` }, {}));
    expect(made).not.toHaveBeenCalled();
    requests[7]!.info('only this one logs');
    // The app's child and that request's (pino children inherit the spied method).
    expect(made.mock.calls.map(([bindings]) => bindings)).toEqual([{}, { reqId: 'req-7' }]);
  });

  it('report and change their level like pino, each child on its own', () => {
    const { root, lines } = capture('warn');
    const app = lazyChildren(root);
    const request = app.child({ reqId: 'r' }, {});
    const chatty = app.child({ reqId: 'c' }, { level: 'debug' });
    expect([app.level, request.level, chatty.level]).toEqual(['warn', 'warn', 'debug']);
    request.level = 'info';
    request.info('now heard');
    app.info('still not heard');
    chatty.debug('heard at debug');
    expect(lines.map((l) => [l.reqId, l.msg])).toEqual([
      ['r', 'now heard'],
      ['c', 'heard at debug'],
    ]);
    expect((app as unknown as { levels: { values: Record<string, number> } }).levels.values.warn).toBe(40);
  });
});
