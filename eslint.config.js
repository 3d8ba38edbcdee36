// ESLint flat config. `npm run lint` runs it over the whole tree.
// Layer rules (who may import whom) are `no-restricted-imports` per folder; test/lint/layers.test.ts
// proves each one fires, and lists what the real tree still violates.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SOURCES = ['**/*.{ts,tsx,js,mjs,cjs}'];

// Node built-ins, bare (`fs`, `fs/promises`) and prefixed (`node:fs`).
const nodeBuiltins = {
  paths: builtinModules.filter((name) => !name.startsWith('_')).map((name) => ({ name, message: 'Node built-ins are not available in this layer.' })),
  patterns: [{ group: ['node:*'], message: 'Node built-ins are not available in this layer.' }],
};

// Relative imports are matched by how many `../` it takes to leave the importing file's folder,
// so a sibling file such as simulator/providers/server.ts or server/store/memory/console.ts is not
// mistaken for the server/ or server/console/ folder (a `**/server/**` glob would be).
const MAX_DEPTH = 6; // folders deep, from the repository root (the deepest source today is 3)
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An import of `target` (a folder from the repository root) written from a file `depth` folders deep. */
const reach = (depth, target, message) => {
  const up = target.split('/').length - 1;
  const ups = depth - up;
  return { regex: `^(?:\\./)?(?:\\.\\./){${ups}}${escape(target.split('/').pop())}(?:/|$)`, message };
};

const restrict = (...lists) => ({
  'no-restricted-imports': ['error', { paths: lists.flatMap((list) => list.paths ?? []), patterns: lists.flatMap((list) => list.patterns ?? []) }],
});

/**
 * One block per depth for files under `root` (`root/*`, `root/*\/*`, ...). Blocks replace each other's
 * rule options (they do not merge), so each block lists every restriction of its files.
 */
const layer = (name, root, forbidden, extra = {}) =>
  Array.from({ length: MAX_DEPTH - root.split('/').length + 1 }, (_, index) => {
    const depth = root.split('/').length + index;
    const files = [`${root}/${'*/'.repeat(index)}*`];
    return {
      name: `layers/${name}/depth-${depth}`,
      files,
      rules: restrict(extra, { patterns: forbidden.map(([target, message]) => reach(depth, target, message)) }),
    };
  });

const SERVER_DOMAIN = ['waiting-room', 'alerts', 'console', 'booking', 'identity', 'control', 'operators', 'audit'];
const OURS = ['protocol', 'server', 'renderer', 'citizen', 'simulator', 'electron', 'test', 'bench', 'scripts', 'data'];

const PROTOCOL = 'protocol/ is the common layer: it imports nothing of ours outside protocol/ and no Node built-ins.';
const SERVER_RULES = [
  ['simulator', 'server/ never imports simulator/: the simulator is an outside client.'],
  ['renderer', 'server/ never imports renderer/: it serves the built bundle from dist/.'],
  ['citizen', 'server/ never imports citizen/: it serves the built pages from dist/.'],
  ['electron', 'server/ never imports electron/.'],
];

const layers = [
  ...layer(
    'protocol',
    'protocol',
    OURS.filter((name) => name !== 'protocol').map((name) => [name, PROTOCOL]),
    nodeBuiltins,
  ),
  ...layer(
    'renderer',
    'renderer',
    [
      ['server', 'renderer/ talks to the server over HTTP and Socket.IO only; shared shapes live in protocol/.'],
      ['simulator', 'renderer/ never imports simulator/.'],
      ['electron', 'renderer/ reaches the desktop shell only through the preload bridge.'],
    ],
    nodeBuiltins,
  ),
  ...layer(
    'citizen',
    'citizen',
    OURS.filter((name) => name !== 'protocol' && name !== 'citizen').map((name) => [
      name,
      'citizen/ is the public pages: it imports protocol/ only and talks to the server over HTTP.',
    ]),
    nodeBuiltins,
  ),
  ...layer('server', 'server', SERVER_RULES),
  // After layers/server, so these blocks win for the store's files.
  ...layer('server-store', 'server/store', [
    ...SERVER_RULES,
    ...SERVER_DOMAIN.map((name) => [`server/${name}`, `Store adapters implement the port (server/store/port.ts); they never import server/${name}/.`]),
  ]),
  ...layer('simulator', 'simulator', [
    ['server', 'simulator/ reaches the server only over HTTP and Socket.IO, as a real client.'],
    ['renderer', 'simulator/ never imports renderer/.'],
    ['electron', 'simulator/ never imports electron/.'],
  ]),
  ...layer(
    'electron',
    'electron',
    OURS.filter((name) => name !== 'protocol' && name !== 'electron').map((name) => [name, 'electron/ imports only protocol/ and Electron.']),
    {
      patterns: [
        {
          // Packages other than electron; Node built-ins stay available to the main process, written `node:*`.
          regex: '^(?![./]|node:|electron(?:/|$))',
          message: 'electron/ imports only protocol/, Electron and Node built-ins (as node:*).',
        },
      ],
    },
  ),
];

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-artifacts/', '.vite/'] },
  { files: SOURCES, ...js.configs.recommended },
  // Type-aware (about 20 s on the whole tree); configuration files in plain JS are linted without types.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ files: SOURCES, ...config })),
  {
    name: 'sluice/base',
    files: SOURCES,
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_`-prefixed names mark deliberately unused parameters and destructured leftovers.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Async functions implement async ports and handlers (memory store, Fastify routes, fakes) without awaiting.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    name: 'sluice/plain-js',
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    name: 'sluice/browser',
    files: ['renderer/**', 'test/renderer/**', 'citizen/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // Props declare callbacks in method syntax (`onLogout(): void`) and components destructure them; no `this`.
      '@typescript-eslint/unbound-method': 'off',
      // Event handlers may be async (`onClick={async () => …}`); React ignores their return value.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    name: 'sluice/react-hooks',
    files: ['renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}', 'citizen/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    name: 'sluice/tests',
    files: ['test/**'],
    rules: {
      // Tests read response bodies from inject().json() / fetch().json(), which are `any` by design.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  ...layers,
);
