import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../server/runtime-flags';

describe('server node flags', () => {
  it('`npm run server` starts the node with every flag the benchmarks measured it with', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.server).toBe(`node ${SERVER_NODE_FLAGS.join(' ')} --import tsx server/main.ts`);
  });
});
