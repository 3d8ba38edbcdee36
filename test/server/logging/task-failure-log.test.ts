import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { TaskFailureLog } from '../../../server/logging/task-failure-log';
import { StoreUnavailableError } from '../../../server/store';

interface Line {
  level: number;
  msg: string;
  err?: { message?: string; stack?: string };
  store?: string;
  cause?: string;
  failures?: number;
  failingForSec?: number;
  failedForSec?: number;
}

function recorder() {
  const lines: Line[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Line) });
  return { lines, log };
}

describe('TaskFailureLog', () => {
  it('writes the first failure, then one line a minute while it keeps failing, then one when it recovers', async () => {
    const { lines, log } = recorder();
    let now = 0;
    const task = new TaskFailureLog(log, 'provider health sync', () => now);
    const down = new StoreUnavailableError(new Error("Stream isn't writeable"));
    // 150 failures, one a second.
    for (; now < 150_000; now += 1000) await task.run(() => Promise.reject(down));
    expect(lines.map((l) => l.msg)).toEqual(['provider health sync failed', 'provider health sync still failing', 'provider health sync still failing']);
    expect(lines[0]).toMatchObject({ store: 'unreachable', cause: "Stream isn't writeable" });
    expect(lines[1]).toMatchObject({ failures: 61, failingForSec: 60 });
    expect(lines[2]).toMatchObject({ failures: 121, failingForSec: 120 });
    expect(lines.every((l) => l.err === undefined)).toBe(true);

    await task.run(() => Promise.resolve());
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatchObject({ level: 30, msg: 'provider health sync recovered', failures: 150, failedForSec: 150 });
    // Healthy again: nothing more is written, and the next failure is a first one.
    await task.run(() => Promise.resolve());
    expect(lines).toHaveLength(4);
    await task.run(() => Promise.reject(new Error('a bug')));
    expect(lines[4]).toMatchObject({
      level: 40,
      msg: 'provider health sync failed',
      err: { message: 'a bug', stack: expect.stringContaining('Error: a bug') },
    });
  });

  it('never rejects, whatever the task throws', async () => {
    const { log } = recorder();
    const task = new TaskFailureLog(log, 'alert rules', () => 0);
    await expect(
      task.run(() => {
        throw new TypeError('sync throw');
      }),
    ).resolves.toBeUndefined();
    await expect(task.run(() => Promise.reject(new Error('async')))).resolves.toBeUndefined();
  });
});
