import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { ENVIRONMENT_DEFAULTS, readEnvironment } from './protocol/environment.ts';

/**
 * The console bundle: `npm run build:console` writes dist/console (served by the server at
 * /console/); `npm run console` is the dev server, proxying the API and Socket.IO to a server
 * (SLUICE_SERVER, default http://127.0.0.1:8080). Modes `bench` and `bench-profile` add the render
 * benchmark's page (bench/console-render.ts).
 */
export default defineConfig(({ mode }) => {
  const target = readEnvironment(process.env, 'console').SLUICE_SERVER ?? ENVIRONMENT_DEFAULTS.SLUICE_SERVER;
  // `bench`: production React; `bench-profile`: React's profiling build, for per-chart timings.
  const profile = mode === 'bench-profile';
  const bench = mode === 'bench' || profile;
  const page = (name: string) => fileURLToPath(new URL(`./renderer/${name}`, import.meta.url));
  const input: Record<string, string> = { index: page('index.html') };
  if (bench) input.bench = page('bench.html');
  return {
    root: fileURLToPath(new URL('./renderer', import.meta.url)),
    base: '/console/',
    plugins: [react()],
    resolve: profile ? { alias: { 'react-dom/client': 'react-dom/profiling' } } : {},
    build: {
      outDir: profile ? '../dist/console-bench-profile' : bench ? '../dist/console-bench' : '../dist/console',
      emptyOutDir: true,
      chunkSizeWarningLimit: 1500,
      rollupOptions: { input },
    },
    server: {
      proxy: {
        '/api': { target, changeOrigin: true },
        // The server lets only its own origin (and configured ones) open the console socket: say it is.
        '/socket.io': { target, ws: true, changeOrigin: true, headers: { origin: new URL(target).origin } },
      },
    },
  };
});
