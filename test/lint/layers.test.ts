import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.js (`no-restricted-imports` per folder), run through ESLint
 * itself: snippets placed at virtual paths in each layer, then the real tree.
 */
const RULE = 'no-restricted-imports';

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfigFile: 'eslint.config.js',
  // The snippets are not on disk, so no type information: the layer rule needs none. Disable
  // directives for the other rules look unused when only this one runs.
  overrideConfig: [tseslint.configs.disableTypeChecked, { linterOptions: { reportUnusedDisableDirectives: 'off' } }],
  ruleFilter: ({ ruleId }) => ruleId === RULE,
  errorOnUnmatchedPattern: false,
});

async function layerFindings(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  expect(messages.filter((m) => m.fatal || m.ruleId !== RULE)).toEqual([]);
  return messages.map((m) => m.message);
}

type Case = [file: string, source: string];

const FORBIDDEN: Case[] = [
  ['renderer/panels/alerts/Virtual.tsx', '../../../server/app'],
  ['renderer/panels/alerts/Virtual.tsx', '../../../server'],
  ['renderer/panels/alerts/Virtual.tsx', '../../../simulator/providers/fault-registry'],
  ['renderer/panels/alerts/Virtual.tsx', '../../../electron/preload'],
  ['renderer/main.tsx', '../server/config'],
  ['renderer/connection/virtual.ts', 'node:fs'],
  ['renderer/connection/virtual.ts', 'node:fs/promises'],
  ['renderer/connection/virtual.ts', 'fs'],
  ['renderer/connection/virtual.ts', 'fs/promises'],
  ['renderer/connection/virtual.ts', 'events'],
  ['server/waiting-room/virtual.ts', '../../simulator/providers/fault-registry'],
  ['server/waiting-room/virtual.ts', '../../renderer/format/format'],
  ['server/app.ts', '../renderer/main'],
  ['server/store/redis/virtual.ts', '../../waiting-room/admission-step'],
  ['server/store/redis/virtual.ts', '../../alerts/alert-state'],
  ['server/store/memory/virtual.ts', '../../console/drill-state'],
  ['server/store/memory/virtual.ts', '../../booking'],
  ['server/store/memory/virtual.ts', '../../identity/provider-call'],
  ['server/store/memory/virtual.ts', '../../control/controls-service'],
  ['server/store/memory/virtual.ts', '../../operators/password'],
  ['server/store/memory/virtual.ts', '../../audit/audit-log'],
  ['server/store/port.ts', '../alerts/alert-state'],
  ['server/store/memory/virtual.ts', '../../../simulator/providers/fault-registry'],
  ['protocol/virtual.ts', '../server/config'],
  ['protocol/virtual.ts', '../renderer/format/format'],
  ['protocol/virtual.ts', '../simulator/providers/profiles'],
  ['protocol/virtual.ts', '../data/event-2021.json'],
  ['protocol/virtual.ts', 'node:crypto'],
  ['protocol/virtual.ts', 'crypto'],
  ['simulator/providers/virtual.ts', '../../server/app'],
  ['simulator/providers/virtual.ts', '../../server/waiting-room/admission-step'],
  ['simulator/providers/virtual.ts', '../../renderer/format/format'],
  ['electron/main.ts', '../server/app'],
  ['electron/main.ts', '../renderer/main'],
  ['electron/main.ts', '../simulator/providers/server'],
  ['electron/main.ts', 'fastify'],
  ['citizen/waiting/Virtual.tsx', '../../server/app'],
  ['citizen/waiting/Virtual.tsx', '../../renderer/format/format'],
  ['citizen/waiting/Virtual.tsx', '../../simulator/providers/profiles'],
  ['citizen/main.tsx', '../renderer/main'],
  ['citizen/api/virtual.ts', 'node:fs'],
  ['citizen/api/virtual.ts', 'fs'],
  ['server/http/virtual.ts', '../../citizen/main'],
];

const ALLOWED: Case[] = [
  ['renderer/panels/alerts/Virtual.tsx', '../../../protocol'],
  ['renderer/main.tsx', '../protocol'],
  ['renderer/panels/alerts/Virtual.tsx', '../../connection/liveStore'],
  ['renderer/panels/alerts/Virtual.tsx', 'react'],
  ['renderer/connection/virtual.ts', './server'],
  ['server/waiting-room/virtual.ts', '../../protocol'],
  ['server/waiting-room/virtual.ts', '../store/port'],
  ['server/waiting-room/virtual.ts', 'node:crypto'],
  ['server/waiting-room/virtual.ts', 'fastify'],
  ['server/store/redis/virtual.ts', '../port'],
  ['server/store/redis/virtual.ts', './console'],
  ['server/store/redis/virtual.ts', '../../config'],
  ['server/store/redis/virtual.ts', '../../../protocol'],
  ['server/store/redis/virtual.ts', 'ioredis'],
  ['protocol/virtual.ts', './errors'],
  ['protocol/virtual.ts', 'typebox'],
  ['simulator/providers/virtual.ts', './server'],
  ['simulator/providers/virtual.ts', '../../protocol'],
  ['simulator/providers/virtual.ts', 'node:http'],
  ['electron/main.ts', '../protocol'],
  ['electron/main.ts', 'electron'],
  ['electron/main.ts', 'node:path'],
  ['electron/main.ts', './preload'],
  ['citizen/waiting/Virtual.tsx', '../../protocol/queue'],
  ['citizen/main.tsx', '../protocol'],
  ['citizen/waiting/Virtual.tsx', '../api/api'],
  ['citizen/waiting/Virtual.tsx', 'preact/hooks'],
];

/**
 * Layer violations the real tree still has. Issue 9 moves these out of the store adapters; when
 * that lands, delete them here (this test fails until the list matches the tree again).
 */
const KNOWN_VIOLATIONS: string[] = [];

describe('layer import rules', () => {
  it.each(FORBIDDEN)('%s may not import %s', async (file, source) => {
    expect(await layerFindings(file, `import { x } from '${source}';\nexport { x };\n`)).toHaveLength(1);
  });

  it.each(ALLOWED)('%s may import %s', async (file, source) => {
    expect(await layerFindings(file, `import { x } from '${source}';\nexport { x };\n`)).toEqual([]);
  });

  it('catches type-only imports, re-exports and side-effect imports too', async () => {
    const file = 'renderer/panels/alerts/Virtual.tsx';
    expect(await layerFindings(file, `import type { Config } from '../../../server/config';\nexport type { Config };\n`)).toHaveLength(1);
    expect(await layerFindings(file, `export { buildApp } from '../../../server/app';\n`)).toHaveLength(1);
    expect(await layerFindings(file, `export * from '../../../server/app';\n`)).toHaveLength(1);
    expect(await layerFindings(file, `import 'node:process';\n`)).toHaveLength(1);
  });

  it('finds no violations in the real tree but the known store ones', async () => {
    const results = await eslint.lintFiles(['protocol', 'renderer', 'citizen', 'server', 'simulator', 'electron']);
    expect(results.length).toBeGreaterThan(100);
    const found = results.flatMap((result) => {
      const file = result.filePath.slice(process.cwd().length + 1);
      return result.messages.map((m) => (m.ruleId === RULE ? `${file}: ${/'([^']+)'/.exec(m.message)?.[1]}` : `${file}:${m.line} ${m.message}`));
    });
    expect(found.sort()).toEqual(KNOWN_VIOLATIONS);
  });
});
