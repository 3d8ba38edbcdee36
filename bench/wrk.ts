import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchCpu } from './cpu';
import { pin } from './pinning';

const DRIVER = join(import.meta.dirname, 'wrk', 'driver.lua');

export interface WrkLoad {
  url: string;
  /** plain: the URL as is; bearer: a GET with one of `lines` as Bearer token; client: a POST join body with a fresh client id. */
  mode: 'plain' | 'bearer' | 'client';
  /** A file written by `linesFile()`. */
  lines?: string;
  durationSec: number;
  connections?: number;
  threads?: number;
  /** Processes whose CPU is measured during the run (the generator itself is always measured, as `generator`). */
  watch?: Record<string, number | undefined>;
}

export interface WrkResult {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** Share of one core used during the run, by the generator and by each watched process. */
  cpu: Record<string, number>;
  /**
   * CPU microseconds per request, by process: what a request costs whatever else the shared
   * machine runs (throughput falls when other work takes the cores; the cost per request barely moves).
   */
  usPerRequest: Record<string, number>;
}

/** Stops the benchmark with a clear message when Debian's wrk is not installed. */
export function requireWrk(): void {
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error('wrk is not installed: the benchmarks drive the server with it (`apt-get install wrk`; see the README, Benchmarks).');
  }
}

/** Writes one ticket or client-id prefix a line for the driver to read. */
export function linesFile(name: string, lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sluice-wrk-')), `${name}.txt`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** One wrk run (default one thread, 50 connections), with the generator's and the watched processes' CPU. */
export async function wrk(load: WrkLoad): Promise<WrkResult> {
  const args = ['-t', String(load.threads ?? 1), '-c', String(load.connections ?? 50), '-d', `${load.durationSec}s`, '--latency', '-s', DRIVER, load.url];
  const child = spawn('wrk', args, {
    // WRK_RUN: join bodies get client ids no earlier run used. With the same ids every run, a
    // run's joins were re-joins of clients still waiting (their tickets reused: a cheaper path
    // through Redis than a new citizen's), and from the 11th run in a minute, refusals.
    env: { ...process.env, WRK_MODE: load.mode, WRK_RUN: randomBytes(4).toString('hex'), ...(load.lines ? { WRK_LINES: load.lines } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  pin(child.pid, 'load');
  const cpu = watchCpu({ generator: child.pid, ...load.watch });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const shares = cpu.stop();
  const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (code !== 0 || !line) throw new Error(`wrk exited ${code}: ${out}`);
  const r = JSON.parse(line.slice('WRK_JSON '.length)) as Record<string, number>;
  const reqPerSec = r.requests! / (r.durationUs! / 1e6);
  return {
    reqPerSec: Math.round(reqPerSec),
    usPerRequest: Object.fromEntries(Object.entries(shares).map(([name, share]) => [name, Math.round((share / reqPerSec) * 1e7) / 10])),
    p50Ms: Math.round(r.p50Us! / 10) / 100,
    p99Ms: Math.round(r.p99Us! / 10) / 100,
    non2xx: r.non2xx!,
    errors: r.connectErrors! + r.readErrors! + r.writeErrors! + r.timeouts!,
    cpu: shares,
  };
}
