import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ELECTRON = join(process.cwd(), 'electron');
const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
/** Modules that touch Electron or the disk; every other main-process module is pure. */
const WIRING = new Set(['main.ts', 'appProtocol.ts', 'applicationMenu.ts', 'consoleWindows.ts', 'hardening.ts', 'ipc.ts', 'settingsFile.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'build' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('desktop shell layering', () => {
  it('imports only protocol/, its own files, electron and (main only) Node built-ins; pure modules never load electron', () => {
    const builtins = new Set(builtinModules);
    const offences: string[] = [];
    for (const file of sources(ELECTRON)) {
      const where = relative(process.cwd(), file);
      const inMain = where.startsWith(join('electron', 'main'));
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const typeOnly = Boolean(match[2]);
        const spec = match[3] ?? match[4] ?? '';
        if (spec.startsWith('.')) {
          const target = relative(process.cwd(), join(file, '..', spec));
          if (!target.startsWith('electron') && !target.startsWith(join('protocol', 'desktop'))) offences.push(`${where}: ${spec}`);
        } else if (spec === 'electron') {
          if (!typeOnly && inMain && !WIRING.has(file.split(/[\\/]/).pop() ?? '')) offences.push(`${where}: loads electron at runtime`);
          if (where.includes('connect')) offences.push(`${where}: ${spec}`);
        } else if (spec.startsWith('node:') || builtins.has(spec)) {
          if (!inMain) offences.push(`${where}: ${spec}`);
        } else offences.push(`${where}: ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });
});
