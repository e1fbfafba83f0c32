import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: resolve(here, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    // No inline scripts: the CSP allows only 'self'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
