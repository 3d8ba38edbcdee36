import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console bundle: `npm run build:console` writes dist/console (served by the server at
 * /console/); `npm run console` is the dev server, proxying the API and Socket.IO to a server
 * (SLUICE_SERVER, default http://127.0.0.1:8080). Mode `bench` adds the render benchmark's page
 * and React's profiling build (bench/console-render.ts).
 */
export default defineConfig(({ mode }) => {
  const target = process.env.SLUICE_SERVER ?? 'http://127.0.0.1:8080';
  const bench = mode === 'bench';
  const page = (name: string) => fileURLToPath(new URL(`./renderer/${name}`, import.meta.url));
  return {
    root: 'renderer',
    base: '/console/',
    plugins: [react()],
    resolve: bench ? { alias: { 'react-dom/client': 'react-dom/profiling' } } : {},
    build: {
      outDir: bench ? '../dist/console-bench' : '../dist/console',
      emptyOutDir: true,
      chunkSizeWarningLimit: 1500,
      rollupOptions: { input: bench ? { index: page('index.html'), bench: page('bench.html') } : { index: page('index.html') } },
    },
    server: {
      proxy: {
        '/api': { target, changeOrigin: true },
        '/socket.io': { target, ws: true, changeOrigin: true },
      },
    },
  };
});
