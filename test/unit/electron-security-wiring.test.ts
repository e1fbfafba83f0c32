// Electron security checklist items that are about the wiring in main/electron/main.ts, the Electron
// version and what the sources never do (https://www.electronjs.org/docs/latest/tutorial/security;
// the README's security table names the test for each of the 20 items). main.ts cannot run without
// the Electron binary, so its wiring is read as text: each guard must be installed with the pure
// policy function that window-security.test.ts asserts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { APP_ORIGIN, START_URL } from '../../main/electron/security-policy.js';

/**
 * Electron supports the latest three stable majors. Checked on 2026-12-01 (45.5.0 current on the
 * npm registry): update this list, and package.json, when a new major ships (about every 8 weeks).
 */
const SUPPORTED_ELECTRON_MAJORS = [43, 44, 45];

const main = readFileSync('main/electron/main.ts', 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx|mjs|js|html)$/.test(name) ? [p] : [];
  });
}

test('Electron major is one of the three supported (package.json and the installed typings)', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> };
  const wanted = Number(/\d+/.exec(pkg.devDependencies.electron ?? '')?.[0]);
  assert.ok(SUPPORTED_ELECTRON_MAJORS.includes(wanted), `package.json asks for Electron ${pkg.devDependencies.electron}`);
  const installed = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
  assert.ok(SUPPORTED_ELECTRON_MAJORS.includes(Number(installed.split('.')[0])), `installed Electron ${installed}`);
});

test('the window loads only the app’s own start page, over the secure app:// scheme', () => {
  assert.equal(START_URL, `${APP_ORIGIN}/index.html`);
  assert.match(START_URL, /^app:\/\/fse-desk\//);
  assert.deepEqual(main.match(/\.loadURL\(([^)]*)\)/g), ['.loadURL(START_URL)']);
  assert.doesNotMatch(main, /\.loadFile\(/);
  // The scheme is registered as secure and standard: an https-like origin, not file://.
  assert.match(main, /registerSchemesAsPrivileged\(\[\{ scheme: APP_SCHEME, privileges: \{ standard: true, secure: true/);
});

test('every session permission request and check goes through the deny-all policy', () => {
  assert.match(main, /setPermissionRequestHandler\(\([^)]*\) => callback\(isPermissionGranted\(permission\)\)\)/);
  assert.match(main, /setPermissionCheckHandler\(\([^)]*\) => isPermissionGranted\(permission\)\)/);
});

test('every web contents refuses navigation, redirects and new windows outside the policy', () => {
  assert.match(main, /app\.on\('web-contents-created'/);
  assert.match(main, /'will-navigate', \(event, url\) => \{\s*if \(!isNavigationAllowed\(url\)\) event\.preventDefault\(\);/);
  assert.match(main, /'will-redirect', \(event, url\) => \{\s*if \(!isNavigationAllowed\(url\)\) event\.preventDefault\(\);/);
  assert.match(main, /setWindowOpenHandler\(\(\) => windowOpenPolicy\(\)\)/);
});

test('no <webview> is used: the renderer has none and main refuses to attach one', () => {
  const offenders = ['renderer', 'preload'].flatMap(sources).filter((f) => /<webview|webviewTag\s*[:=]\s*true/i.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
  assert.match(main, /'will-attach-webview', \(event\) => event\.preventDefault\(\)/);
});

test('nothing opens external content (no shell.openExternal anywhere)', () => {
  const offenders = ['main', 'preload', 'renderer'].flatMap(sources).filter((f) => /openExternal\s*\(/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});
