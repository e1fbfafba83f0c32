// The Electron main log is size-capped and rotated: it never grows without bound, and the newest lines are kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRotatingLogWriter } from '../../main/core/shared/log-file.js';
import { createLogger } from '../../main/core/shared/index.js';

const freshDir = (): string => mkdtempSync(join(tmpdir(), 'log-file-'));
// Every line the same length (n padded), so that "five lines per file" is exact.
const line = (n: number): string => `${JSON.stringify({ n: String(n).padStart(3, '0'), pad: 'x'.repeat(80) })}\n`;

test('lines are appended to the log file', () => {
  const file = join(freshDir(), 'main.log');
  const write = createRotatingLogWriter({ file, maxBytes: 10_000 });
  write(line(1));
  write(line(2));
  assert.equal(readFileSync(file, 'utf8'), line(1) + line(2));
});

test('the log rotates before passing the cap and keeps at most the given number of files, none above the cap', () => {
  const dir = freshDir();
  const file = join(dir, 'main.log');
  const maxBytes = 1_000;
  const write = createRotatingLogWriter({ file, maxBytes, keep: 3 });
  for (let i = 0; i < 200; i++) write(line(i));
  assert.deepEqual(readdirSync(dir).sort(), ['main.log', 'main.log.1', 'main.log.2']);
  for (const name of readdirSync(dir)) assert.ok(statSync(join(dir, name)).size <= maxBytes, `${name} is above the cap`);
});

test('the newest lines are in the current file, the ones before in .1, and the oldest are dropped', () => {
  const dir = freshDir();
  const file = join(dir, 'main.log');
  const perFile = 5;
  const write = createRotatingLogWriter({ file, maxBytes: line(0).length * perFile, keep: 3 });
  for (let i = 0; i < 30; i++) write(line(i));
  const numbers = (f: string): number[] =>
    readFileSync(f, 'utf8')
      .trim()
      .split('\n')
      .map((l) => Number((JSON.parse(l) as { n: string }).n));
  assert.deepEqual(numbers(file), [25, 26, 27, 28, 29]);
  assert.deepEqual(numbers(`${file}.1`), [20, 21, 22, 23, 24]);
  assert.deepEqual(numbers(`${file}.2`), [15, 16, 17, 18, 19]);
});

test('after a restart the size already on disk counts towards the cap', () => {
  const dir = freshDir();
  const file = join(dir, 'main.log');
  writeFileSync(file, 'y'.repeat(950));
  const write = createRotatingLogWriter({ file, maxBytes: 1_000 });
  write(line(1));
  assert.equal(readFileSync(`${file}.1`, 'utf8'), 'y'.repeat(950));
  assert.equal(readFileSync(file, 'utf8'), line(1));
});

test('a single line longer than the cap is written whole, not cut', () => {
  const file = join(freshDir(), 'main.log');
  const write = createRotatingLogWriter({ file, maxBytes: 50 });
  const long = `${'z'.repeat(500)}\n`;
  write(long);
  assert.equal(readFileSync(file, 'utf8'), long);
});

test('a log that cannot be written does not throw into the app', () => {
  const dir = freshDir();
  const file = join(dir, 'logs', 'main.log');
  const log = createLogger(createRotatingLogWriter({ file, maxBytes: 1_000 }));
  assert.doesNotThrow(() => log.error('the logs folder does not exist'));
  assert.equal(existsSync(file), false);
  rmSync(dir, { recursive: true, force: true });
});
