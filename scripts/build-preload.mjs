// The sandboxed preload must be one CommonJS file with no imports but 'electron':
// esbuild bundles preload/preload.ts and the contract it uses.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

if (existsSync('preload/preload.ts')) {
  await build({
    entryPoints: ['preload/preload.ts'],
    outfile: 'dist/preload/preload.cjs',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    logLevel: 'warning',
  });
}
