import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, ensureSchematron } from './cda-fixtures.js';

const script = join(ROOT, 'scripts', 'build-schematron.mjs');
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

before(() => ensureSchematron());

describe('scripts/build-schematron.mjs', () => {
  test('a rerun with unchanged inputs recompiles nothing', () => {
    const r = run([]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((r.stderr.match(/up to date/g) ?? []).length, 3, r.stderr);
    assert.doesNotMatch(r.stderr, /compiled in/);
  });

  test('without the skeleton it explains what to install and fails, unless --optional', () => {
    const missing = { SCHEMATRON_SKELETON_DIR: join(ROOT, 'no-such-skeleton') };
    const hard = run([], missing);
    assert.equal(hard.status, 1);
    assert.match(hard.stderr, /python3-lxml/);
    const soft = run(['--optional'], missing);
    assert.equal(soft.status, 0);
    assert.match(soft.stderr, /Skipped \(--optional\)/);
  });
});
