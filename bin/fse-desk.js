#!/usr/bin/env node
// Entry point of the fse-desk command; the compiled CLI lives in dist/ (npm install runs the build).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'main', 'cli', 'main.js');
if (!existsSync(cli)) {
  process.stderr.write('fse-desk: not built yet. Run "npm run build:node" (npm install does it) in ' + root + '\n');
  process.exit(1);
}
const { runCli, installLastResort } = await import(pathToFileURL(cli).href);
const io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env };
// Optional: a dist/ built before the last resort existed has none.
installLastResort?.(io);
process.exitCode = await runCli(process.argv.slice(2), io);
