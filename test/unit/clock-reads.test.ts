// Time is read one way (main/core/shared/clock.ts): modules take "now" from a clock their caller passes;
// only systemClock reads the computer's clock. A stray `new Date()` or `Date.now()` in main/ or mock-cart/
// would tie code to the real date again, which `npm run test:shifted` finds only where a test reaches it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const ALLOWED = new Set(['main/core/shared/clock.ts']);
const AMBIENT = /\bnew Date\(\s*\)|\bDate\.now\b/;

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|tsx|mts)$/.test(name)) out.push(p);
  }
  return out;
}

test('main/ and mock-cart/ read the time only through a clock', () => {
  const found: string[] = [];
  for (const file of [...sources(join(ROOT, 'main')), ...sources(join(ROOT, 'mock-cart'))]) {
    const path = relative(ROOT, file).split('\\').join('/');
    if (ALLOWED.has(path)) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!/^\s*(\/\/|\*|\/\*)/.test(line) && AMBIENT.test(line)) found.push(`${path}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(found, []);
});
