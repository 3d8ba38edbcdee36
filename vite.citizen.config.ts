import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The citizen pages: `npm run build:citizen` writes dist/citizen (served by the server at /). A
 * small preact app of its own, not the console's bundle: what millions load must stay light
 * (test/e2e/citizen-size.e2e.test.ts holds the waiting page under 60 KB gzipped).
 */
export default defineConfig({
  root: fileURLToPath(new URL('./citizen', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/citizen',
    emptyOutDir: true,
    // Hashed file names (the server caches /assets/ for a year); no source maps shipped to citizens.
    assetsDir: 'assets',
    sourcemap: false,
  },
});
