import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * Where the benchmark's processes run. On this 2-core machine, left to the scheduler, the server
 * under test, the generator and Redis move between the cores and the same run varies by a quarter;
 * pinned, the server has core 1 to itself and the generator and Redis share core 0, so a figure is
 * the server's own (its CPU per request is read as well). Off with BENCH_PIN=0, or where `taskset`
 * or a second core is missing.
 */
export const PINNING = process.env.BENCH_PIN !== '0' && availableParallelism() >= 2 && spawnSync('taskset', ['-V']).status === 0;

export type Role = 'server' | 'load';

/** Pins every thread of process `pid` to its role's core (a no-op when pinning is off). */
export function pin(pid: number | undefined, role: Role): void {
  if (!PINNING || pid === undefined) return;
  const result = spawnSync('taskset', ['-a', '-pc', role === 'server' ? '1' : '0', String(pid)]);
  if (result.status !== 0) throw new Error(`taskset could not pin ${pid}: ${result.stderr.toString()}`);
}

export const pinningText = (): string =>
  PINNING ? 'server pinned to CPU 1, generator and Redis to CPU 0 (BENCH_PIN=0: unpinned)' : 'not pinned (no taskset or one core, or BENCH_PIN=0)';
