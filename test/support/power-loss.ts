import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCE = new URL('./power-loss.c', import.meta.url);

/**
 * The power-loss shim (power-loss.c) built once per source version with the system's C compiler;
 * returns the path of the shared library to put in LD_PRELOAD.
 */
export function powerLossLibrary(): string {
  const source = readFileSync(SOURCE);
  const digest = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const library = join(tmpdir(), `sluice-power-loss-${digest}.so`);
  if (existsSync(library)) return library;
  const building = `${library}.${process.pid}`;
  execFileSync('cc', ['-shared', '-fPIC', '-O2', '-o', building, SOURCE.pathname, '-ldl', '-lpthread'], { stdio: 'inherit' });
  renameSync(building, library);
  return library;
}
