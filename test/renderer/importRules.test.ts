import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = join(process.cwd(), 'renderer');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

describe('renderer layering', () => {
  it('imports only protocol/, its own files and browser libraries: never server/, simulator/ or Node built-ins', () => {
    const builtins = new Set(builtinModules);
    const offences: string[] = [];
    const files = sources(RENDERER);
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = match[1] ?? match[2] ?? match[3] ?? '';
        const where = relative(process.cwd(), file);
        if (spec.startsWith('node:') || builtins.has(spec.split('/')[0] ?? '')) offences.push(`${where}: ${spec}`);
        if (spec.startsWith('.')) {
          const target = relative(process.cwd(), join(file, '..', spec));
          if (!target.startsWith('renderer') && !target.startsWith('protocol')) offences.push(`${where}: ${spec}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });
});
