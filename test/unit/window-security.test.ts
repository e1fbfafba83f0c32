import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  START_URL,
  buildWebPreferences,
  buildWindowOptions,
  isNavigationAllowed,
  isPermissionGranted,
  isTrustedSender,
  resolveAppFile,
  windowOpenPolicy,
} from '../../main/electron/security-policy.js';
import { join } from 'node:path';

const prefs = buildWebPreferences('/app/preload.cjs');

test('the renderer runs with context isolation', () => assert.equal(prefs.contextIsolation, true));
test('the renderer runs sandboxed', () => assert.equal(prefs.sandbox, true));
test('the renderer has no Node integration anywhere', () => {
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
});
test('web security stays on and insecure content is refused', () => {
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
});
test('webview tags and experimental features are off', () => {
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.experimentalFeatures, false);
});
test('the preload is the only script given to the window', () => {
  assert.equal(prefs.preload, '/app/preload.cjs');
  assert.equal(buildWindowOptions('/p.cjs').webPreferences?.preload, '/p.cjs');
});

test('the content security policy allows only the app\u2019s own files', () => {
  const directives = Object.fromEntries(
    CONTENT_SECURITY_POLICY.split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v.join(' ')]),
  );
  assert.equal(directives['default-src'], "'none'");
  assert.equal(directives['script-src'], "'self'");
  assert.equal(directives['object-src'], "'none'");
  assert.equal(directives['frame-ancestors'], "'none'");
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|https?:|\*/);
});

test('navigation away from the start page is refused', () => {
  assert.equal(isNavigationAllowed(START_URL), true);
  assert.equal(isNavigationAllowed('https://example.org/'), false);
  assert.equal(isNavigationAllowed('file:///etc/passwd'), false);
  assert.equal(isNavigationAllowed(`${APP_ORIGIN}/other.html`), false);
});

test('window.open is always denied', () => assert.deepEqual(windowOpenPolicy(), { action: 'deny' }));

test('every permission request is refused except desktop notifications', () => {
  for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'midi', 'pointerLock']) assert.equal(isPermissionGranted(p), false, p);
  assert.equal(isPermissionGranted('notifications'), true);
});

test('IPC is accepted only from the app\u2019s own top frame', () => {
  assert.equal(isTrustedSender({ url: START_URL, parent: null }), true);
  assert.equal(isTrustedSender({ url: START_URL, parent: {} }), false);
  assert.equal(isTrustedSender({ url: 'https://evil.example/', parent: null }), false);
  assert.equal(isTrustedSender({ url: 'not a url', parent: null }), false);
  assert.equal(isTrustedSender(null), false);
});

test('app:// requests map to files of the renderer folder and never outside it', () => {
  assert.equal(resolveAppFile(`${APP_ORIGIN}/index.html`, '/r', join), '/r/index.html');
  assert.equal(resolveAppFile(`${APP_ORIGIN}/assets/a.js`, '/r', join), '/r/assets/a.js');
  // The URL parser already resolves dot segments to the root; an encoded slash cannot smuggle one in.
  assert.equal(resolveAppFile(`${APP_ORIGIN}/%2e%2e/secret`, '/r', join), '/r/secret');
  assert.equal(resolveAppFile(`${APP_ORIGIN}/assets%2F..%2F..%2Fsecret`, '/r', join), null);
  assert.equal(resolveAppFile('app://other-host/index.html', '/r', join), null);
  assert.equal(resolveAppFile('https://fse-desk/index.html', '/r', join), null);
});
