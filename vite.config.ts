import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The web UI (src/ui, Lit + d3) is built into dist/ui, which `npm start` serves with the API. */
export default defineConfig({
  root: resolve(import.meta.dirname, 'src/ui'),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, 'dist/ui'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1000,
  },
  server: { proxy: { '/api': 'http://localhost:8787' } },
});
