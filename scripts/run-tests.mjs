#!/usr/bin/env node
// Runs every *.test.ts under the given folders (default: test/) with Node's own test runner,
// TypeScript loaded by tsx. Prints the spec report and, last, one line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const extra = process.argv.slice(2).filter((a) => a.startsWith('--'));
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(relative(process.cwd(), p));
  }
}
for (const r of roots.length ? roots : ['test']) {
  if (statSync(r).isFile()) files.push(r);
  else walk(r);
}
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const args = [
  '--import',
  'tsx',
  '--test',
  // Three files at a time: the suite keeps about one of the two cores busy at two (most e2e time is waiting for
  // the stand-in, polls and Chromium), and CI must stay under 30 minutes for both runs.
  '--test-concurrency=3',
  '--test-timeout=600000',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=./scripts/summary-reporter.mjs',
  '--test-reporter-destination=stdout',
  ...extra,
  ...files,
];
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
