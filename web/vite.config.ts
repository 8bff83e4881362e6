/**
 * Builds the operator console into web/dist. The server serves web/dist/index.html at `/`
 * and the hashed bundles under `/assets/`. In `vite dev`, /api and /ws go to a running
 * crowdflow server (CROWDFLOW_URL, default http://localhost:8080).
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const target = process.env.CROWDFLOW_URL ?? 'http://localhost:8080';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': { target },
      '/ws': { target, ws: true },
    },
  },
});
