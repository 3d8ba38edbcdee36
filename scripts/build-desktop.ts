import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * `npm run build:desktop` (after the console's vite build): bundles the main process, the
 * preload and the connect page into dist/electron. Each is one file: a sandboxed preload cannot
 * require its neighbours, and the packaged app carries no node_modules.
 */
const root = process.cwd();
const out = join(root, 'dist', 'electron');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'connect'), { recursive: true });

const common = { bundle: true, sourcemap: false, minify: false, logLevel: 'warning', legalComments: 'none' } as const;
await Promise.all([
  build({
    ...common,
    entryPoints: [join(root, 'electron/main/main.ts')],
    outfile: join(out, 'main.cjs'),
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: [join(root, 'electron/preload/preload.ts')],
    outfile: join(out, 'preload.cjs'),
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: [join(root, 'electron/connect/connect.ts')],
    outfile: join(out, 'connect', 'connect.js'),
    platform: 'browser',
    format: 'iife',
    target: 'chrome130',
  }),
]);
for (const file of ['index.html', 'connect.css']) copyFileSync(join(root, 'electron/connect', file), join(out, 'connect', file));
console.log(`desktop shell built into ${out}`);
