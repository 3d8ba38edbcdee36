import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT } from '../../../protocol/environment';

/** Read from the environment, but not ours to configure. */
const NOT_OURS = new Set(['DISPLAY']);

function sources(): string[] {
  const files = ['server', 'simulator', 'scripts', 'protocol'].flatMap((dir) =>
    (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f)).map((f) => join(dir, f)),
  );
  return [...files, 'vite.config.ts'];
}

describe('environment variables', () => {
  it('every one the programs read is in the schema, so it is checked and documented', () => {
    const unknown: string[] = [];
    for (const file of sources()) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
        if (!(name! in ENVIRONMENT.properties) && !NOT_OURS.has(name!)) unknown.push(`${file}: ${name}`);
      }
    }
    expect(unknown, 'add these to protocol/environment.ts and read them through readEnvironment').toEqual([]);
  });
});
