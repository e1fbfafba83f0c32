#!/usr/bin/env node
// Bundles the React renderer with esbuild into dist/renderer: one ES module and one stylesheet,
// referenced from index.html (no inline script or style: the CSP allows only 'self').
// esbuild rather than Vite: Vite's Rollup needs per-platform optional packages that the package
// registry reachable from our build machines does not carry, which breaks `npm ci` (lock file out
// of sync); esbuild's platform packages are all there, and it already bundles the preload.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'renderer');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

await build({
  absWorkingDir: root,
  // pdf.js's worker is its own file served from 'self' (the CSP's script-src also covers workers); the renderer
  // points GlobalWorkerOptions.workerSrc at it (renderer/src/components/pdf-loader.ts). Same build as the app, so
  // the two files always come out together.
  entryPoints: { main: 'renderer/src/main.tsx', 'pdf.worker': 'node_modules/pdfjs-dist/build/pdf.worker.mjs' },
  outdir: join(out, 'assets'),
  bundle: true,
  format: 'esm',
  // pdf.js is loaded on demand (only the preview and document pages need it): its own chunk, not in the start-up bundle.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'browser',
  target: ['chrome120'],
  jsx: 'automatic',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});

// The 14 standard PDF fonts, for imported PDFs that name Helvetica & co. without embedding them.
cpSync(join(root, 'node_modules', 'pdfjs-dist', 'standard_fonts'), join(out, 'assets', 'pdfjs', 'standard_fonts'), { recursive: true });

const html = readFileSync(join(root, 'renderer', 'index.html'), 'utf8')
  .replace(/<script type="module" src="\.\/src\/main\.tsx"><\/script>/, '<script type="module" src="./assets/main.js"></script>')
  .replace('</head>', '  <link rel="stylesheet" href="./assets/main.css" />\n  </head>');
if (!html.includes('./assets/main.js')) throw new Error('renderer/index.html: entry script tag not found');
writeFileSync(join(out, 'index.html'), html);
