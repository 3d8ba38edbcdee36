import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Supervisor, type ChildSpec } from '../../../scripts/start/supervisor';

/** Tiny real node children: the supervisor is tested on real processes and real signals. */
const node = (name: string, code: string, extra: Partial<ChildSpec> = {}): ChildSpec => ({ name, command: process.execPath, args: ['-e', code], ...extra });
const SLEEPER = 'setInterval(() => {}, 1000)';
/** Ignores SIGTERM, and says so by creating `marker` once its handler is in place. */
const stubbornCode = (marker: string) =>
  `process.on('SIGTERM', () => {}); require('fs').writeFileSync(${JSON.stringify(marker)}, ''); setInterval(() => {}, 1000)`;

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function supervisor(graceMs = 5000): { supervisor: Supervisor; lines: string[] } {
  const lines: string[] = [];
  return { supervisor: new Supervisor({ log: (line) => lines.push(line), graceMs }), lines };
}

describe('npm start supervisor', () => {
  it('a child that exits 1 is reported by name and code, and every other child is stopped', async () => {
    const { supervisor: s, lines } = supervisor();
    const server = s.start(node('server', SLEEPER))!;
    const providers = s.start(node('providers', SLEEPER))!;
    s.start(node('crasher', 'setTimeout(() => process.exit(1), 300)'));
    const ending = await s.ended;
    expect(ending).toEqual({ kind: 'failed', name: 'crasher', code: 1, signal: null });
    expect(lines).toContain('crasher died unexpectedly (exit code 1): stopping the rest');
    expect(gone(server.pid!)).toBe(true);
    expect(gone(providers.pid!)).toBe(true);
    expect(s.pids).toEqual([]);
  });

  it('a child killed by a signal is reported with the signal', async () => {
    const { supervisor: s, lines } = supervisor();
    const other = s.start(node('server', SLEEPER))!;
    const victim = s.start(node('providers', SLEEPER))!;
    victim.kill('SIGKILL');
    expect(await s.ended).toMatchObject({ kind: 'failed', name: 'providers', code: null, signal: 'SIGKILL' });
    expect(lines.at(-1)).toBe('providers died unexpectedly (signal SIGKILL): stopping the rest');
    expect(gone(other.pid!)).toBe(true);
  });

  it('stop() ends every child; one that ignores SIGTERM gets SIGKILL after the grace period', async () => {
    const { supervisor: s } = supervisor(300);
    const polite = s.start(node('server', SLEEPER))!;
    const marker = join(mkdtempSync(join(tmpdir(), 'sluice-supervisor-')), 'ready');
    const stubborn = s.start(node('providers', stubbornCode(marker)))!;
    while (!existsSync(marker)) await new Promise((r) => setTimeout(r, 20));
    expect(await s.stop('SIGINT')).toEqual({ kind: 'stopped', reason: 'SIGINT' });
    expect(gone(polite.pid!)).toBe(true);
    expect(gone(stubborn.pid!)).toBe(true);
    expect(stubborn.signalCode).toBe('SIGKILL');
    expect(polite.signalCode).toBe('SIGTERM');
  });

  it('a console that closes cleanly leaves the rest running; a failure later still ends the session', async () => {
    const { supervisor: s, lines } = supervisor();
    const server = s.start(node('server', SLEEPER))!;
    const desktop = s.start(node('desktop console', 'process.exit(0)', { mayExitCleanly: true }))!;
    await new Promise((resolve) => desktop.once('exit', resolve));
    expect(lines).toContain('desktop console closed');
    expect(gone(server.pid!)).toBe(false);
    expect(s.pids).toEqual([server.pid]);
    server.kill('SIGTERM');
    expect(await s.ended).toMatchObject({ kind: 'failed', name: 'server', signal: 'SIGTERM' });
  });

  it('a program that cannot start is a failure too, never silently ignored', async () => {
    const { supervisor: s } = supervisor();
    const other = s.start(node('server', SLEEPER))!;
    s.start({ name: 'desktop console', command: '/nonexistent/electron', args: [] });
    const ending = await s.ended;
    expect(ending).toMatchObject({ kind: 'failed', name: 'desktop console' });
    expect(ending.kind === 'failed' && ending.error).toContain('ENOENT');
    expect(gone(other.pid!)).toBe(true);
  });
});
