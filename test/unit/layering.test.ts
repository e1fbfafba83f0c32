// The core must run in plain Node (CLI, browser shell, tests): nothing outside the thin Electron
// layer may import 'electron'. This walks every source file and fails on any such import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ELECTRON_ALLOWED = ['main/electron/', 'preload/'];
const ROOTS = ['main', 'contract', 'preload', 'renderer/src'];
const IMPORT_ELECTRON = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]electron(?:\/[^'"]*)?['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx|mts|cts|js|mjs)$/.test(name) ? [p] : [];
  });
}

test('no module outside main/electron and preload imports electron', () => {
  const offenders = ROOTS.flatMap(sources)
    .filter((f) => !ELECTRON_ALLOWED.some((a) => f.startsWith(a)))
    .filter((f) => IMPORT_ELECTRON.test(readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '')));
  assert.deepEqual(offenders, []);
});

test('the electron-free check recognises an import of electron when it sees one', () => {
  assert.equal(IMPORT_ELECTRON.test("import { app } from 'electron';"), true);
  assert.equal(IMPORT_ELECTRON.test("const { app } = require('electron')"), true);
  assert.equal(IMPORT_ELECTRON.test("import type { WebPreferences } from 'electron';"), true);
  assert.equal(IMPORT_ELECTRON.test("import { x } from './electron-like.js';"), false);
});

test('the Electron layer imports electron types only in the modules that tests load in plain Node', () => {
  for (const f of [
    'main/electron/security-policy.ts',
    'main/electron/ipc.ts',
    'main/electron/secret-store.ts',
    'main/electron/online-events.ts',
    'main/electron/updater.ts',
  ]) {
    const text = readFileSync(f, 'utf8');
    assert.doesNotMatch(text, /import\s+\{[^}]*\}\s+from\s+'electron(-updater)?'/, `${f} must use "import type" from electron and electron-updater`);
  }
});

test('the renderer never reaches Node or the main process directly', () => {
  const offenders = sources('renderer/src').filter((f) =>
    /from\s+['"](node:|fs|path|child_process|better-sqlite3|\.\.\/\.\.\/main\/)/.test(readFileSync(f, 'utf8')),
  );
  assert.deepEqual(offenders, []);
});
